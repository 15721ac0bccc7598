"""The contribution page's forms: its text, its pictures' alt text, who wrote it, where it goes, approval.

Each is a plain form POST (CSRF-checked by the security layer) calling the function the command line
calls: `workflow/editing.py` for the words, `workflow/filing.py` (`coproduce assign`) to move it,
`workflow/approval.py` (`coproduce approve`) to approve it as the acting person. A save is refused, with
what was typed kept, if the file changed on disk since the page was made; then the page shows the
contribution's problems as `coproduce check` finds them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import CoproduceError
from pipeline.load.workbench import Contribution, Workbench
from pipeline.web import kit
from pipeline.web.addresses import contribution_url
from pipeline.web.pages import _work
from pipeline.web.pages.contributions import contribution_page

CHANGED = (
    "The file was changed by someone else after you opened this page, so your change was not saved. "
    "Your text is kept below: copy it, open the page again and make your change there."
)


def _said(exc: CoproduceError) -> list[str]:
    return [f"{p.message}" + (f"; {p.fix}" if p.fix else "") for p in exc.problems] or [exc.summary]


async def _act(
    request: Request, field: str, action: Callable[[Workbench, Path, Contribution, dict[str, str]], str]
) -> Response:
    """Run `action` on the contribution named in the address; a refusal shows the page again, typed text kept."""
    st = kit.state(request)
    folder = kit.folder_or_404(request)
    cid = request.path_params["cid"]
    data = await kit.form(request)

    def run() -> str | Response:
        wb = Workbench(st.root)
        try:
            _, c = _work.contribution_by_id(wb, folder, cid)
        except CoproduceError:
            return contribution_page(request, status=409)
        if data.get("was") and data["was"] != _work.body_hash(c.path):
            return contribution_page(request, status=409, errors=[{"field": field, "text": CHANGED}], typed=data)
        try:
            return action(wb, folder, c, data)
        except CoproduceError as exc:
            said = _said(exc)
            errors = [{"field": field, "text": text} for text in said]
            return contribution_page(request, status=400, errors=errors, field_errors={field: said[0]}, typed=data)

    def locked() -> str | Response:
        with _work.WRITING:
            return run()

    done = await asyncio.to_thread(locked)
    if isinstance(done, Response):
        return done
    url, said = done.split("\n", 1)
    from pipeline.web.hiding import hider_of

    hide = await asyncio.to_thread(hider_of, st.root, [folder], st.settings_today)
    return kit.see_other(url, flash=hide(said))  # it names files, which may be named after a person


def _save_text(wb: Workbench, folder: Path, c: Contribution, data: dict[str, str]) -> str:
    from pipeline.workflow.editing import save_text

    save_text(c, data.get("body", ""))
    return f"{contribution_url(folder.name, c.name)}\nSaved the text of {c.name}."


def _save_pictures(wb: Workbench, folder: Path, c: Contribution, data: dict[str, str]) -> str:
    from pipeline.workflow.editing import save_text, split_raw, with_alt_texts

    _, body, _ = split_raw(c.path)
    alts = {int(k.removeprefix("alt-")): v for k, v in data.items() if k.startswith("alt-") and k[4:].isdigit()}
    save_text(c, with_alt_texts(body, alts))
    return f"{contribution_url(folder.name, c.name)}\nSaved the pictures' alt text."


def _save_writers(today: dt.date, wb: Workbench, folder: Path, c: Contribution, data: dict[str, str]) -> str:
    from pipeline.workflow.editing import set_writers

    ticked = [key.removeprefix("by-") for key, value in data.items() if key.startswith("by-") and value]
    chosen = [pid for pid in c.meta.by if pid in ticked] + [pid for pid in ticked if pid not in c.meta.by]
    set_writers(wb, c, chosen, today)  # the same rules as  coproduce add --by: contributors taking part today
    new = [pid for pid in chosen if pid not in c.meta.by]  # as  coproduce handover  warns the one it goes to
    _warn(wb, c.path, new)
    return f"{contribution_url(folder.name, c.name)}\nSaved who wrote {c.name}: {', '.join(dict.fromkeys(chosen))}."


def _warn(wb: Workbench, path: Path, pids: list[str] | None = None) -> None:
    """The warnings `add`, `assign` and `handover` print, shown to this coordinator once after the change."""
    from pipeline.workflow.support import warnings_in_file

    for warning in warnings_in_file(wb.root, path, pids):
        kit.flash(warning)


def _move(today: dt.date, wb: Workbench, folder: Path, c: Contribution, data: dict[str, str]) -> str:
    from pipeline.workflow.filing import file_contribution

    new = file_contribution(wb, c.path, data.get("question", "").strip() or None, None, today=today)
    _warn(wb, new)  # as  coproduce assign  warns
    return f"{contribution_url(folder.name, new.name)}\nMoved {c.name} to {data.get('question')}: it is now {new.name}."


def _approver(request: Request) -> Callable[[Workbench, Path, Contribution, dict[str, str]], str]:
    acting = kit.state(request).acting

    def approve_it(wb: Workbench, folder: Path, c: Contribution, data: dict[str, str]) -> str:
        from pipeline.errors import UsageError
        from pipeline.workflow.approval import approve

        if acting is None:
            raise UsageError("choose who you are first", "use  Who is acting  at the top", code="usage.no-author")
        done = approve(wb.root, [c.path], acting, kit.state(request).settings_today)
        a, here = done[0], contribution_url(folder.name, c.name)
        if a.already:
            return f"{here}\n{c.name} was already approved by {a.before.by} on {a.before.on}."
        return f"{here}\nRecorded: {c.name} approved by {a.by} on {a.on}."

    return approve_it


async def save_text(request: Request) -> Response:
    return await _act(request, "body", _save_text)


async def save_pictures(request: Request) -> Response:
    return await _act(request, "alt-1", _save_pictures)


async def save_writers(request: Request) -> Response:
    return await _act(request, "by", partial(_save_writers, kit.state(request).settings_today))


async def move(request: Request) -> Response:
    return await _act(request, "question", partial(_move, kit.state(request).settings_today))


async def approve(request: Request) -> Response:
    return await _act(request, "approve", _approver(request))


routes: list[BaseRoute] = [
    Route("/r/{slug}/c/{cid}/text", save_text, methods=["POST"]),
    Route("/r/{slug}/c/{cid}/pictures", save_pictures, methods=["POST"]),
    Route("/r/{slug}/c/{cid}/by", save_writers, methods=["POST"]),
    Route("/r/{slug}/c/{cid}/move", move, methods=["POST"]),
    Route("/r/{slug}/c/{cid}/approve", approve, methods=["POST"]),
]
