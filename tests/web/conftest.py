"""Shared helpers for the workbench's web tests: a signed-in TestClient and a POST that carries what a page sends.

    def test_something(web: Web) -> None:
        page = web.client.get("/r/crisis-house/preview")
        answer = post(web.client, "/acting", {"person": "hal"})

`web` serves the invented workbench (tests/factory.py) with hal acting; `web_as(None)` for nobody chosen yet.
Other helpers: add small fixtures at the end of this file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pipeline.web.app import make_app
from tests.factory import Bench, make_bench

REPO = Path(__file__).resolve().parent.parent.parent
PORT = 8765  # the port the app believes it listens on; TestClient never opens it
TOKEN = "test-token-for-the-workbench"
ORIGIN = f"http://127.0.0.1:{PORT}"


@dataclass
class Web:
    bench: Bench
    client: TestClient

    @property
    def root(self) -> Path:
        return self.bench.root


def client_for(root: Path, folders: list[Path], *, acting: str | None = "hal", sign_in: bool = True) -> TestClient:
    """A TestClient of the workbench at `root` serving `folders`; signed in with the token unless told not to."""
    app = make_app(root, folders, PORT, token=TOKEN, acting=acting, watch=False, tidy=False)
    client = TestClient(app, base_url=ORIGIN, follow_redirects=False)
    if sign_in:
        answer = client.get(f"/?token={TOKEN}")
        assert answer.status_code == 303, answer.text
        assert client.cookies.get(f"coproduce_{PORT}"), "the token visit sets the session cookie"
    return client


def csrf_of(client: TestClient) -> str:
    """The CSRF token of the client's session, as every page's forms carry it."""
    security = client.app.state.web.security  # type: ignore[attr-defined]
    return str(security.csrf(client.cookies.get(security.cookie) or ""))


def post(
    client: TestClient,
    url: str,
    data: dict[str, Any] | None = None,
    *,
    files: Any = None,
    origin: str | None = ORIGIN,
    **kwargs: Any,
) -> Any:
    """POST as the workbench's own page would: the `_xsrf` field and our Origin added."""
    fields = {"_xsrf": csrf_of(client), **(data or {})}
    headers = {"origin": origin} if origin else {}
    headers.update(kwargs.pop("headers", {}))
    return client.post(url, data=fields, files=files, headers=headers, **kwargs)


def follow(client: TestClient, answer: Any) -> Any:
    """The page a 303 leads to (where a flash message shows)."""
    assert answer.status_code == 303, (answer.status_code, answer.text[:2000])
    return client.get(answer.headers["location"])


def text_of(page: str) -> str:
    """A page's visible words, tags removed: for asserting on what a reader sees."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).strip()


@contextmanager
def live_server(root: Path, *args: str) -> Iterator[str]:
    """`coproduce serve ARGS` run in `root` in its own process; yields the start address it printed (with its token).

    Stopped (and its output closed) when the block ends."""
    server = subprocess.Popen(
        [sys.executable, "-c", "from pipeline.cli import main; main()", "serve", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert server.stdout is not None
    try:
        line = server.stdout.readline()
        if line.startswith("Using COPRODUCE_TODAY="):  # the clock line, when the computer's date is another day
            line = server.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
        if not address:
            server.terminate()
            pytest.fail(f"coproduce serve did not start: {line}{server.stdout.read()}")
        yield address.group()
    finally:
        server.terminate()
        server.wait(timeout=20)
        server.stdout.close()


AXE = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@contextmanager
def serving(root: Path, folders: list[Path], *, token: str, acting: str | None = "hal") -> Iterator[str]:
    """The workbench served for real in this process (uvicorn on a free port, in a thread); yields its address.

    For the browser tests, which need pages served over a socket; stopped when the block ends."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    app = make_app(root, folders, port, token=token, acting=acting, watch=False, tidy=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):  # until it listens: a wait, not a measurement
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def axe_browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, for axe-core runs; skips where either is missing."""
    from tests.browser import CHROMIUM_ARGS, chromium_path

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed")
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci in tests/axe)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG A/AA violations on the page as it stands, once its stylesheets and fonts are in: after a
    form is sent, the new page's text can be there before its CSS is (a run under load saw the header's links
    measured unstyled, as touch targets too small)."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return list(result["violations"])


def describe(found: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']}: {[n['target'] for n in v['nodes']]}: {v['help']}" for v in found)


@contextmanager
def chromium(**context: Any) -> Iterator[Any]:
    """A Playwright browser context on Debian's Chromium (skips where there is none), e.g. bypass_csp=True for axe."""
    from tests.browser import CHROMIUM_ARGS, chromium_path

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (it is in the test extra)")
    executable = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            made = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
            yield made
            made.close()
        finally:
            browser.close()


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    bench = make_bench(tmp_path / "wb")
    with client_for(bench.root, [bench.response]) as client:
        yield Web(bench, client)


@pytest.fixture
def web_as(tmp_path: Path) -> Iterator[Callable[[str | None], Web]]:
    """A factory: `web_as("priya")` or `web_as(None)` (nobody chosen yet) on a fresh invented workbench."""
    opened: list[TestClient] = []

    def make(acting: str | None) -> Web:
        bench = make_bench(tmp_path / f"wb-{len(opened)}")
        client = client_for(bench.root, [bench.response], acting=acting)
        opened.append(client)
        return Web(bench, client)

    yield make
    for client in opened:
        client.close()
