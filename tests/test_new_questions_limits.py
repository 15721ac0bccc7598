"""`coproduce new --questions`: every way a consultation page states a limit is read, the limit sentence is
taken out of the question, and a question that speaks of words with no limit read is reported for the coordinator.
Each answer at a prompt is checked as it is typed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from pipeline.cli import cli
from pipeline.workflow import scaffold
from pipeline.workflow.questions import parse_questions
from tests.conftest import run
from tests.factory import Bench

NEW = [
    "--title",
    "Our answer",
    "--organisation",
    "Harbourside Voices",
    "--consultation",
    "Ferry fares",
    "--by",
    "Ferry Board",
]


@pytest.mark.parametrize(
    "pasted, words, chars",
    [
        ("Please keep your answer to 200 words or fewer.", 200, None),
        ("(max 500 characters)", None, 500),
        ("Maximum 250 words", 250, None),
        ("You can write up to 300 words.", 300, None),
        ("Please write no more than 1,000 characters.", None, 1000),
        ("Word limit: 400", 400, None),
        ("Word limit: 400.", 400, None),
        ("(250-word limit)", 250, None),
        ("Responses should be no longer than 300 words.", 300, None),
        ("Please answer in 250 words or less.", 250, None),
        ("Character limit: 2,000", None, 2000),
        ("300 words maximum.", 300, None),
        ("Max. 200 words", 200, None),
        ("– max 100 words", 100, None),
        ("[Maximum of 150 words]", 150, None),
        ("Limit 1500 characters including spaces", None, 1500),
        ("Answers are limited to 2,000 characters including spaces.", None, 2000),
        ("There is a limit of 250 words.", 250, None),
        ("Word count: 400 max", 400, None),
    ],
)
def test_every_way_a_limit_is_stated_is_read_and_taken_out(pasted: str, words: int | None, chars: int | None) -> None:
    [q], _ = parse_questions(f"2. Should ferry fares be capped for carers? {pasted}\n")
    assert (q.text, q.limit, q.chars, q.unsure) == ("Should ferry fares be capped for carers?", words, chars, "")


def test_a_limit_sentence_in_the_middle_is_taken_out_and_the_rest_kept() -> None:
    [q], _ = parse_questions("1. Do you agree? Maximum 250 words. Please give reasons for your answer.\n")
    assert (q.text, q.limit) == ("Do you agree? Please give reasons for your answer.", 250)


def test_a_number_of_words_inside_a_question_is_no_limit_but_is_reported() -> None:
    [q], _ = parse_questions("1. In no more than 200 words, what would help you most?\n")
    assert (q.text, q.limit, q.unsure) == ("In no more than 200 words, what would help you most?", None, "words")


@pytest.mark.parametrize(
    "text",
    [
        "Which 3 words describe the ferry service best?",
        "Please tell us in your own words what happened.",
        "In 200 words, tell us why.",
        "Should up to 500 words of guidance be given?",
        "Under the proposal, staff may write up to 500 words of notes. Do you agree?",
        "Do you agree? Under the plan, each record holds no more than 300 words.",
    ],
)
def test_words_spoken_of_without_a_limit_are_unsure(text: str) -> None:
    [q], _ = parse_questions(f"1. {text}\n")
    assert (q.text, q.limit, q.chars) == (text, None, None)
    assert q.unsure.lower().startswith("word")


def test_new_writes_the_limits_and_reports_the_unsure_question(bench: Bench) -> None:
    pasted = bench.write(
        "questions.txt",
        "1. Should ferry fares be capped for carers? Please keep your answer to 200 words or fewer.\n"
        "2. What would make the crossing easier? (max 500 characters)\n"
        "3. Which 3 words describe the service best?\n",
    )
    result = run(["new", "ferry-fares", *NEW, "--questions", str(pasted)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((bench.root / "responses/ferry-fares/response.yaml").read_text())
    assert data["questions"] == [
        {"id": "q1", "text": "Should ferry fares be capped for carers?", "limit": 200},
        {"id": "q2", "text": "What would make the crossing easier?", "chars": 500},
        {"id": "q3", "text": "Which 3 words describe the service best?"},
    ]
    assert "check q3 (line 3" in result.output and "'words'" in result.output
    assert "check q1" not in result.output and "check q2" not in result.output


# ------------------------------------------------------------------ prompts


def _asked(bench: Bench, monkeypatch: pytest.MonkeyPatch, answers: str) -> Result:
    monkeypatch.setattr(scaffold, "can_ask", lambda: True)
    monkeypatch.chdir(bench.root)
    return CliRunner().invoke(cli, ["new", "asked"], input=answers, catch_exceptions=True)


def test_a_web_address_without_https_is_asked_again_at_once(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    # title, organisation, consultation, by, closes (skipped), a bad address, then a good one, lead, questions
    answers = "T\nO\nC\nB\n\nwww.example.org/ferry\nhttps://example.org/ferry\n\n\n"
    result = _asked(bench, monkeypatch, answers)
    assert result.exit_code == 0, result.output
    # the complaint comes straight after the bad address, before the lead is asked for
    bad = result.output.index("'www.example.org/ferry' is not a web address")
    assert bad < result.output.index("Your contributor id, as lead")
    data = yaml.safe_load((bench.root / "responses/asked/response.yaml").read_text())
    assert data["consultation"]["url"] == "https://example.org/ferry"


def test_an_unknown_lead_and_a_missing_questions_file_are_asked_again(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    pasted = bench.write("qs.txt", "1. Is the timetable clear?\n")
    answers = f"T\nO\nC\nB\n\n\nzed\nhal\nnot-there.txt\n{pasted}\n"
    result = _asked(bench, monkeypatch, answers)
    assert result.exit_code == 0, result.output
    assert "lead 'zed' is not a contributor" in result.output
    assert "no file not-there.txt" in result.output
    data = yaml.safe_load((bench.root / "responses/asked/response.yaml").read_text())
    assert data["lead"] == "hal" and data["questions"] == [{"id": "q1", "text": "Is the timetable clear?"}]


def test_a_path_dragged_into_the_terminal_comes_quoted(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    pasted = bench.write("my questions.txt", "1. Is the timetable clear?\n")
    result = _asked(bench, monkeypatch, f"T\nO\nC\nB\n\n\n\n'{Path(pasted)}'\n")
    assert result.exit_code == 0, result.output
    assert "with 1 questions" in result.output


def test_a_questions_file_with_no_questions_is_asked_for_again(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = bench.write("notes.txt", "Please answer the questions below.\n")
    good = bench.write("qs.txt", "1. Is the timetable clear? Maximum 150 words\n")
    result = _asked(bench, monkeypatch, f"T\nO\nC\nB\n\n\n\n{empty}\n{good}\n")
    assert result.exit_code == 0, result.output
    assert "no numbered questions found in" in result.output
    data = yaml.safe_load((bench.root / "responses/asked/response.yaml").read_text())
    assert data["questions"] == [{"id": "q1", "text": "Is the timetable clear?", "limit": 150}]
