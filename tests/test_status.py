"""`coproduce status`: deadline, answers, approvals, consent, withdrawals, hours and git, as text or JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from git import Actor, Repo

from pipeline.cli import cli
from tests.conftest import assert_user_error, run
from tests.factory import WITHHELD, Bench

DRAFT = """
    ---
    answers: q3
    by: [bo]
    status: draft
    ---
    More peer workers, please.
"""


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-02-25")  # four days before the consultation closes
    monkeypatch.delenv("NO_COLOR", raising=False)


def status(bench: Bench, *args: str) -> str:
    result = run(["status", *args], cwd=bench.root)
    assert result.exit_code == 0, result.output
    return result.output


def status_json(bench: Bench) -> dict:
    data = json.loads(status(bench, "crisis-house", "--json"))
    assert [r["slug"] for r in data["responses"]] == ["crisis-house"]
    return data["responses"][0]


def row(out: str, first: str) -> list[str]:
    """The cells of the table row that starts with `first`."""
    line = next(line for line in out.splitlines() if line.strip().startswith(first + " "))
    return re.split(r"\s{2,}", line.strip())


def test_every_question_with_answered_and_words_against_limit(bench: Bench) -> None:
    out = status(bench)
    assert row(out, "q1")[:3] == ["q1", "yes", "47 / 120"]
    assert row(out, "q2")[:3] == ["q2", "yes", "32 / 100"]
    assert row(out, "q3")[:2] == ["q3", "not yet"]
    assert "What should a crisis house offer?" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_answer_over_its_limit_is_flagged(bench: Bench) -> None:
    bench.contribution("32-q2-more.md", "---\nanswers: q2\nby: [cy]\nstatus: approved\n---\n" + "word " * 80)
    out = status(bench)
    assert row(out, "q2")[2] == "112 / 100 (12 over)"
    assert status_json(bench)["questions"][1]["over_by"] == 12


def test_plain_english_advice_per_answer(bench: Bench) -> None:
    # Two sentences: one of 30 words, one of 4. Counted by hand: 17 words a sentence on average.
    long = " ".join(["words"] * 29) + " here. Short one is here."
    bench.contribution("33-q3-long.md", f"---\nanswers: q3\nby: [cy]\nstatus: approved\n---\n{long}\n")
    out = status(bench)
    advice = out.split("Plain English (advice", 1)[1].split("\n\n", 1)[0]
    assert "q3: 17 words a sentence, 1 over 25 words" in advice
    assert not re.search(r"^\s+q[12]: .*over 25 words", advice, re.M)  # the shorter answers have no long sentence
    reading = status_json(bench)["questions"][2]["reading"]
    assert reading["sentences"] == 2 and reading["long"] == 1 and reading["average"] == 17
    assert reading["ease"] is not None


def test_draft_is_counted_and_needs_approval(bench: Bench) -> None:
    bench.contribution("50-q3-draft.md", DRAFT)
    out = status(bench)
    assert "5 approved, 0 in review, 1 draft" in out
    assert re.search(r"Not approved\s+50-q3-draft\.md \(draft\)", out)
    assert row(out, "q3")[:2] == ["q3", "yes"]
    data = status_json(bench)
    assert data["by_status"]["draft"] == ["50-q3-draft.md"]
    assert data["approval_missing"] == ["50-q3-draft.md"]


def test_withdrawn_contributor_and_what_is_left_out(bench: Bench) -> None:
    out = status(bench)
    assert re.search(r"Withdrawn\s+gus withdrew on 2025-06-01: 30-q2-withdrawn\.md", out)
    assert "30-q2-withdrawn.md: left out, written by gus" in out
    assert "40-voices.md:11: a quote by gus" in out  # line 5 of the file is its approval record
    assert "the time gus gave on 2026-01-12 is not counted" in out
    gus = status_json(bench)["withdrawn"][0]
    assert (gus["id"], gus["on"], gus["files"]) == ("gus", "2025-06-01", ["30-q2-withdrawn.md"])
    assert len(gus["left_out"]) == 3
    # a withdrawal already in force does not block approval: the file is simply not used
    assert "30-q2-withdrawn.md" not in status_json(bench)["approval_missing"]


def test_contributor_who_left_is_flagged_on_their_work(bench: Bench) -> None:
    fay = bench.root / "contributors/fay.yaml"
    fay.write_text(fay.read_text() + "left: 2026-02-01\n")
    out = status(bench)
    assert re.search(r"Left\s+fay left on 2026-02-01: 20-q1-offer\.md", out)
    assert "- fay left on 2026-02-01" in out  # under the 20-q1-offer.md row
    offer = next(c for c in status_json(bench)["contributions"] if c["file"] == "20-q1-offer.md")
    assert offer["flags"] == ["fay left on 2026-02-01"] and not offer["left_out"]


def test_quote_without_consent_comes_from_the_build_check(bench: Bench) -> None:
    bench.contribution("60-q3.md", "---\nanswers: q3\nby: [ada]\nstatus: approved\n---\n> Words.\n> — @ivy\n")
    out = status(bench)
    assert re.search(r"No consent\s+60-q3\.md:\d+ quotes ivy", out)
    assert "1 to fix" in out
    assert status_json(bench)["quotes_without_consent"] == [{"contributor": "ivy", "file": "60-q3.md", "line": 7}]


def test_hours_count_people_present_and_lived_experience_separately(bench: Bench) -> None:
    # 2.5 h x ada, bo, cy, hal (gus withdrew) + 2 h x ada, dee, eli, fay; hal has no lived experience
    assert re.search(
        r"Hours\s+18 person-hours in 2 sessions, 15.5 of them by people with lived experience", status(bench)
    )
    assert status_json(bench)["hours"] == {
        "lived_experience_hours": 15.5,
        "person_hours": 18.0,
        "planned": 0,
        "sessions": 2,
    }


def test_closing_date_countdown_is_loud_when_close(bench: Bench) -> None:
    assert "closes in 4 days (1 March 2026)" in status(bench)
    coloured = CliRunner().invoke(cli, ["status", str(bench.response)], color=True).output
    assert "\x1b[31m\x1b[1mcloses in 4 days" in coloured or "\x1b[1m\x1b[31mcloses in 4 days" in coloured


def test_no_color_is_respected(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = CliRunner().invoke(cli, ["status", str(bench.response)], color=True).output
    assert "closes in 4 days" in out and "\x1b[" not in out


def test_past_deadline_wording(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-03-13")
    assert "closed 12 days ago (1 March 2026)" in status(bench)
    assert status_json(bench)["days_left"] == -12


def test_far_deadline_is_not_loud(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-01-01")
    coloured = CliRunner().invoke(cli, ["status", str(bench.response)], color=True).output
    assert "closes in 59 days" in coloured and "\x1b[31m\x1b[1mcloses" not in coloured


def test_json_is_stable_sorted_and_names_nobody(bench: Bench) -> None:
    text = run(["status", "--json"], cwd=bench.root).output
    data = json.loads(text)
    assert data["today"] == "2026-02-25"
    r = data["responses"][0]
    assert sorted(r) == [
        "approval_missing",
        "by_status",
        "closes",
        "consent_missing",
        "consultation",
        "contributions",
        "days_left",
        "folder",
        "git",
        "hours",
        "left",
        "loaded",
        "outcome",
        "outcome_reminder",
        "problems",
        "questions",
        "quotes_without_consent",
        "review",
        "slug",
        "title",
        "unsorted",
        "withdrawn",
    ]
    assert (r["closes"], r["days_left"]) == ("2026-03-01", 4)
    assert list(r["questions"][0]) == sorted(r["questions"][0])  # keys are sorted
    assert run(["status", "--json"], cwd=bench.root).output == text  # the same every time
    for private in WITHHELD:
        assert private.lower() not in text.lower(), private


def git_bench(bench: Bench) -> None:
    repo = Repo.init(bench.root)
    hal = Actor("Hal Brennan", "hal@example.org")
    repo.index.add([str(p) for p in bench.root.rglob("*") if p.is_file() and ".git" not in p.parts])
    repo.index.commit("start", author=hal, committer=hal)
    for name, who in (("31-q2-referral.md", Actor("Bo L", "bo@example.org")), ("10-summary.md", None)):
        path = bench.response / name
        path.write_text(path.read_text() + "\nOne more line.\n")
        repo.index.add([str(path)])
        author = who or Actor("Quentin Unmapped", "q@example.com")
        repo.index.commit("edit", author=author, committer=author)
    repo.close()


def test_git_edits_and_unknown_addresses_show_in_the_terminal_only(bench: Bench) -> None:
    git_bench(bench)
    out = status(bench)
    assert re.search(r"Git\s+3 commits changed this response", out)
    assert "Quentin Unmapped <q@example.com>: 10-summary.md" in out
    assert "edited by bo (git)" in out  # under 31-q2-referral.md, which cy wrote
    assert "edited by hal" not in out  # hal only added the files
    data = status_json(bench)
    assert data["git"] == {"commits": 3, "note": None, "unknown_commits": 1, "unknown_files": ["10-summary.md"]}
    referral = next(c for c in data["contributions"] if c["file"] == "31-q2-referral.md")
    assert referral["edited_by"] == ["bo"] and referral["changed_by"] == ["bo", "hal"]
    text = json.dumps(data)
    for private in (*WITHHELD, "Quentin", "q@example.com", "Bo L"):
        assert private not in text, private


def test_not_a_git_repository_is_a_note_not_an_error(bench: Bench) -> None:
    assert "not in a git repository" in status(bench)
    assert status_json(bench)["git"]["note"].startswith("this workbench is not in a git repository")


def test_content_error_still_gives_a_status(bench: Bench) -> None:
    warnings = status_json(bench)["problems"]["warnings"]
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [ada]\nstatus: finished\n---\nText\n")
    out = status(bench)
    assert "1 to fix" in out
    assert row(out, "q1")[:3] == ["q1", "yes", "47 / 120"]  # what loaded is still shown
    assert "gus withdrew on 2025-06-01" in out
    # the error, and every check's findings on the rest, as `check` lists them: not hidden until it is fixed
    assert status_json(bench)["problems"] == {"errors": 1, "final": 0, "warnings": warnings}


def test_unknown_contributor_still_gives_a_status(bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [zed]\nstatus: draft\n---\nText\n")
    out = status(bench)
    assert "1 to fix" in out and "70-x.md" in out
    data = status_json(bench)
    assert data["approval_missing"] == ["70-x.md"]
    assert data["questions"][0]["words"] is None  # not assembled: the words are not known
    assert data["questions"][1]["files"] == ["31-q2-referral.md"]  # gus's withdrawn answer is still not counted


def test_unreadable_response_exits_1(bench: Bench) -> None:
    (bench.response / "response.yaml").write_text("title: [unclosed\n")
    out = assert_user_error(run(["status"], cwd=bench.root), 1)
    assert "response.yaml could not be read" in out


def test_unknown_slug_is_a_usage_error(bench: Bench) -> None:
    out = assert_user_error(run(["status", "no-such-response"], cwd=bench.root), 2)
    assert "no response 'no-such-response'" in out and "crisis-house" in out


def test_bad_today_is_a_usage_error(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", "tomorrow")
    assert "COPRODUCE_TODAY=tomorrow is not a date" in assert_user_error(run(["status"], cwd=bench.root), 2)


def test_outside_a_workbench_is_a_usage_error(tmp_path: Path) -> None:
    assert "no workbench found" in assert_user_error(run(["status"], cwd=tmp_path), 2)
