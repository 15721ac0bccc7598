"""A live preview and a status dashboard in the browser: `coproduce serve`.

Built on well-kept parts: Starlette for the web application, uvicorn to serve it,
watchfiles to see saves, and the same renderer, checks and guard as a build.

Safe by construction:
- it listens on 127.0.0.1 only, and refuses a request whose Host is not its own
  name (so a web page elsewhere cannot reach it through DNS rebinding);
- it serves only what it renders: the dashboard, each response's preview (the
  draft HTML, self-contained, passed through the same guard as a build), and the
  outputs of a build it made, chosen from the format registry by name. No path
  ever comes from the request, so there is nothing to traverse;
- the only thing it writes is a draft build into build/<slug>.draft/, when asked;
- people appear only as the model and the status allow: credits as chosen, ids
  elsewhere; a preview that the guard refuses shows the problems, never the page.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
from collections.abc import AsyncIterator
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from pipeline.build import check
from pipeline.errors import CoproduceError, Problem
from pipeline.load.workbench import SHIPPED_TEMPLATES, Workbench
from pipeline.render import formats
from pipeline.render.context import RenderContext
from pipeline.render.guard import guard
from pipeline.render.html_body import SOURCE_MARK
from pipeline.settings import make_settings
from pipeline.workflow.status import ResponseStatus, load_for_status, response_status

HOST = "127.0.0.1"
IGNORED = ("build", ".git", ".venv", "__pycache__")  # folders whose changes are not the user's work


@dataclasses.dataclass
class Preview:
    ok: bool
    html: str
    problems: list[str]


@cache
def _pages() -> jinja2.Environment:
    """The server's own screens (templates/serve/), with the renderer's Jinja2 and autoescape on.

    Always the shipped ones: a workbench's own templates/ change the submission's look, not the tool."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SHIPPED_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def page(name: str, **values: Any) -> str:
    return _pages().get_template(f"serve/{name}").render(**values)


def preview(folder: Path) -> Preview:
    """The response as a draft build would make its HTML, or the problems that stop it."""
    try:
        checked = check(folder, make_settings(draft=True))
        checked.problems.raise_if_errors(draft=True)
        checked.assembly.document = dataclasses.replace(
            checked.assembly.document, meta=dataclasses.replace(checked.assembly.document.meta, draft=True)
        )
        from pipeline.render.html import render_page

        look = checked.workbench.template_dirs
        ctx = RenderContext(templates=look[0], response_dir=checked.response.dir, fallback=look[1:])
        marked = render_page(checked.assembly.document, dataclasses.replace(ctx, source_marks=True), for_pdf=False)
        slug = checked.assembly.document.meta.slug
        leaks = guard(checked, {f"{slug}.html": marked.encode("utf-8")})
        if leaks:
            return Preview(False, "", [str(p) for p in leaks])
        notices = checked.problems.notices(draft=True)
        return Preview(True, beside_their_paragraphs(marked, notices), [str(p) for p in notices])
    except CoproduceError as exc:
        return Preview(False, "", [str(p) for p in exc.problems] or [exc.summary])


NOTE_STYLE = Markup(
    "<style>.coproduce-problem{border-left:4px solid #b00020;background:#fff4f4;color:#1a1a1a;"
    "margin:.5rem 0;padding:.25rem .75rem;font:0.9rem/1.4 sans-serif}"
    ".coproduce-problem ul{margin:0;padding-left:1.2rem}</style>"
)


def beside_their_paragraphs(text: str, problems: list[Problem]) -> str:
    """Put each problem just before the block it is about, using the marks the preview's page carries.

    A problem goes to the innermost block whose lines hold its line; one about no block
    (response.yaml, a person's file) stays in the list above the page only. The marks are removed.
    """
    marks = [
        (match, html.unescape(match["path"]), int(match["line"]), int(match["end"]))
        for match in SOURCE_MARK.finditer(text)
    ]
    at: dict[int, list[Problem]] = {}
    for problem in problems:
        holding = [
            (end - line, n)
            for n, (_, path, line, end) in enumerate(marks)
            if problem.line and path == problem.path and line <= problem.line <= end
        ]
        if holding:
            at.setdefault(min(holding)[1], []).append(problem)
    out, last = [], 0
    for n, (match, *_) in enumerate(marks):
        out.append(text[last : match.start()])
        if n in at:
            items = Markup("").join(Markup("<li>%s</li>") % str(p) for p in at[n])
            out.append(Markup('<aside class="coproduce-problem" role="note"><ul>%s</ul></aside>') % items)
        last = match.end()
    out.append(text[last:])
    return "".join(out).replace("</head>", NOTE_STYLE + "</head>", 1)


def _problems(folder: Path) -> list[Problem]:
    loaded = load_for_status(folder, make_settings().today)
    return sorted(loaded.problems, key=Problem.sort_key)


def _reading(status: ResponseStatus) -> list[str]:
    from pipeline.checks._readability import LONG

    said = []
    for q in status.questions:
        if r := q.reading:
            long = f", {r.long} over {LONG} words" if r.long else ""
            ease = "" if r.ease is None else f", reading ease {r.ease:g}"
            said.append(f"{q.id}: {r.average:g} words a sentence{long}{ease}")
    return said


def dashboard(folders: list[Path]) -> str:
    """Every response's state on one page: ids, never names (the status holds no other)."""
    on = make_settings().today
    shown = []
    for folder in folders:
        status = response_status(folder, on)
        shown.append(
            {
                "slug": status.slug,
                "title": status.title or status.slug,
                "consultation": status.consultation or "",
                "closes": status.closes or "not given",
                "days_left": status.days_left,
                "answered": sum(1 for q in status.questions if q.answered),
                "questions": len(status.questions),
                "unanswered": [q.id for q in status.questions if not q.answered],
                "by_status": ", ".join(f"{len(files)} {state}" for state, files in status.by_status.items()),
                "to_approve": [c.file for c in status.contributions if c.needs_approval],
                "without_consent": [q.contributor for q in status.quotes_without_consent],
                "withdrawn": [w.id for w in status.withdrawn],
                "hours": f"{status.hours.person_hours:g}" if status.hours else "",
                "reading": _reading(status),
                "problems": [str(p) for p in _problems(folder)],
            }
        )
    return page("dashboard.html.j2", title="coproduce: responses", responses=shown)


def preview_shell(slug: str) -> str:
    downloads = [(f.name, f.name.upper()) for f in formats().values() if not f.folder]
    return page("preview.html.j2", title=f"Preview: {slug}", slug=slug, downloads=downloads)


def make_app(root: Path, folders: list[Path], port: int, *, watch: bool = True) -> Any:
    """The web application. `folders` are the responses shown; `port` is where it listens."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
    from starlette.routing import Route

    by_slug = {f.name: f for f in folders}

    def folder_of(request: Request) -> Path | None:
        return by_slug.get(request.path_params["slug"])  # only a known slug: never a path from the request

    async def home(request: Request) -> Response:
        return HTMLResponse(await asyncio.to_thread(dashboard, folders))

    async def preview_page(request: Request) -> Response:
        if folder_of(request) is None:
            return HTMLResponse("No such response", status_code=404)
        return HTMLResponse(preview_shell(request.path_params["slug"]))

    async def preview_api(request: Request) -> Response:
        folder = folder_of(request)
        if folder is None:
            return JSONResponse({"ok": False, "html": "", "problems": ["no such response"]}, status_code=404)
        result = await asyncio.to_thread(preview, folder)
        return JSONResponse(dataclasses.asdict(result))

    async def build_it(request: Request) -> Response:
        folder = folder_of(request)
        if folder is None:
            return HTMLResponse("No such response", status_code=404)
        from pipeline.build import build

        try:
            await asyncio.to_thread(build, folder, make_settings(draft=True))
        except CoproduceError as exc:
            slug = request.path_params["slug"]
            shown = [str(p) for p in exc.problems] or [exc.summary]
            return HTMLResponse(page("not-built.html.j2", title="Not built", slug=slug, problems=shown), 422)
        return RedirectResponse(f"/preview/{request.path_params['slug']}", status_code=303)

    async def download(request: Request) -> Response:
        folder = folder_of(request)
        fmt = formats().get(request.path_params["format"])
        if folder is None or fmt is None:
            return HTMLResponse("Not found", status_code=404)
        from pipeline.build import output_folder

        path = output_folder(Workbench(root).root, folder.name, draft=True) / f"{folder.name}{fmt.suffix}"
        if not path.is_file():
            return HTMLResponse("Not built yet: use the build button", status_code=404)
        return Response(
            path.read_bytes(),
            media_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{path.name}"'},
        )

    async def events(request: Request) -> Response:
        async def stream() -> AsyncIterator[str]:
            yield ": connected\n\n"
            if not watch:
                return
            from watchfiles import awatch

            async for changes in awatch(root, watch_filter=_user_files):
                if await request.is_disconnected():
                    break
                yield f"data: {len(changes)}\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream")

    routes = [
        Route("/", home),
        Route("/preview/{slug}", preview_page),
        Route("/api/preview/{slug}", preview_api),
        Route("/build/{slug}", build_it, methods=["POST"]),
        Route("/download/{slug}/{format}", download),
        Route("/events", events),
    ]
    # against DNS rebinding: only our own names (the port is ours by construction)
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=[HOST, "localhost"])]
    return Starlette(routes=routes, middleware=middleware)


def _user_files(change: Any, path: str) -> bool:
    """Saves to contributions, people, response.yaml and templates; not outputs, git or caches."""
    parts = Path(path).parts
    return not any(p in IGNORED or p.startswith(".") for p in parts[-6:-1]) and not path.endswith((".lock", ".part"))
