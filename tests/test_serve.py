"""Issue 14: the dashboard and the live preview, and what they must never serve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.commands._serve_app import _user_files, make_app
from tests.factory import WITHHELD, Bench

HOST = {"host": "127.0.0.1:8765"}


@pytest.fixture
def client(bench: Bench) -> TestClient:
    return TestClient(make_app(bench.root, [bench.response], 8765, watch=False), base_url="http://127.0.0.1:8765")


def _no_private_string(text: str) -> None:
    for secret in WITHHELD:
        assert secret.lower() not in text.lower(), secret


def test_the_dashboard_shows_each_response_and_its_problems(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'href="/preview/crisis-house"' in page.text
    assert "Crisis houses in Eastmoor" in page.text and "answered" in page.text
    assert "question q3 has no answer" in page.text  # every problem from check, with its file and line
    assert "responses/crisis-house/response.yaml:" in page.text
    assert re.search(r"q1: [\d.]+ words a sentence", page.text)  # plain-English advice per answer (issue 11)
    _no_private_string(page.text)


def test_the_preview_is_the_draft_page_and_follows_the_files(client: TestClient, bench: Bench) -> None:
    shell = client.get("/preview/crisis-house")
    assert shell.status_code == 200 and "DRAFT preview" in shell.text and "EventSource" in shell.text
    first = client.get("/api/preview/crisis-house").json()
    assert first["ok"] and "DRAFT" in first["html"] and "calm room" in first["html"]
    _no_private_string(first["html"])
    # a volunteer saves a change: the next preview has it
    path = bench.response / "31-q2-referral.md"
    path.write_text(path.read_text(encoding="utf-8").replace("by phone", "by phone, text"), encoding="utf-8")
    assert "by phone, text" in client.get("/api/preview/crisis-house").json()["html"]


def test_a_failing_rebuild_reports_problems_and_serves_no_page(client: TestClient, bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [hal]\n---\nThanks to Elias Thorne.\n")
    answer = client.get("/api/preview/crisis-house").json()
    assert not answer["ok"] and answer["html"] == ""
    assert any("70-x.md:5:11" in p and "contributor 'eli'" in p for p in answer["problems"])
    _no_private_string(" ".join(answer["problems"]))


@pytest.mark.parametrize(
    "path",
    [
        "/preview/../contributors/eli.yaml",
        "/preview/..%2F..%2Fcontributors",
        "/api/preview/%2e%2e",
        "/download/crisis-house/..%2F..%2Fcontributors%2Feli.yaml",
        "/download/crisis-house/yaml",
        "/contributors/eli.yaml",
        "/responses/crisis-house/20-q1-offer.md",
        "//etc/passwd",
    ],
)
def test_no_path_from_the_request_is_served(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404, (path, answer.status_code)
    assert "Elias" not in answer.text and "name:" not in answer.text


def test_a_foreign_host_is_refused(bench: Bench) -> None:
    rebinding = TestClient(make_app(bench.root, [bench.response], 8765, watch=False), base_url="http://evil.example")
    assert rebinding.get("/").status_code == 400


def test_the_build_button_writes_only_into_build_and_offers_the_files(client: TestClient, bench: Bench) -> None:
    before = {p: p.read_bytes() for p in bench.root.rglob("*") if p.is_file()}
    made = client.post("/build/crisis-house", follow_redirects=False)
    assert made.status_code == 303
    written = {p for p in bench.root.rglob("*") if p.is_file()} - set(before)
    assert written and all(p.is_relative_to(bench.root / "build") for p in written), written
    assert all(p.read_bytes() == data for p, data in before.items())  # nothing of the user's was changed
    docx = client.get("/download/crisis-house/docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert re.search(r'filename="crisis-house\.docx"', docx.headers["content-disposition"])


def test_only_the_users_files_wake_the_preview(tmp_path: Path) -> None:
    assert _user_files(None, str(tmp_path / "responses" / "r" / "10-x.md"))
    assert _user_files(None, str(tmp_path / "contributors" / "ada.yaml"))
    assert not _user_files(None, str(tmp_path / "build" / "r" / "r.html"))
    assert not _user_files(None, str(tmp_path / ".git" / "index"))


def test_the_running_server_tells_an_open_page_when_a_file_is_saved(bench: Bench) -> None:
    """The real thing: `coproduce serve` in its own process, an event stream open, a save on disk."""
    import os
    import subprocess
    import sys
    import time

    import httpx

    server = subprocess.Popen(
        [sys.executable, "-c", "from pipeline.cli import main; main()", "serve", str(bench.response)],
        cwd=bench.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    try:
        assert server.stdout is not None
        # a line saying the clock is set (COPRODUCE_TODAY is not the computer's date) may come first
        line = server.stdout.readline()
        if line.startswith("Using COPRODUCE_TODAY="):
            line = server.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert address, line
        with httpx.Client(base_url=address.group(), timeout=20) as web:
            assert "crisis-house" in web.get("/").text
            with web.stream("GET", "/events") as events:
                lines = events.iter_lines()
                assert next(lines).startswith(": connected")
                time.sleep(0.5)  # let the watcher start
                path = bench.response / "10-summary.md"
                path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
                deadline = time.monotonic() + 15
                while time.monotonic() < deadline:
                    if next(lines).startswith("data:"):
                        break
                else:
                    pytest.fail("no change event within 15 seconds")
            assert "One more line." in web.get("/api/preview/crisis-house").json()["html"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_each_problem_is_shown_beside_the_paragraph_it_is_about(client: TestClient, bench: Bench) -> None:
    long = "This sentence goes on " + " ".join(["and on"] * 14) + " until it ends."  # over 25 words: advice
    bench.contribution("60-q3-long.md", f"---\nanswers: q3\nby: [hal]\nstatus: draft\n---\nA short start.\n\n{long}\n")
    answer = client.get("/api/preview/crisis-house").json()
    assert answer["ok"]
    page = answer["html"]
    notes = re.findall(
        r'<aside class="coproduce-problem" role="note"><ul>(.*?)</ul></aside>\s*<p>(.*?)</p>', page, re.S
    )
    placed = [(note, para) for note, para in notes if "60-q3-long.md:8" in note]
    assert placed, page  # the long-sentence advice, placed by its file and line
    note, paragraph = placed[0]
    assert "a sentence of" in note and paragraph.startswith("This sentence goes on")
    assert "A short start." not in "".join(p for _, p in notes)  # the paragraph without a problem has no note
    assert "<!--src" not in page  # the marks are the preview's own and are removed
    assert any("60-q3-long.md:8" in p for p in answer["problems"])  # and still listed above the page


def test_a_build_carries_no_source_marks(bench: Bench) -> None:
    from pipeline.build import build
    from pipeline.settings import make_settings

    result = build(bench.response, make_settings(draft=True, formats=("html",)))
    page = next(p for p in result.written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "<!--src" not in page and "coproduce-problem" not in page
