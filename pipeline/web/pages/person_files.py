"""A person's own files from their record page: the information and consent sheet, and the letter about what
happened to each response they took part in.

Both hold that person's name, so they are offered on their record page alone, asked for by a POST (CSRF
and Origin checked by the security layer), made in memory by the command's own functions
(`workflow.sheet.render_sheet`, `workflow.tell_files.letter_files`) and sent as an attachment that no
cache keeps. The file is picked from what the function returned, by the kind and format asked; nothing
from the request is ever a path. Giving the sheet records its wording in their file, as the command does.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import CoproduceError
from pipeline.vocabulary import ID
from pipeline.web import kit

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}


def attachment(name: str, data: bytes) -> Response:
    """The bytes as a download named `name` (made of ids only), kept by no cache."""
    suffix = name.rsplit(".", 1)[-1]
    return Response(
        data,
        media_type=FORMATS[suffix],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def letter_choices(folders: dict[str, Path], pid: str) -> list[str]:
    """The served responses `pid` took part in: the letters their record page offers."""
    from pipeline.load.workbench import load_partial
    from pipeline.workflow.tell import involved

    found = []
    for slug, folder in sorted(folders.items()):
        _, response, _ = load_partial(folder)
        if response is not None and involved(response, pid):
            found.append(slug)
    return found


def make_sheet(root: Path, pid: str, today: dt.date, easy_read: bool, fmt: str) -> tuple[str, bytes]:
    """The sheet's one file asked for, and its wording recorded in their file (as `coproduce sheet` does)."""
    from pipeline.workflow.sheet import record_sheet, render_sheet
    from pipeline.workflow.yamllist import EDITS

    rendered = render_sheet(root, pid, today, easy_read=easy_read)
    name = next(n for n in rendered.files if n.endswith("." + fmt))
    with EDITS:  # the people pages' one lock on a person's file
        record_sheet(root, rendered.person_file, rendered.wording)
    return name, rendered.files[name]


def make_letter(folder: Path, pid: str, today: dt.date, easy: bool, fmt: str) -> tuple[str, bytes]:
    """One file of the letter `coproduce tell` writes (guarded against every private name before it is sent)."""
    from pipeline.load.workbench import load
    from pipeline.workflow.tell_files import letter_files

    wb, response = load(folder)
    outputs = letter_files(wb, response, pid, today, easy=easy, pdf=fmt == "pdf")
    name = next(n for n in outputs if n.endswith("." + fmt))
    return name, outputs[name]


def _pid(request: Request, root: Path) -> str:
    pid = request.path_params["pid"]
    if not isinstance(pid, str) or not ID.fullmatch(pid) or not any((root / "contributors").glob(f"{pid}.y*ml")):
        raise HTTPException(404, "There is nobody with that id in this workbench.")
    return pid


def _refused(request: Request, pid: str, what: str, exc: CoproduceError) -> Response:
    st = kit.state(request)
    told = kit.plain_all(exc.problems, st.root, st.folders.values(), on=st.settings_today)
    said = "; ".join(f"{p.what}: {p.fix}" for p in told[:3])
    return kit.see_other(f"/people/{pid}", flash=f"The {what} was not made. {said}")


async def sheet(request: Request) -> Response:
    st = kit.state(request)
    pid = _pid(request, st.root)
    data = await kit.form(request)
    fmt = data.get("format", "")
    if fmt not in ("pdf", "docx"):
        raise HTTPException(400, "Choose PDF or Word.")
    easy = data.get("version") == "easy-read"
    try:
        name, made = await asyncio.to_thread(make_sheet, st.root, pid, st.settings_today, easy, fmt)
    except CoproduceError as exc:
        return _refused(request, pid, "sheet", exc)
    return attachment(name, made)


async def letter(request: Request) -> Response:
    st = kit.state(request)
    pid = _pid(request, st.root)
    data = await kit.form(request)
    fmt = data.get("format", "")
    folder = st.folders.get(data.get("response", ""))
    if fmt not in FORMATS or folder is None:
        raise HTTPException(400, "Choose one of the responses listed and PDF, Word or text.")
    if data.get("response") not in await asyncio.to_thread(letter_choices, st.folders, pid):
        raise HTTPException(400, f"{pid} took part in no such response.")
    easy = data.get("version") == "easy-read"
    try:
        name, made = await asyncio.to_thread(make_letter, folder, pid, st.settings_today, easy, fmt)
    except CoproduceError as exc:
        return _refused(request, pid, "letter", exc)
    return attachment(name, made)


routes: list[BaseRoute] = [
    Route("/people/{pid}/sheet", sheet, methods=["POST"]),
    Route("/people/{pid}/letter", letter, methods=["POST"]),
]
