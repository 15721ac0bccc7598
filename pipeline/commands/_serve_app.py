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
- the only thing it writes is a draft build into build/<slug>/, when asked;
- people appear only as the model and the status allow: credits as chosen, ids
  elsewhere; a preview that the guard refuses shows the problems, never the page.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from pipeline.checks import check_response
from pipeline.errors import CoproduceError, Problem
from pipeline.load.workbench import Workbench
from pipeline.render import formats
from pipeline.render.context import RenderContext
from pipeline.render.guard import guard
from pipeline.vocabulary import today
from pipeline.workflow.status import load_for_status, response_status

HOST = "127.0.0.1"
IGNORED = ("build", ".git", ".venv", "__pycache__")  # folders whose changes are not the user's work


@dataclasses.dataclass
class Preview:
    ok: bool
    html: str
    problems: list[str]


def preview(folder: Path) -> Preview:
    """The response as a draft build would make its HTML, or the problems that stop it."""
    try:
        checked = check_response(folder, draft=True)
        checked.problems.raise_if_errors(draft=True)
        checked.assembly.document = dataclasses.replace(
            checked.assembly.document, meta=dataclasses.replace(checked.assembly.document.meta, draft=True)
        )
        from pipeline.render.html import render_page

        look = checked.workbench.template_dirs
        ctx = RenderContext(templates=look[0], response_dir=checked.response.dir, fallback=look[1:])
        page = render_page(checked.assembly.document, ctx, for_pdf=False)
        leaks = guard(checked, {f"{checked.assembly.document.meta.slug}.html": page.encode("utf-8")})
        if leaks:
            return Preview(False, "", [str(p) for p in leaks])
        notices = [str(p) for p in checked.problems.notices(draft=True)]
        return Preview(True, page, notices)
    except CoproduceError as exc:
        return Preview(False, "", [str(p) for p in exc.problems] or [exc.summary])


def _problems(folder: Path) -> list[Problem]:
    loaded = load_for_status(folder, today())
    return sorted(loaded.problems, key=Problem.sort_key)


def _page(title: str, body: Markup, script: Markup | None = None) -> str:
    return str(
        Markup(
            '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><title>%s</title>'
            "<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.5}"
            "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left}"
            ".late{color:#b00020;font-weight:bold}.problems li{font-family:monospace}"
            "iframe{width:100%%;height:80vh;border:1px solid #999}a{text-decoration:underline}</style>"
            "</head><body>%s%s</body></html>"
        )
        % (title, body, script or Markup(""))
    )


def dashboard(folders: list[Path]) -> str:
    on = today()
    parts: list[Markup] = [Markup("<h1>Responses</h1>")]
    for folder in folders:
        status = response_status(folder, on)
        days = status.days_left
        when = (
            Markup('<span class="late">closed %d days ago</span>') % -days
            if days is not None and days < 0
            else Markup("%s days left") % days
            if days is not None
            else Markup("no closing date")
        )
        answered = sum(1 for q in status.questions if q.answered)
        by_status = ", ".join(f"{len(files)} {state}" for state, files in status.by_status.items())
        review = [c.file for c in status.contributions if c.needs_approval]
        rows = [
            ("Consultation", escape(status.consultation or "")),
            ("Closes", Markup("%s (%s)") % (status.closes or "not given", when)),
            ("Questions", Markup("%d of %d answered") % (answered, len(status.questions))),
            ("Contributions", escape(by_status)),
            ("To approve", escape(", ".join(review) or "none")),
            (
                "Quotes without consent",
                escape(", ".join(q.contributor for q in status.quotes_without_consent) or "none"),
            ),
            ("Withdrawn", escape(", ".join(w.id for w in status.withdrawn) or "none")),
            ("Person-hours", escape(f"{status.hours.person_hours:g}" if status.hours else "none")),
        ]
        table = Markup("").join(Markup("<tr><th>%s</th><td>%s</td></tr>") % (k, v) for k, v in rows)
        problems = _problems(folder)
        listed = Markup("").join(Markup("<li>%s</li>") % str(p) for p in problems) or Markup("<li>none</li>")
        parts.append(
            Markup(
                '<section><h2><a href="/preview/%s">%s</a></h2><table>%s</table>'
                '<h3>Problems</h3><ul class="problems">%s</ul></section>'
            )
            % (status.slug, status.title or status.slug, table, listed)
        )
    return _page("coproduce: responses", Markup("").join(parts), _RELOAD_WHOLE_PAGE)


_RELOAD_WHOLE_PAGE = Markup('<script>new EventSource("/events").onmessage = () => location.reload();</script>')

_PREVIEW_SCRIPT = """
<script>
const slug = %s;
async function refresh() {
  const answer = await (await fetch("/api/preview/" + slug)).json();
  const list = document.getElementById("problems");
  list.replaceChildren(...answer.problems.map(text => {
    const li = document.createElement("li"); li.textContent = text; return li;
  }));
  document.getElementById("state").textContent = answer.ok ? "Up to date" : "Not rebuilt: fix the problems below";
  if (answer.ok) document.getElementById("page").srcdoc = answer.html;  // the last good page stays otherwise
}
new EventSource("/events").onmessage = refresh;
refresh();
</script>
"""


def preview_shell(slug: str) -> str:
    downloads = Markup(" ").join(
        Markup('<a href="/download/%s/%s">%s</a>') % (slug, f.name, f.name.upper())
        for f in formats().values()
        if not f.folder
    )
    body = Markup(
        '<p><a href="/">All responses</a></p><h1>DRAFT preview: %s</h1>'
        '<p id="state" role="status">Loading</p>'
        '<form method="post" action="/build/%s"><button>Build PDF, Word and answers</button></form>'
        "<p>Downloads after a build: %s</p>"
        '<h2>Problems</h2><ul id="problems" class="problems"></ul>'
        '<iframe id="page" title="The submission, as a draft"></iframe>'
    ) % (slug, slug, downloads)
    return _page(f"Preview: {slug}", body, Markup(_PREVIEW_SCRIPT % json.dumps(slug)))


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
            await asyncio.to_thread(build, folder, None, None, draft=True)
        except CoproduceError as exc:
            problems = Markup("").join(Markup("<li>%s</li>") % str(p) for p in exc.problems)
            return HTMLResponse(_page("Not built", Markup("<h1>Not built</h1><ul>%s</ul>") % problems), 422)
        return RedirectResponse(f"/preview/{request.path_params['slug']}", status_code=303)

    async def download(request: Request) -> Response:
        folder = folder_of(request)
        fmt = formats().get(request.path_params["format"])
        if folder is None or fmt is None:
            return HTMLResponse("Not found", status_code=404)
        path = Workbench(root).root / "build" / folder.name / f"{folder.name}{fmt.suffix}"
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
