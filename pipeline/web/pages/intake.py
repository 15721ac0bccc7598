"""Volunteers' files: upload one, or read the shared folder (`coproduce intake`), and file what waits unsorted.

Everything goes through the intake rules (`workflow/intake/`): an upload is taken in from a private
temporary folder under a name made of ids and its hash (`workflow/intake/upload.py`), the shared folder
by the same `Intake` run as the command, and an unsorted draft is filed by the function `coproduce
assign` calls (`workflow/filing.py`). Nothing uploaded is served back. The report is said in plain
words; file names from a shared folder are volunteers' own and may hold a name nobody chose to have
shown, so every string of the report passes through the privacy matcher first, and an unsorted draft
is named on the page by a number, never by its file name.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import CoproduceError
from pipeline.load.unsorted import read_draft, unsorted_files
from pipeline.load.workbench import Workbench
from pipeline.web import kit
from pipeline.web.addresses import contribution_url
from pipeline.web.pages import _work
from pipeline.workflow.intake.gather import Outcome
from pipeline.workflow.intake.refusal import Refused

WORDS = {
    "taken in": "Taken in",
    "unsorted": "Waiting to be filed",
    "already": "Already taken in",
    "refused": "Not taken in",
}


UNSORTED_FIX = "read it, then choose its question and who wrote it under Waiting to be filed, below"


def hider(root: Path, folder: Path, today: dt.date) -> Any:
    """Masks any private name or address in a string (web/hiding.py, the pages' one rule; ids stay)."""
    from pipeline.web.hiding import hider_of

    return hider_of(root, [folder], today)


def report(outcomes: list[Outcome], hide: Any) -> list[dict[str, Any]]:
    """Each file's outcome in plain words, every string masked."""
    out = []
    for o in outcomes:
        said = {
            "status": WORDS[o.status],
            "source": hide(o.source),
            "became": hide(o.became),
            "message": hide(o.message),
            "fix": UNSORTED_FIX if o.status == "unsorted" else hide(o.fix),
            "placed_by": hide(o.placed_by),
            "notes": [hide(n) for n in o.notes],
            "marked": [hide(m) for m in o.marked],
            "earlier": hide(f"on {o.earlier.taken_in[:10]} as {o.earlier.became}") if o.earlier else "",
            "revision_of": hide(o.revision_of),
            "changes": [hide(c) for c in o.changes],
            "decided": hide(o.decided),
            "change": o.change,
            "key": source_key(o.source) if o.change else "",
        }
        out.append(said)
    return out


def source_key(source: str) -> str:
    """How a form names a file taken in (its name may hold a private name): a hash, looked up in the record."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def draft_key(path: Path) -> str:
    """How a form names an unsorted draft: a hash of its file name, looked up among the drafts only."""
    return hashlib.sha256(path.name.encode("utf-8")).hexdigest()[:16]


def page_values(root: Path, folder: Path, today: dt.date) -> dict[str, Any]:
    from pipeline.load.workbench import load_partial

    wb, response, _ = load_partial(folder)
    hide = hider(root, folder, today)
    drafts = []
    for n, path in enumerate(unsorted_files(folder), start=1):
        front, _ = read_draft(path)
        said_by = front.get("by")
        known_by = said_by if isinstance(said_by, list) else []
        drafts.append(
            {
                "key": draft_key(path),
                "number": n,
                "name": hide(path.name),
                "answers": str(front.get("answers") or ""),
                "by": [str(p) for p in known_by],
            }
        )
    return {
        "slug": folder.name,
        "drafts": drafts,
        "questions": [(q.id, f"{q.id}: {q.text}") for q in response.data.questions] if response else [],
        "people": _work.people_choices(wb, today),
    }


def _render(request: Request, status: int = 200, **extra: Any) -> Response:
    st = kit.state(request)
    folder = kit.folder_or_404(request)
    values = page_values(st.root, folder, st.settings_today)
    values.update({"errors": [], "field_errors": {}, "outcomes": [], "shared": "", **extra})
    return kit.render(request, "intake.html.j2", status=status, title="Volunteers' files", **values)


async def intake_page(request: Request) -> Response:
    return await asyncio.to_thread(_render, request)


def _refused(request: Request, field: str, message: str, fix: str, **extra: Any) -> Response:
    said = message + (f": {fix}" if fix else "")
    return _render(request, 400, errors=[{"field": field, "text": said}], field_errors={field: said}, **extra)


async def upload(request: Request) -> Response:
    from pipeline.workflow.intake.upload import MAX_UPLOAD, Upload, take_upload

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    async with request.form(max_files=1, max_fields=20) as form:
        sent = form.get("file")
        question = str(form.get("question") or "")
        by = str(form.get("by") or "")
        if not isinstance(sent, UploadFile) or not sent.filename:
            return await asyncio.to_thread(
                _refused, request, "file", "no file was chosen", "choose the volunteer's .docx or .odt file"
            )
        data = await sent.read(MAX_UPLOAD + 1)
        given = sent.filename
    item = Upload(data, given, question, by)

    def run() -> Response:
        try:
            with _work.WRITING:
                outcomes = take_upload(Workbench(st.root), folder, item, st.settings_today)
        except Refused as exc:
            return _refused(request, "file", exc.message, exc.fix)
        except CoproduceError as exc:
            p = exc.problems[0] if exc.problems else None
            return _refused(request, "file", p.message if p else exc.summary, p.fix if p else "")
        shown = report(outcomes, hider(st.root, folder, st.settings_today))
        status = 400 if any(o.status == "refused" for o in outcomes) else 200
        return _render(request, status, outcomes=shown)

    return await asyncio.to_thread(run)


async def read_shared(request: Request) -> Response:
    from pipeline.workflow.intake.run import Intake, started
    from pipeline.workflow.starting import refuse_overlap

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    data = await kit.form(request)
    typed = data.get("shared", "").strip()

    def run() -> Response:
        shared = Path(typed).expanduser() if typed else None
        if shared is None or not shared.is_dir():
            return _refused(
                request,
                "shared",
                "that is not a folder on this computer",
                "give the folder the volunteers share",
                shared=typed,
            )
        wb = Workbench(st.root)
        try:
            refuse_overlap(shared, folder, wb.shown(folder))
            with _work.WRITING:
                outcomes = Intake(wb, folder, started(st.settings_today)).run(shared)  # as coproduce intake
        except CoproduceError as exc:
            p = exc.problems[0]
            return _refused(request, "shared", p.message, p.fix, shared=typed)
        shown = report(outcomes, hider(st.root, folder, st.settings_today))
        nothing = [] if outcomes else [{"status": "Nothing to take in", "source": "no .docx, .odt, .md or .txt files"}]
        return _render(request, 200, outcomes=shown or nothing, shared=typed)

    return await asyncio.to_thread(run)


async def file_draft(request: Request) -> Response:
    from pipeline.workflow.filing import file_contribution
    from pipeline.workflow.support import warnings_in_file

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    data = await kit.form(request)
    key = data.get("draft", "")
    path = next((p for p in unsorted_files(folder) if draft_key(p) == key), None)
    if path is None:
        raise HTTPException(404, "There is no such draft waiting to be filed (perhaps it was filed already).")
    question, by = data.get("question", "").strip(), data.get("by", "").strip()

    def run() -> Response:
        try:
            with _work.WRITING:
                new = file_contribution(
                    Workbench(st.root), path, question or None, None, (by,) if by else (), today=st.settings_today
                )
        except CoproduceError as exc:
            p = exc.problems[0]
            return _refused(request, f"by-{key}" if "wrote" in p.message else f"question-{key}", p.message, p.fix)
        said = hider(st.root, folder, st.settings_today)(f"Filed as {new.name}, still a draft.")
        done = kit.see_other(contribution_url(folder.name, new.name), flash=said)
        for warning in warnings_in_file(st.root, new):  # as  coproduce assign  warns
            kit.flash(warning)
        return done

    return await asyncio.to_thread(run)


async def change_decision(request: Request) -> Response:
    """A new version made a contribution of its own, or a second answer a new version: `coproduce intake
    --separate` / `--revision`, by the same functions (`workflow/intake/revising.py`)."""
    from pipeline.workflow.editing import loaded
    from pipeline.workflow.intake import revising
    from pipeline.workflow.intake.record import load_record

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    data = await kit.form(request)
    key, make = data.get("key", ""), data.get("make", "")
    if make not in ("separate", "revision"):
        raise HTTPException(400, "Choose one of the buttons.")

    def run() -> Response:
        wb = Workbench(st.root)
        hide = hider(st.root, folder, st.settings_today)
        try:
            with _work.WRITING:
                record = load_record(folder, wb.shown(folder / "intake" / "record.yaml"))
                source = next((e.source for e in record.entries if source_key(e.source) == key), None)
                if source is None:
                    raise HTTPException(404, "That file is not in the intake record.")
                if make == "separate":
                    questions = [q.id for q in loaded(wb, folder).data.questions]
                    _, now = revising.separate(folder, record, source, wb.shown(folder), questions)
                    said = f"It is now a contribution of its own, {now}; the earlier one has its text back."
                else:
                    now = revising.join(folder, record, source, wb.shown(folder))
                    said = f"It is now a new version of {now}; the earlier text is kept in the intake record."
        except CoproduceError as exc:
            p = exc.problems[0]
            return _refused(request, "change", p.message, p.fix)
        return kit.see_other(f"/r/{folder.name}/intake", flash=hide(said))

    return await asyncio.to_thread(run)


async def template(request: Request) -> Response:
    """The Word template of this response (`coproduce intake --template RESPONSE`), made in memory and sent as a
    download named by the response's slug; asked for by a POST, like the workbench's other downloads."""
    from pipeline.web.pages.person_files import attachment
    from pipeline.workflow.editing import loaded
    from pipeline.workflow.intake.run import started
    from pipeline.workflow.intake.template import response_template_bytes

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    await kit.form(request)

    def make() -> bytes:
        return response_template_bytes(loaded(Workbench(st.root), folder), started(st.settings_today))

    try:
        data = await asyncio.to_thread(make)
    except CoproduceError as exc:
        p = exc.problems[0]
        return await asyncio.to_thread(_refused, request, "template", p.message, p.fix)
    return attachment(f"{folder.name}-template.docx", data)


routes: list[BaseRoute] = [
    Route("/r/{slug}/intake", intake_page),
    Route("/r/{slug}/intake/upload", upload, methods=["POST"]),
    Route("/r/{slug}/intake/shared", read_shared, methods=["POST"]),
    Route("/r/{slug}/intake/file", file_draft, methods=["POST"]),
    Route("/r/{slug}/intake/change", change_decision, methods=["POST"]),
    Route("/r/{slug}/intake/template", template, methods=["POST"]),
]
