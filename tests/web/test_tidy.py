"""The garbage collector's full pass runs when the server is idle after new results, not inside a save (web/tidy.py).

Checked on the layer itself (its pending run, read from the app's middleware), never by timing or by waiting
for a timer (under a frozen clock, as faketime may give, it would never fire): a request that
worked something out leaves a collection pending, one that only used kept results leaves none, and a request
cancels a pending one. `tidy_now` unfreezes before it collects, so an object frozen once and dropped since is
freed (without that, every result a save replaces would be kept for ever).
"""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pipeline.load import cache
from pipeline.web import tidy
from pipeline.web.app import make_app
from tests.factory import make_bench
from tests.web.conftest import ORIGIN, PORT, TOKEN


def _client(root: Path, folders: list[Path], **options: Any) -> TestClient:
    client = TestClient(
        make_app(root, folders, PORT, token=TOKEN, acting="hal", watch=False, **options),
        base_url=ORIGIN,
        follow_redirects=False,
    )
    assert client.get(f"/?token={TOKEN}").status_code == 303
    return client


def _layer(client: TestClient) -> tidy.Tidy | None:
    """The Tidy layer in the app's middleware stack, once a request has built it."""
    app: Any = client.app.middleware_stack  # type: ignore[attr-defined]
    while app is not None:
        if isinstance(app, tidy.Tidy):
            return app
        app = getattr(app, "app", None)
    return None


def test_a_request_that_made_results_leaves_a_collection_for_when_the_server_is_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = threading.Event()
    monkeypatch.setattr(tidy, "tidy_now", ran.set)
    monkeypatch.setattr(tidy, "IDLE", 3600.0)  # never by itself in this test: it is run below, by hand
    bench = make_bench(tmp_path / "wb")
    client = _client(bench.root, [bench.response])
    made = cache.counts["made"]
    assert client.get("/").status_code == 200
    assert cache.counts["made"] > made  # the dashboard worked the response out
    layer = _layer(client)
    assert layer is not None
    pending = layer._timer
    assert pending is not None and pending.is_alive()
    # the same page again, nothing changed: kept results only, and the pending run was cancelled by the request
    assert client.get("/").status_code == 200
    assert pending.finished.is_set()
    pending = layer._timer
    assert pending is not None  # results were made since the last collection: it is still owed
    pending.cancel()
    layer._run()  # what the timer does
    assert ran.is_set()
    assert layer._tidied_at == cache.counts["made"]
    # now a view that uses only kept results owes nothing
    assert client.get("/").status_code == 200
    assert layer._timer is None


def test_the_timer_is_set_for_the_idle_time_and_runs_the_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read from the timer, not waited for: a run under a frozen clock (faketime) would wait for ever."""
    monkeypatch.setattr(tidy, "IDLE", 3600.0)
    bench = make_bench(tmp_path / "wb")
    client = _client(bench.root, [bench.response])
    assert client.get("/").status_code == 200
    layer = _layer(client)
    assert layer is not None and layer._timer is not None
    assert layer._timer.interval == 3600.0
    assert layer._timer.function == layer._run
    assert layer._timer.daemon  # stopping the server never waits for it
    layer._timer.cancel()


def test_serve_has_the_layer_and_tests_can_leave_it_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tidy, "IDLE", 3600.0)  # its timer is cancelled below, never left to fire in the suite
    bench = make_bench(tmp_path / "wb")
    on = _client(bench.root, [bench.response])
    off = _client(bench.root, [bench.response], tidy=False)
    layer = _layer(on)
    assert layer is not None
    assert _layer(off) is None
    layer._cancel()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_what_was_frozen_and_dropped_since_is_freed() -> None:
    kept = _Cycle()
    alive = weakref.ref(kept)
    gc.freeze()  # as after an earlier collection: the result is among the frozen objects
    del kept  # a save replaced it: nothing refers to it but itself
    try:
        tidy.tidy_now()
        assert alive() is None
    finally:
        gc.unfreeze()
