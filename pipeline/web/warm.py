"""At start, the dashboard's work done once before anyone asks, so the first view is not the slow one.

`coproduce serve` prints its address and may open the browser at once; the dashboard's first view would
otherwise load, check and assemble every response while the person waits. A thread started with the app
does the same calls the dashboard makes, inside `caching()`, so what they keep (pipeline/load/cache.py,
keyed by every file's fingerprint) is there for the first request. It decides nothing and writes nothing: a
file saved meanwhile changes the fingerprint and the page works it out again, as it would have anyway.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from pipeline.load.cache import caching
from pipeline.settings import make_settings


def warm(root: Path, folders: list[Path]) -> None:
    """What the dashboard computes for each response on the day the settings give, kept for its first view."""
    from pipeline.web import kit
    from pipeline.web.next_steps import next_steps

    with caching():
        today = make_settings().today  # as a request would: the one reader of the clock
        for folder in folders:
            try:
                steps = next_steps(folder, today)
                kit.plain_all(steps.problems, root, [folder], on=today)
            except Exception:  # noqa: BLE001  # the page will meet the same problem and tell it; a warm-up must not
                continue
    # what the warm-up keeps lives as long as the server: the collector need not walk it again on every save
    # (a freeze alone, not tidy.tidy_now's full collection: in a test process that would walk the whole suite)
    gc.freeze()


def start(root: Path, folders: list[Path]) -> threading.Thread:
    """The warm-up in a background thread (a daemon: stopping the server never waits for it)."""
    thread = threading.Thread(target=warm, args=(root, list(folders)), name="coproduce-warm-up", daemon=True)
    thread.start()
    return thread
