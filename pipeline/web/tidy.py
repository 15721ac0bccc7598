"""Python's full garbage collection run while the server is idle, not in the middle of the next save's preview.

What `serve` keeps between views (pipeline/load/cache.py) is a great many long-lived objects, and Python's
collector walks all of them in a full collection, which it starts by itself when enough new objects have
come: at 1,000 contributions that added about 0.2 s to whichever save it fell in (issue 23: a preview that
keeps up). So once a request has worked something out afresh and no other request has come for a moment,
the collection is done here: `gc.unfreeze` (what was frozen before is examined again, so a result replaced
since is freed like any garbage and nothing is kept for ever), `gc.collect`, then `gc.freeze`, which moves
the survivors where the automatic collections do not walk (web/warm.py freezes what the start-up's work
kept). Nothing here changes what a page shows.
"""

from __future__ import annotations

import gc
import threading

from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline.load import cache

IDLE = 1.0  # seconds without a request before the collection runs


def tidy_now() -> None:
    """The full collection, the survivors frozen (the bench calls it where `serve` would, between saves)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class Tidy:
    """An ASGI layer: after a request that made new results, `tidy_now` once the server has been idle IDLE s."""

    def __init__(self, app: ASGIApp, idle: float | None = None) -> None:
        self.app = app
        self.idle = IDLE if idle is None else idle
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._tidied_at = -1  # cache.counts["made"] when the last collection ran

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self._cancel()  # a request is being answered: not now
        try:
            await self.app(scope, receive, send)
        finally:
            if cache.counts["made"] != self._tidied_at:
                self._schedule()

    def _cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def _schedule(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.idle, self._run)
            self._timer.daemon = True  # stopping the server never waits for it
            self._timer.start()

    def _run(self) -> None:
        with self._lock:
            self._timer = None
            self._tidied_at = cache.counts["made"]
        tidy_now()
