"""coproduce serve in a real browser: the dashboard, a response's preview, a save on disk seen live."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import browser_page
from tests.factory import WITHHELD, Bench

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "docs" / "serve-preview.png"


@pytest.fixture
def served(bench: Bench) -> Iterator[str]:
    server = subprocess.Popen(
        [sys.executable, "-c", "from pipeline.cli import main; main()", "serve"],
        cwd=bench.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        if line.startswith("Using COPRODUCE_TODAY="):  # the clock line, when the computer's date is another day
            line = server.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert address, line
        yield address.group()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_coordinator_watches_a_volunteers_save_appear(served: str, bench: Bench) -> None:
    with browser_page() as page:
        page.goto(served)
        assert "Crisis houses in Eastmoor" in page.content()
        page.click("text=Response to the Eastmoor crisis-house survey")
        page.wait_for_url(re.compile(r"/preview/crisis-house$"))
        frame = page.frame_locator("#page")
        frame.locator("text=calm room").first.wait_for(timeout=30000)
        # a volunteer saves a change on disk; nobody reloads the page
        path = bench.response / "31-q2-referral.md"
        path.write_text(
            path.read_text(encoding="utf-8").replace("by phone or in person", "by phone, by text or in person"),
            encoding="utf-8",
        )
        frame.locator("text=by phone, by text or in person").first.wait_for(timeout=30000)
        shown = page.content() + frame.locator("body").inner_text()
        for secret in WITHHELD:
            assert secret.lower() not in shown.lower(), secret
        if os.environ.get("COPRODUCE_SCREENSHOTS"):  # the README's picture: make it again on purpose only
            page.screenshot(path=str(SCREENSHOT), full_page=False)


def test_a_page_from_another_host_name_is_refused(served: str) -> None:
    import httpx

    port = served.rsplit(":", 1)[1].strip("/")
    # as a DNS-rebinding page would reach it: our address, someone else's name
    answer = httpx.get(served, headers={"Host": f"attacker.example:{port}"}, timeout=10)
    assert answer.status_code == 400
