"""Issue 8: one clock and one in-force rule, co-authors of withdrawn work, content that is no answer,
deadlines and aged consent."""

from __future__ import annotations

import re

import pytest

from tests.conftest import run
from tests.factory import Bench

R = "responses/crisis-house"


def _withdraw(bench: Bench, on: str) -> None:
    bench.write(
        "contributors/cy.yaml",
        f"""
        name: Cyrus Marlow
        credit: pseudonym
        pseudonym: Cygnet
        lived_experience: true
        consent: {{recorded: 2025-01-10, quotes: attributed, withdrawn: {on}}}
        """,
    )


@pytest.mark.parametrize(
    "today, in_force",
    [("2026-02-09", False), ("2026-02-10", True), ("2026-02-11", True)],
    ids=["the day before", "the day itself", "the day after"],
)
def test_a_withdrawal_is_in_force_from_its_day_for_every_command(
    bench: Bench, monkeypatch: pytest.MonkeyPatch, today: str, in_force: bool
) -> None:
    _withdraw(bench, "2026-02-10")
    monkeypatch.setenv("COPRODUCE_TODAY", today)
    check = run(["check", "--draft", str(bench.response)])
    status = run(["status", str(bench.response)])
    build = run(["build", "--draft", str(bench.response), "--format", "txt"])
    assert build.exit_code == 0, build.output
    left_out = f"{R}/31-q2-referral.md: left out, written by cy" in build.output
    assert left_out == in_force
    assert (f"{R}/31-q2-referral.md: left out" in check.output) == in_force
    withdrawn = status.output.split("  Withdrawn ")[1].split("\n")[0]
    assert ("cy withdrew on 2026-02-10" in withdrawn) == in_force, status.output
    answers = (bench.draft_out / "crisis-house-answers.txt").read_text(encoding="utf-8")
    assert ("refer themselves" in answers) != in_force


def test_a_bad_today_is_a_usage_error(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", "next tuesday")
    result = run(["check", str(bench.response)])
    assert result.exit_code == 2 and "COPRODUCE_TODAY=next tuesday is not a date" in result.output


def test_co_authors_of_withdrawn_work_are_named(bench: Bench) -> None:
    # ada and fay wrote 20-q1-offer.md; fay has no consent date, ada withdraws
    bench.write(
        "contributors/ada.yaml",
        """
        name: Ada Fenwick
        credit: name
        lived_experience: true
        consent: {recorded: 2025-01-10, quotes: attributed, withdrawn: 2025-06-01}
        """,
    )
    result = run(["check", "--draft", str(bench.response)])
    assert f"{R}/20-q1-offer.md:3: this contribution is left out because ada withdrew; the work of fay" in result.output
    assert "coproduce handover" in result.output


def test_an_empty_contribution_is_no_answer_and_earns_no_credit(bench: Bench) -> None:
    bench.contribution("60-q3-empty.md", "---\nanswers: q3\nby: [dee]\nstatus: approved\n---\n\n<!-- to do -->\n\n")
    result = run(["build", "--draft", str(bench.response), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert f"{R}/60-q3-empty.md:6: this contribution has no text yet" in result.output
    assert "question q3 has no answer" in result.output
    html = (bench.draft_out / "crisis-house.html").read_text(encoding="utf-8")
    assert "to do" not in html and 'id="question-q3"' not in html


def test_a_response_dated_after_closing_is_warned_about(bench: Bench) -> None:
    path = bench.response / "response.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-02-20", "date: 2026-03-05"), encoding="utf-8")
    result = run(["check", "--draft", str(bench.response)])
    assert f"{R}/response.yaml:9: the response is dated 2026-03-05, after the consultation closed" in result.output


def test_a_final_build_after_closing_is_warned_about(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-03-02")
    result = run(["check", str(bench.response)])
    assert "this final submission is being built after it closed" in result.output
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-03-01")  # the closing day itself is in time
    assert "being built after it closed" not in run(["check", str(bench.response)]).output


@pytest.mark.parametrize(
    "recorded, aged",
    [("2025-02-20", False), ("2025-02-19", True), ("2025-02-21", False)],
    ids=["exactly 12 months", "a day more", "a day less"],
)
def test_consent_older_than_twelve_months_is_warned_about(bench: Bench, recorded: str, aged: bool) -> None:
    # the response is dated 2026-02-20; dee wrote in it
    bench.write(
        "contributors/dee.yaml",
        f"""
        name: Delphine Oduya
        credit: role
        role: Peer Researcher
        lived_experience: true
        consent: {{recorded: {recorded}, quotes: attributed}}
        """,
    )
    out = run(["check", "--draft", str(bench.response)]).output
    assert ("contributors/dee.yaml:5: dee's consent was recorded on" in out) == aged, out
    if aged:
        assert "coproduce reconsent --confirm dee" in out


def test_dates_and_labels_follow_the_response_language(bench: Bench) -> None:
    from tests.conftest import docx_parts

    path = bench.response / "response.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("language: en-GB", "language: cy-GB"), encoding="utf-8")
    long = "\n\n".join(["Roedd y tŷ yn dawel bob nos, ac roedd rhywun yno i wrando bob amser."] * 90)
    bench.contribution(
        "50-hir.md", f"---\nanswers: q3\nby: [hal]\nstatus: draft\n---\n{long}\n"
    )  # long enough for contents
    result = run(["build", "--draft", str(bench.response), "--format", "html,docx,txt"])
    assert result.exit_code == 0, result.output
    html = (bench.draft_out / "crisis-house.html").read_text(encoding="utf-8")
    for welsh in (
        "Cynnwys",
        "Cwestiwn 1",
        "Nodiadau",
        "Cydnabyddiaethau",
        "20 Chwefror 2026",
        "1 Mawrth 2026",
        "Dyddiad cau",
        "Nodyn cynnwys",
        "DRAFFT",
        "12 Ionawr 2026",
        "Tudalen",
    ):
        assert welsh in html, welsh
    shown = re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)  # the stylesheet's own comments are English
    for english in ("Contents", "Question 1", "February", "Closing date", "Content note"):
        assert english not in shown, english
    document = docx_parts(bench.draft_out / "crisis-house.docx")["word/document.xml"]
    assert "Cwestiwn 1" in document and "20 Chwefror 2026" in document and "Question" not in document
    answers = (bench.draft_out / "crisis-house-answers.txt").read_text(encoding="utf-8")
    # footnotes follow each answer in the export (issue 10), so its Welsh labels are the question and the note
    assert "Cwestiwn 1:" in answers and "Nodyn cynnwys" in answers
