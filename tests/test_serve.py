"""`coproduce serve`: the workbench's preview and next steps, the running server, and what they must never serve.

The pages are pipeline/web/; the security layer has its own attacks in tests/web/test_security.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.settings import make_settings
from pipeline.web.preview import preview, user_file
from tests.factory import WITHHELD, Bench
from tests.web.conftest import client_for, text_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def client(bench: Bench) -> Iterator[TestClient]:
    with client_for(bench.root, [bench.response]) as made:
        yield made


def _no_private_string(text: str) -> None:
    for secret in WITHHELD:
        assert secret.lower() not in text.lower(), secret


def test_the_next_steps_show_each_response_and_its_problems_in_plain_words(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'href="/r/crisis-house/preview"' in page.text
    shown = text_of(page.text).replace(" :", ":")
    assert "Response to the Eastmoor crisis-house survey" in shown and "2 of 3 questions answered" in shown
    assert "q3: Anything else?" in shown  # a question with no answer, as a step
    assert "question q3 has no answer" in shown and "To fix it: add a contribution with answers: q3" in shown
    # file:line:col only in a <details> line
    assert re.search(r"<details><summary>Where exactly</summary><p class=\"details\">responses/crisis-house/response"
                     r"\.yaml:\d+", page.text)  # fmt: skip
    _no_private_string(page.text)


def test_the_preview_is_the_draft_page_and_follows_the_files(client: TestClient, bench: Bench) -> None:
    shell = client.get("/r/crisis-house/preview")
    assert shell.status_code == 200 and "Draft preview" in shell.text and "/static/live.js" in shell.text
    first = client.get("/r/crisis-house/preview/page")
    assert first.status_code == 200 and "DRAFT" in first.text and "calm room" in first.text
    assert "sandbox" in first.headers["content-security-policy"]  # the draft runs no script, fetches nothing
    _no_private_string(first.text)
    path = bench.response / "31-q2-referral.md"  # a volunteer saves a change: the next preview has it
    path.write_text(path.read_text(encoding="utf-8").replace("by phone", "by phone, text"), encoding="utf-8")
    assert "by phone, text" in client.get("/r/crisis-house/preview/page").text


def test_the_preview_prints_no_tag_as_text(client: TestClient) -> None:
    """The notes' style went in as escaped text (`&lt;/head&gt;` at the top of every preview)."""
    page = client.get("/r/crisis-house/preview/page").text
    head, _, body = page.partition("</head>")
    assert body and "coproduce-problem" in head
    assert "&lt;" not in page.split("<body", 1)[1][:400], page[:2000]
    assert "&lt;/head" not in page and "&lt;style" not in page


def test_a_failing_rebuild_reports_problems_and_serves_no_page(client: TestClient, bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [hal]\n---\nThanks to Elias Thorne.\n")
    made = preview(bench.response, make_settings().today)
    assert not made.ok and made.html == ""
    assert any(p.path.endswith("70-x.md") and (p.line, p.column) == (5, 11) for p in made.problems)
    page = client.get("/r/crisis-house/preview/page")
    assert "calm room" not in page.text and "cannot be shown" in page.text
    shell = client.get("/r/crisis-house/preview")
    assert "70-x.md" in shell.text and "contributor &#39;eli&#39;" in shell.text
    _no_private_string(shell.text + page.text)


def test_a_draft_named_with_a_volunteers_id_is_previewed(client: TestClient, bench: Bench) -> None:
    """Intake names drafts after the id of who wrote them: the marks once put that into the page and the guard
    refused every preview. The marks now carry an index, never a file name."""
    for name in ("35-q3-eli.md", "36-q3-elias.md"):
        bench.contribution(name, "---\nanswers: q3\nby: [hal]\nstatus: draft\n---\nA room of one's own.\n")
    made = preview(bench.response, make_settings().today)
    assert made.ok, [str(p) for p in made.problems]
    assert "A room of one" in made.html and "eli.md" not in made.html and "<!--src" not in made.html
    assert "A room of one" in client.get("/r/crisis-house/preview/page").text


def test_each_problem_is_shown_beside_the_paragraph_it_is_about(bench: Bench) -> None:
    long = "This sentence goes on " + " ".join(["and on"] * 14) + " until it ends."  # over 25 words: advice
    bench.contribution("60-q3-long.md", f"---\nanswers: q3\nby: [hal]\nstatus: draft\n---\nA short start.\n\n{long}\n")
    made = preview(bench.response, make_settings().today)
    assert made.ok
    notes = re.findall(
        r'<aside class="coproduce-problem" role="note"><ul>(.*?)</ul></aside>\s*<p>(.*?)</p>', made.html, re.S
    )
    placed = [(note, para) for note, para in notes if "60-q3-long.md:8" in note]
    assert placed, made.html
    note, paragraph = placed[0]
    assert "a sentence of" in note and paragraph.startswith("This sentence goes on")
    assert "A short start." not in "".join(p for _, p in notes)
    assert "<!--src" not in made.html
    assert any(p.path.endswith("60-q3-long.md") and p.line == 8 for p in made.problems)


def test_a_build_carries_no_source_marks(bench: Bench) -> None:
    from pipeline.build import build
    from pipeline.settings import make_settings

    result = build(bench.response, make_settings(draft=True, formats=("html",)))
    page = next(p for p in result.written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "<!--src" not in page and "coproduce-problem" not in page


def test_only_the_users_files_wake_the_preview(tmp_path: Path) -> None:
    assert user_file(None, str(tmp_path / "responses" / "r" / "10-x.md"))
    assert user_file(None, str(tmp_path / "contributors" / "ada.yaml"))
    assert not user_file(None, str(tmp_path / "build" / "r" / "r.html"))
    assert not user_file(None, str(tmp_path / ".git" / "index"))


def serve(bench: Bench, *args: str) -> tuple[subprocess.Popen[str], str]:
    """`coproduce serve` in its own process, and the start address it printed (with its token)."""
    server = subprocess.Popen(
        [sys.executable, "-c", "from pipeline.cli import main; main()", "serve", *args],
        cwd=bench.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    if line.startswith("Using COPRODUCE_TODAY="):  # the clock line, when the computer's date is another day
        line = server.stdout.readline()
    address = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
    if not address:
        server.terminate()
        rest = server.stdout.read()
        stop(server)
        pytest.fail(line + rest)
    return server, address.group()


def test_the_running_server_tells_an_open_page_when_a_file_is_saved(bench: Bench) -> None:
    """The real thing: signed in from the printed address, an event stream open, a save on disk."""
    import httpx

    server, address = serve(bench, "--as", "hal", str(bench.response))
    try:
        base = address.split("?")[0]
        with httpx.Client(base_url=base, timeout=20) as web:
            assert web.get("/").status_code == 403  # without the token, nothing
            signed = web.get(address)
            assert signed.status_code == 303 and signed.headers["location"] == "/"
            assert "crisis-house" in web.get("/").text
            with web.stream("GET", "/events") as events:
                lines = events.iter_lines()
                assert next(lines).startswith(": connected")
                time.sleep(0.5)  # let the watcher start
                path = bench.response / "10-summary.md"
                path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
                for line in lines:  # the stream ends only with a change (or the server): no clock in the test
                    if line.startswith("data:"):
                        break
            assert "One more line." in web.get("/r/crisis-house/preview/page").text
    finally:
        stop(server)


def stop(server: subprocess.Popen[str]) -> None:
    server.terminate()
    server.wait(timeout=10)
    if server.stdout is not None:
        server.stdout.close()


def test_serve_open_opens_the_start_address_with_its_token_in_the_browser(bench: Bench, tmp_path: Path) -> None:
    """--open hands the browser the whole start address: the one that signs in."""
    import httpx

    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > "{opened}"\n', encoding="utf-8")
    browser.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BROWSER": str(browser)}
    server = subprocess.Popen(
        [sys.executable, "-c", "from pipeline.cli import main; main()", "serve", "--open", "--as", "hal"],
        cwd=bench.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        if line.startswith("Using COPRODUCE_TODAY="):  # the clock line, when the computer's date is another day
            line = server.stdout.readline()
        printed = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
        assert printed
        with httpx.Client(timeout=20) as web:
            # the browser is opened before the server answers anything, so once this is answered it was opened
            assert web.get(printed.group()).status_code == 303
        assert opened.read_text(encoding="utf-8") == printed.group()
    finally:
        stop(server)


def test_serve_as_someone_who_is_not_a_contributor_is_refused(bench: Bench) -> None:
    from tests.conftest import assert_user_error, run

    out = assert_user_error(run(["serve", "--as", "nobody", str(bench.response)], cwd=bench.root), 2)
    assert "--as nobody: there is no contributor with that id" in out


def test_the_launcher_runs_the_venvs_coproduce_and_makes_it_first_when_missing(tmp_path: Path) -> None:
    """./coproduce at the repository root: a coordinator's one command, from any folder."""
    clone = tmp_path / "clone"
    clone.mkdir()
    launcher = clone / "coproduce"
    launcher.write_bytes((ROOT / "coproduce").read_bytes())
    launcher.chmod(0o755)
    # a stand-in for the Makefile's rule that creates .venv and installs coproduce into it
    (clone / "Makefile").write_text(
        ".venv/bin/coproduce:\n\tmkdir -p .venv/bin\n"
        "\tprintf '#!/bin/sh\\necho \"ran in $$(pwd) with $$*\"\\n' > $@\n\tchmod +x $@\n",
        encoding="utf-8",
    )
    elsewhere = tmp_path / "workbench"
    elsewhere.mkdir()
    first = subprocess.run([str(launcher), "serve", "--open"], cwd=elsewhere, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"ran in {elsewhere} with serve --open"  # run where the user is, with their words
    assert "Setting up coproduce" in first.stderr
    again = subprocess.run([str(launcher), "status"], cwd=elsewhere, capture_output=True, text=True)
    assert again.stdout.strip() == f"ran in {elsewhere} with status" and "Setting up" not in again.stderr
