"""The live preview: the draft page of a response with its problems, up to date as files are saved.

- /r/{slug}/preview          the page around it: the state, the problems in plain words, the draft in a frame
- /r/{slug}/preview/page     the draft HTML alone, served with its own CSP (sandboxed: no script, nothing fetched)
- /events                    one stream of "something was saved" for the open page (static/live.js opens one per
                             tab and closes it when the page goes)
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from pipeline.web import kit
from pipeline.web.preview import Preview, preview, stamp, user_file

# the draft page may show its own styles and embedded pictures, and nothing else: no script, no fetch, no form
PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox"
)
HEARTBEAT_MS = 15_000  # a quiet stream still writes this often, so a closed tab is noticed and its stream ends

_cache: dict[Path, tuple[object, Preview]] = {}


def current(folder: Path, root: Path, today: dt.date) -> Preview:
    """The preview of `folder` on `today`, made again only when a file of the workbench (or the day) changed."""
    now = (today, stamp(root))
    held = _cache.get(folder)
    if held is not None and held[0] == now:
        return held[1]
    made = preview(folder, today)
    _cache[folder] = (now, made)
    return made


async def shell(request: Request) -> Response:
    folder = kit.folder_or_404(request)
    st = kit.state(request)
    made = await asyncio.to_thread(current, folder, st.root, st.settings_today)
    shown = await asyncio.to_thread(kit.plain_all, made.problems, st.root, [folder], on=st.settings_today)
    slug = folder.name
    return kit.render(
        request,
        "preview.html.j2",
        title=f"Preview of {slug}",
        slug=slug,
        ok=made.ok,
        problems=shown,
        page_url=f"/r/{slug}/preview/page",
    )


NOT_SHOWN = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Not shown</title></head>'
    "<body><p>The draft cannot be shown until the problems listed above it are fixed.</p></body></html>"
)


async def page(request: Request) -> Response:
    folder = kit.folder_or_404(request)
    st = kit.state(request)
    made = await asyncio.to_thread(current, folder, st.root, st.settings_today)
    answer = HTMLResponse(made.html if made.ok else NOT_SHOWN)
    answer.headers["content-security-policy"] = PAGE_CSP
    return answer


async def events(request: Request) -> Response:
    cfg = kit.config(request)

    async def stream() -> AsyncIterator[str]:
        yield ": connected\n\n"
        if not cfg.watch:
            return
        from watchfiles import awatch

        stop = asyncio.Event()
        try:
            async for changes in awatch(
                cfg.root, watch_filter=user_file, stop_event=stop, rust_timeout=HEARTBEAT_MS, yield_on_timeout=True
            ):
                if await request.is_disconnected():
                    break
                yield f"data: {len(changes)}\n\n" if changes else ": still here\n\n"
        finally:
            stop.set()

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"cache-control": "no-store"})


routes: list[BaseRoute] = [
    Route("/r/{slug}/preview", shell),
    Route("/r/{slug}/preview/page", page),
    Route("/events", events),
]
