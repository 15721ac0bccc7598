"""The workbench in the browser (`coproduce serve`): a Starlette application made of the page modules.

Built on well-kept parts: Starlette for the application, uvicorn to serve it, watchfiles to see saves,
Jinja2 for the pages, and the same workflow functions, renderer, checks and guard as the command line.
Every page module in pipeline/web/pages/ gives its `routes`; they are collected in module-name order.
The security layer (security.py) stands in front of all of them.
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline.load.cache import caching
from pipeline.load.workbench import SHIPPED_TEMPLATES
from pipeline.web import kit, pages, warm
from pipeline.web.security import HOST, Security, SecurityLayer
from pipeline.web.tidy import Tidy

STATIC = SHIPPED_TEMPLATES / "serve" / "static"
MEDIA = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}

__all__ = ["HOST", "make_app", "page_routes"]


def page_routes() -> list[BaseRoute]:
    """The routes of every module in pipeline/web/pages/, in module-name order."""
    found: list[BaseRoute] = []
    for info in sorted(pkgutil.iter_modules(pages.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pages.__name__}.{info.name}")
        found.extend(getattr(module, "routes", []))
    return found


def _static_files() -> dict[str, tuple[bytes, str]]:
    """The stylesheet and scripts, read once: the name in the address picks from this table, never a path."""
    if not STATIC.is_dir():
        return {}
    return {p.name: (p.read_bytes(), MEDIA[p.suffix]) for p in sorted(STATIC.iterdir()) if p.suffix in MEDIA}


class Caching:
    """Inside a request, what the pages load and check is kept while no file of the workbench changes
    (pipeline/load/cache.py: keyed by every file's fingerprint, so a save is seen by the very next view)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with caching():
            await self.app(scope, receive, send)


def make_app(
    root: Path,
    folders: list[Path],
    port: int,
    *,
    token: str,
    acting: str | None,
    watch: bool = True,
    tidy: bool = True,
) -> Starlette:
    """The workbench for the responses in `folders`, listening on `port`, opened with `token`.

    `acting` is the contributor id given with --as; without it, the person using the page chooses. When the
    server starts (its lifespan), the dashboard's work is begun in the background (web/warm.py). `tidy`
    runs the garbage collector's full pass when the server is idle (web/tidy.py): tests turn it off, since
    in a test process it would walk the whole suite's objects after every request.
    """
    files = _static_files()

    async def static(request: Request) -> Response:
        found = files.get(request.path_params["name"])
        if found is None:
            raise HTTPException(404, "There is no such file.")
        return Response(found[0], media_type=found[1], headers={"cache-control": "no-cache"})

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else "Something went wrong."
        titles = {403: "Refused", 404: "Not found", 405: "Not allowed", 413: "Too large"}
        return kit.render(request, "error.html.j2", status=status, title=titles.get(status, "Error"), text=detail)

    security = Security(token, port)
    routes: list[BaseRoute] = [Route("/static/{name}", static), *page_routes()]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.warming = warm.start(root, folders)
        yield
        # stopping (Ctrl-C): a build's thread runs on, but the layouts it waits for end now (no pool is running
        # if no long PDF was ever laid out here, and then the renderer was never imported)
        if (parts := sys.modules.get("pipeline.render.pdf_parts")) is not None:
            parts.stop_all()

    app = Starlette(
        lifespan=lifespan,
        routes=routes,
        exception_handlers={HTTPException: not_found},
        middleware=[
            Middleware(SecurityLayer, security=security),
            Middleware(Caching),
            # the garbage collector's full pass when the server is idle, not inside the next save (tidy.py)
            *([Middleware(Tidy)] if tidy else []),
        ],
    )
    app.state.web = kit.Config(root, {f.name: f for f in folders}, port, acting, watch, security)
    return app
