"""A problem's fix on a page names the workbench's buttons and pages, not a command to type; the command's
words stay in the details line. The check's own words are unchanged on the command line."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import Problem
from pipeline.web.addresses import contribution_url
from pipeline.web.fixes import PAGE_FIXES
from pipeline.web.kit import plain
from tests.conftest import run
from tests.web.conftest import Web, post, text_of

CODES = (Path(__file__).resolve().parents[2] / "docs" / "CODES.md").read_text(encoding="utf-8")


def _problems(page: str) -> list[str]:
    return re.findall(r'<li class="problem[^"]*">(.*?)</li>', page, re.S)


def test_every_code_given_page_words_is_a_code_the_checks_use() -> None:
    for code in PAGE_FIXES:
        assert f"`{code}`" in CODES, code  # a misspelt code would silently keep the command's words


def test_an_unapproved_contribution_says_press_approve_and_links_to_it(web: Web) -> None:
    web.bench.contribution("25-q1-more.md", "---\nanswers: q1\nby: [ada]\nstatus: review\n---\nMore beds.\n")
    answer = post(web.client, "/r/crisis-house/build", {"kind": "final"})
    assert answer.status_code == 422
    mine = [li for li in _problems(answer.text) if "25-q1-more.md" in li]
    assert mine, text_of(answer.text)
    for li in mine:
        told, details = li.split("<details>")
        assert "Approve" in text_of(told) and "coproduce" not in told  # the button, no command before the details
        assert f'href="{contribution_url("crisis-house", "25-q1-more.md")}"' in told
        assert "by command: " in details and "coproduce approve" in details  # for those who use both


def test_the_command_line_keeps_the_checks_own_words(web: Web) -> None:
    web.bench.contribution("25-q1-more.md", "---\nanswers: q1\nby: [ada]\nstatus: review\n---\nMore beds.\n")
    done = run(["build", str(web.root / "responses" / "crisis-house")], cwd=web.root)
    assert done.exit_code != 0
    assert "coproduce approve" in done.output


def test_a_fix_on_another_page_links_there(tmp_path: Path) -> None:
    unsorted = Problem("responses/crisis-house/unsorted/a.md", 1, "not filed", "run  coproduce assign a.md",
                       "final", code="intake.unsorted")  # fmt: skip
    told = plain(unsorted, tmp_path)
    assert told.link == "/r/crisis-house/intake" and "Volunteers' files" in told.fix and "coproduce" not in told.fix
    waiting = Problem("responses/crisis-house/40-q2-a.md", 3, "needs bo's confirmation", "run  coproduce confirmations",
                      "final", code="edits.unconfirmed")  # fmt: skip
    assert plain(waiting, tmp_path).link == "/r/crisis-house/review"
    other = Problem("responses/crisis-house/40-q2-a.md", 3, "a word", "write it another way", code="text.other")
    assert plain(other, tmp_path).fix == "write it another way"  # a code with no page words keeps the check's
