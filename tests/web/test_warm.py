"""The workbench starts the dashboard's work when the server starts (web/warm.py): the first view then uses
what the warm-up kept, and shows exactly what a server that never warmed up shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pipeline.web.app import make_app
from tests.factory import make_bench
from tests.web.conftest import ORIGIN, PORT, TOKEN, client_for


def _started(root: Path, folders: list[Path]) -> Any:
    """A TestClient used as a context manager runs the app's lifespan, as uvicorn does."""
    app = make_app(root, folders, PORT, token=TOKEN, acting="hal", watch=False)
    return TestClient(app, base_url=ORIGIN, follow_redirects=False)


def test_the_first_view_uses_what_the_warm_up_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.workflow import status

    other = make_bench(tmp_path / "cold")  # a second copy: what one server keeps is keyed by its workbench
    cold = client_for(other.root, [other.response]).get("/").text  # never warmed (no lifespan)
    bench = make_bench(tmp_path / "wb")
    folders = [bench.response]
    loads: list[Path] = []
    real = status.load_partial

    def counted(folder: Path) -> Any:
        loads.append(folder)
        return real(folder)

    monkeypatch.setattr(status, "load_partial", counted)
    with _started(bench.root, folders) as client:
        client.app.state.warming.join(timeout=120)  # type: ignore[attr-defined]
        assert not client.app.state.warming.is_alive()  # type: ignore[attr-defined]
        assert loads == [bench.response]  # the warm-up loaded the response once
        assert client.get(f"/?token={TOKEN}").status_code == 303
        warm = client.get("/").text
        assert loads == [bench.response]  # the first view loaded nothing again
    assert warm.replace(str(bench.root), "ROOT") == cold.replace(str(other.root), "ROOT")


def test_a_save_after_the_warm_up_is_seen_at_once(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    with _started(bench.root, [bench.response]) as client:
        client.app.state.warming.join(timeout=120)  # type: ignore[attr-defined]
        bench.contribution("25-q1-more.md", "---\nanswers: q1\nby: [ada]\nstatus: review\n---\nMore beds.\n")
        assert client.get(f"/?token={TOKEN}").status_code == 303
        assert "25-q1-more.md" in client.get("/").text  # kept results are keyed by every file: nothing stale


def test_a_response_that_does_not_load_does_not_stop_the_server(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    (bench.response / "response.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with _started(bench.root, [bench.response]) as client:
        client.app.state.warming.join(timeout=120)  # type: ignore[attr-defined]
        assert client.get(f"/?token={TOKEN}").status_code == 303
        page = client.get("/")
        assert page.status_code == 200 and "response.yaml" in page.text  # the page tells the problem itself
