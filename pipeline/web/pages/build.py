"""Build and download: "Make a draft" and "Make the final submission", as `coproduce build [--draft]` makes them.

A co-signed response (`organisations:`) lists which organisations have signed the whole submission off and
which are waiting, with a "Sign off for <organisation>" button for the acting person where they may sign for
it: the same function as `coproduce signoff SLUG --by ID` (workflow/signoff.sign_off), the same bytes.

A build is the same function the command line calls (pipeline.build.build, through web/runs.py). What it
wrote is kept in memory for this run, and a download is looked up by name among those files only: no path
ever comes from the request, and only files of the set just made are offered (an earlier set's annex, or
the final's files after a draft, are not).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.build import BuildResult
from pipeline.errors import CoproduceError, Problem
from pipeline.render import formats
from pipeline.web import kit, runs
from pipeline.web.hiding import NOTHING_HIDDEN, Hider, hider_of
from pipeline.workflow.signoff import Standing, may_sign, sign_off, standing

KINDS = {"draft": "a draft", "final": "the final submission"}


@dataclasses.dataclass(frozen=True)
class Made:
    kind: str  # "draft" or "final"
    folder: Path  # the set's folder, from the paths the build wrote
    files: dict[str, Path]  # name as shown (relative to the set's folder) -> the file the build wrote
    left_out: tuple[str, ...]  # what a withdrawal took out, in words
    annexed: tuple[str, ...]  # contributions kept in the confidential annex only
    warnings: tuple[Problem, ...]


_made: dict[tuple[int, str], Made] = {}  # (app, slug) -> the last set this run built


def _key(request: Request, slug: str) -> tuple[int, str]:
    return (id(kit.config(request)), slug)


def made_from(kind: str, result: BuildResult, hide: Hider = NOTHING_HIDDEN) -> Made:
    written = [Path(p) for p in result.written]
    folder = min((p.parent for p in written), key=lambda p: len(p.parts)) if written else Path()
    files = {p.relative_to(folder).as_posix(): p for p in written}
    left_out = hide.all(str(x) for x in result.left_out)  # a note names its file: shown with no private name
    return Made(kind, folder, files, left_out, hide.all(result.annexed), tuple(result.warnings))


def _annex_names() -> tuple[str, ...]:
    return tuple(f.suffix for f in formats().values() if f.document == "annex")


async def page(request: Request) -> Response:
    folder = kit.folder_or_404(request)
    return _page(request, folder, _made.get(_key(request, folder.name)))


def _page(
    request: Request,
    folder: Path,
    made: Made | None,
    *,
    problems: list[Problem] | None = None,
    refused: str | None = None,
    signoff_refused: bool = False,
    status: int = 200,
) -> Response:
    st = kit.state(request)
    shown = kit.plain_all(problems or [], st.root, [folder], on=st.settings_today)
    warnings = kit.plain_all(made.warnings if made else [], st.root, [folder], on=st.settings_today)
    annex = _annex_names()
    signing = _standing(folder, st.settings_today)
    mine = [s.name for s in may_sign(signing, st.acting) if not s.current] if signing else []
    return kit.render(
        request,
        "build.html.j2",
        status=status,
        title=f"Build {folder.name}",
        slug=folder.name,
        made=made,
        kinds=KINDS,
        annex_files=[n for n in (made.files if made else {}) if n.endswith(annex)],
        refused=refused,
        signoff_refused=signoff_refused,
        problems=shown,
        warnings=warnings,
        signoffs=signing.each if signing else (),
        sign_for=mine,
    )


def _standing(folder: Path, today: dt.date) -> Standing | None:
    """Where the sign-offs stand, for a co-signed response that loads; None otherwise (the build says why)."""
    try:
        found = standing(folder, today)
    except CoproduceError:
        return None
    return found if found.each else None


async def signoff(request: Request) -> Response:
    """ "Sign off for <organisation>": `coproduce signoff SLUG --by <who is acting>`."""
    folder = kit.folder_or_404(request)
    await kit.form(request)
    st = kit.state(request)
    if st.acting is None:
        raise HTTPException(400, "Choose who is acting first (Who is acting, at the top of the page).")
    try:
        done = await asyncio.to_thread(sign_off, folder, st.acting, st.settings_today)
    except CoproduceError as exc:
        problems = exc.problems or [Problem("", None, exc.summary or "nothing was signed off", code="serve.stopped")]
        return _page(
            request, folder, _made.get(_key(request, folder.name)), problems=problems, signoff_refused=True, status=422
        )
    names = " and ".join(s.organisation for s in done)
    return kit.see_other(f"/r/{folder.name}/build", flash=f"Signed off for {names} by {st.acting}.")


async def make(request: Request) -> Response:
    folder = kit.folder_or_404(request)
    data = await kit.form(request)
    kind = data.get("kind", "")
    if kind not in KINDS:
        raise HTTPException(400, "Choose one of the two buttons: Make a draft, or Make the final submission.")
    st = kit.state(request)
    try:
        result = await asyncio.to_thread(runs.build, folder, draft=kind == "draft", today=st.settings_today)
    except CoproduceError as exc:
        problems = exc.problems or [Problem("", None, exc.summary or "the build stopped", code="serve.stopped")]
        return _page(request, folder, None, problems=problems, refused=kind, status=422)
    hide = await asyncio.to_thread(hider_of, st.root, [folder], st.settings_today)
    made = made_from(kind, result, hide)
    _made[_key(request, folder.name)] = made
    said = "Made a draft" if kind == "draft" else "Made the final submission"
    return kit.see_other(f"/r/{folder.name}/build", flash=f"{said}: {len(made.files)} files.")


async def download(request: Request) -> Response:
    folder = kit.folder_or_404(request)
    made = _made.get(_key(request, folder.name))
    name = request.path_params["name"]
    if made is None or made.kind != request.path_params["kind"] or name not in made.files:
        raise HTTPException(404, "That file is not part of the last set built here. Make a build first.")
    path = made.files[name]
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError:
        raise HTTPException(404, "That file is no longer there. Make the build again.") from None
    shown = path.name.encode("ascii", "replace").decode("ascii").replace('"', "")
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"content-disposition": f'attachment; filename="{shown}"'},
    )


routes: list[BaseRoute] = [
    Route("/r/{slug}/build", page),
    Route("/r/{slug}/build", make, methods=["POST"]),
    Route("/r/{slug}/signoff", signoff, methods=["POST"]),
    Route("/r/{slug}/download/{kind}/{name:path}", download),
]
