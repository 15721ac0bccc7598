"""Review in Word (issue 21): a reviewed copy of a build sent back, its suggestions and notes decided, and
the people whose words changed asked to confirm.

Each action calls the command's own function: the upload `workflow.review.record.review` (as `coproduce
review FILE.docx RESPONSE`), Accept and Reject `workflow.review.apply.decide` (`review accept|reject`),
the answers `workflow.review.confirm.answer` (`confirmations record|decline --keep-original|--leave-out`). The upload
meets the intake upload's refusals (`workflow.intake.upload.refuse_early`: kind, size, empty) and is read
from a private temporary folder under a name of its hash; its own name is never kept. The open items are
the lines `status` shows (`record.open_items`); comment words and contributions' words may hold a name,
so every one passes through web/hiding before it is shown.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import CoproduceError
from pipeline.load.workbench import Workbench
from pipeline.render import part_files
from pipeline.vocabulary import ID
from pipeline.web import kit
from pipeline.web.addresses import contribution_id
from pipeline.web.pages import _work
from pipeline.workflow.intake.refusal import Refused

SUGGESTION = re.compile(r"s\d+")
# the button -> (declined, leave_out): a decline puts their earlier words back, or leaves the contribution out
ANSWERS = {"record": (False, False), "decline": (True, False), "leave-out": (True, True)}


def _hide(root: Path, folder: Path, today: dt.date) -> Any:
    from pipeline.web.hiding import hider_of

    return hider_of(root, [folder], today)


def page_values(root: Path, folder: Path, today: dt.date) -> dict[str, Any]:
    from pipeline.workflow.review.confirm import left_out_at_request, to_ask
    from pipeline.workflow.review.record import open_items

    hide = _hide(root, folder, today)
    files = []
    for file, lines in sorted(open_items(folder).items()):
        items = []
        for line in lines:
            sid = line.split(":", 1)[0]
            items.append({"text": hide(line), "sid": sid if SUGGESTION.fullmatch(sid) else ""})
        files.append({"file": hide(file), "items": items})
    try:
        asked = to_ask(folder, today)
    except CoproduceError as exc:  # the response does not load: its problems say why, the page stays up
        told = kit.plain_all(exc.problems, root, [folder], on=today)
        return {"files": files, "asked": [], "asked_problems": told, "kept_out": []}
    shown = [
        {
            "pid": a.who.pid,
            "file": hide(a.contribution.name),  # a file may be named after someone: shown masked,
            "cid": contribution_id(a.contribution.name),  # and sent back as its opaque id (web/addresses)
            "what": "their words" if a.who.author else "their quote",
            "since": str(a.who.seen.on),
            "before": hide(a.before) if a.before is not None else None,
            "after": hide(a.after),
        }
        for a in asked
    ]
    kept_out = [
        {"cid": contribution_id(file), "shown": hide(file), "pid": pid} for file, pid in left_out_at_request(folder)
    ]
    return {"files": files, "asked": shown, "asked_problems": [], "kept_out": kept_out}


def _render(request: Request, status: int = 200, **extra: Any) -> Response:
    st = kit.state(request)
    folder = kit.folder_or_404(request)
    values = page_values(st.root, folder, st.settings_today)
    values = {"slug": folder.name, "field_errors": {}, "problems": [], **values, **extra}
    return kit.render(request, "review_word.html.j2", status=status, title="Review in Word", **values)


async def page(request: Request) -> Response:
    return await asyncio.to_thread(_render, request)


def _refused(request: Request, message: str, fix: str) -> Response:
    said = message + (f": {fix}" if fix else "")
    return _render(request, 400, errors=[{"field": "file", "text": said}], field_errors={"file": said})


def _problems(request: Request, exc: CoproduceError) -> Response:
    st = kit.state(request)
    folder = kit.folder_or_404(request)
    told = kit.plain_all(exc.problems, st.root, [folder], on=st.settings_today)
    errors = [{"field": None, "text": f"{p.what}: {p.fix}" if p.fix else p.what} for p in told]
    return _render(request, 400, errors=errors, problems=told)


def read_upload(folder: Path, data: bytes, given: str, today: dt.date, shown: str) -> Any:
    """The intake upload's refusals, then `coproduce review` on the bytes, read from a private temporary file."""
    from pipeline.settings import make_settings
    from pipeline.workflow.intake.gather import WRONG_KIND
    from pipeline.workflow.intake.upload import Upload, ending, refuse_early
    from pipeline.workflow.review.record import review

    suffix = ending(given)
    if suffix != ".docx":  # the intake takes .odt too; a reviewed copy is read from Word's own format only
        raise Refused(
            WRONG_KIND.get(suffix)
            or f"a reviewed copy must be a Word (.docx) file, not {suffix or 'one with no ending'}",
            "open it in Word or LibreOffice, save it as Word Document (.docx) with its tracked changes, and send that",
            code="intake.wrong-kind",
        )
    refuse_early(Upload(data, given))  # the intake upload's own refusals: empty, too big
    with part_files.staging("review") as staging:
        path = Path(staging) / f"reviewed-{hashlib.sha256(data).hexdigest()[:12]}.docx"
        path.write_bytes(data)
        path.chmod(0o600)  # data, never run
        with _work.WRITING:
            return review(path, shown, folder, make_settings(today=today))


async def upload(request: Request) -> Response:
    from pipeline.workflow.intake.upload import MAX_UPLOAD

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    async with request.form(max_files=1, max_fields=5) as form:
        sent = form.get("file")
        if not isinstance(sent, UploadFile) or not sent.filename:
            return await asyncio.to_thread(
                _refused, request, "no file was chosen", "choose the reviewed copy (.docx) the reviewer sent back"
            )
        data = await sent.read(MAX_UPLOAD + 1)
        given = sent.filename
    hide = _hide(st.root, folder, st.settings_today)
    shown = hide(PureWindowsPath(PurePosixPath(given.replace("\x00", "")).name).name) or "the reviewed copy"

    def run() -> Response:
        try:
            result = read_upload(folder, data, given, st.settings_today, shown)
        except Refused as exc:
            return _refused(request, hide(exc.message), hide(exc.fix))
        except CoproduceError as exc:
            return _problems(request, exc)
        said = (
            f"Read {shown}: {len(result.suggestions)} suggestion(s), {len(result.notes)} note(s)"
            + (f", {len(result.unsorted)} not placed" if result.unsorted else "")
            + ". Nothing is changed until you accept a suggestion."
        )
        if not (result.suggestions or result.notes or result.unsorted):
            said = f"Read {shown}: no changes and no comments were found."
        return kit.see_other(f"/r/{folder.name}/review", flash=said)

    return await asyncio.to_thread(run)


async def decide(request: Request) -> Response:
    from pipeline.workflow.review.apply import decide as decide_them

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    data = await kit.form(request)
    sid, decision = data.get("sid", ""), data.get("decision", "")
    if not SUGGESTION.fullmatch(sid) or decision not in ("accept", "reject"):
        raise HTTPException(400, "Choose Accept or Reject beside one of the suggestions listed.")

    def run() -> Response:
        shown = Workbench(st.root).shown(folder / "response.yaml")
        try:
            with _work.WRITING:
                done = decide_them(folder, [sid], decision == "accept", shown, st.settings_today)
        except CoproduceError as exc:
            return _problems(request, exc)
        a = done[0]
        file = _hide(st.root, folder, st.settings_today)(a.file)  # a file may be named after someone
        if a.already:
            said = f"{a.sid} ({file}) was already {a.state}; nothing changed."
        elif a.state == "accepted":
            said = f"{a.sid} accepted: written into {file}. It needs approving again."
        else:
            said = f"{a.sid} rejected."
        return kit.see_other(f"/r/{folder.name}/review", flash=said)

    return await asyncio.to_thread(run)


async def confirm(request: Request) -> Response:
    from pipeline.workflow.review.confirm import answer, said

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    data = await kit.form(request)
    cid, pid, choice = data.get("file", ""), data.get("pid", ""), data.get("answer", "")
    # the form names a contribution by its opaque id: looked up among the response's files, never a path
    file = next((p.name for p in sorted(folder.glob("*.md")) if contribution_id(p.name) == cid), None)
    if not ID.fullmatch(pid) or choice not in ANSWERS or file is None:
        raise HTTPException(400, "Choose an answer beside one of the people listed.")

    def run() -> Response:
        try:
            with _work.WRITING:
                declined, leave_out = ANSWERS[choice]
                done, restored = answer(folder, file, pid, st.settings_today, declined=declined, leave_out=leave_out)
        except CoproduceError as exc:
            return _problems(request, exc)
        hide = _hide(st.root, folder, st.settings_today)  # the message names the file, which may name someone
        return kit.see_other(f"/r/{folder.name}/review", flash=hide(said(pid, done, restored, file, folder.name)))

    return await asyncio.to_thread(run)


routes: list[BaseRoute] = [
    Route("/r/{slug}/review", page),
    Route("/r/{slug}/review/upload", upload, methods=["POST"]),
    Route("/r/{slug}/review/decide", decide, methods=["POST"]),
    Route("/r/{slug}/review/confirm", confirm, methods=["POST"]),
]
