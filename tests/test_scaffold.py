"""Starting and adding work: `coproduce new`, `coproduce add`, `coproduce contributor add`."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import Problems
from pipeline.load.workbench import Workbench, load, load_contributors
from pipeline.workflow import scaffold
from pipeline.workflow.scaffold import next_number, parse_questions, short_words
from tests.conftest import assert_user_error, run
from tests.factory import Bench

NEW = [
    "--title",
    "Response: crisis care",
    "--organisation",
    "Riverside Peer Network",
    "--consultation",
    "Crisis care in Eastmoor",
    "--by",
    "Eastmoor ICB",
]


@pytest.fixture
def asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as at a terminal, so the prompts are asked (CliRunner's stdin is never a tty)."""
    monkeypatch.setattr(scaffold, "can_ask", lambda: True)


# ------------------------------------------------------------------ questions


@pytest.mark.parametrize(
    "line, qid, text",
    [
        ("1. Do you agree?", "q1", "Do you agree?"),
        ("1) Do you agree?", "q1", "Do you agree?"),
        ("Q2) What should change?", "q2", "What should change?"),
        ("q2. What should change?", "q2", "What should change?"),
        ("Question 4: Anything else?", "q4", "Anything else?"),
        ("3 - How should it work?", "q3", "How should it work?"),
        ("3 – How should it work?", "q3", "How should it work?"),
        ("  12.  Which?", "q12", "Which?"),
        ("4a. Which of these?", "q4a", "Which of these?"),
    ],
)
def test_numbered_question_styles(line: str, qid: str, text: str) -> None:
    questions, skipped = parse_questions(line + "\n")
    assert [(q.id, q.text) for q in questions] == [(qid, text)]
    assert skipped == []


@pytest.mark.parametrize(
    "suffix, limit",
    [
        ("(250 words)", 250),
        ("[max 300 words]", 300),
        ("(maximum 1,000 words)", 1000),
        ("(up to 200 words)", 200),
        ("(word limit: 150)", 150),
        ("(150 words max)", 150),
        ("", None),
    ],
)
def test_word_limits_become_limit(suffix: str, limit: int | None) -> None:
    [q] = parse_questions(f"1. Do you agree? {suffix}\n")[0]
    assert (q.text, q.limit) == ("Do you agree?", limit)


def test_continuation_lines_join_and_intro_lines_are_skipped() -> None:
    text = (
        "Consultation questions\n\n"
        "1. Do you agree that the four principles\n"
        "   should be in the Act? (250 words)\n"
        "\n"
        "2) In 2020, how many\n"
        "1.5 million people were affected?\n"
    )
    questions, skipped = parse_questions(text)
    assert [(q.id, q.text, q.limit) for q in questions] == [
        ("q1", "Do you agree that the four principles should be in the Act?", 250),
        ("q2", "In 2020, how many 1.5 million people were affected?", None),
    ]
    assert skipped == [(1, "Consultation questions")]


def test_short_words_and_numbering() -> None:
    assert short_words("Do you agree that the nearest relative should be replaced?") == "nearest-relative-replaced"
    assert next_number([], 3, 3) == "40"  # the first answer to q1 in an empty folder
    assert next_number([(10, 0), (40, 3), (50, 4)], 4, 3) == "51"  # after the other q2 answer
    assert next_number([(10, 0), (40, 3)], 1, 3) == "20"  # about, between summary and q1
    assert next_number([(10, 0), (20, 3)], 1, 3) == "15"  # no room for 20: the middle of the gap
    assert next_number([(10, 0), (11, 1)], 0, 3) == "10.1"  # no whole number left: a fraction keeps the order


# ------------------------------------------------------------------------ new


def test_new_with_options_writes_a_response_that_passes_check(bench: Bench) -> None:
    args = ["new", "crisis-care", *NEW, "--closes", "2027-03-01", "--url", "https://example.org/c", "--lead", "hal"]
    result = run(args, cwd=bench.root)
    assert result.exit_code == 0, result.output
    folder = bench.root / "responses" / "crisis-care"
    text = (folder / "response.yaml").read_text()
    assert text.startswith("# The response:")
    _, response = load(folder)
    assert response.data.title == "Response: crisis care"  # the ': ' was quoted
    assert response.data.consultation.closes is not None and str(response.data.consultation.closes) == "2027-03-01"
    assert response.data.lead == "hal"
    check = run(["check", "--draft", str(folder)])
    assert check.exit_code == 0, check.output


def test_new_with_a_questions_file(bench: Bench) -> None:
    pasted = bench.write(
        "questions.txt",
        """
        Questions
        1. Do you agree that crisis houses
           should open at night? (250 words)
        Q2) How should people be referred: by GP or themselves? [max 300 words]
        3 - Anything else?
        """,
    )
    result = run(["new", "crisis-care", *NEW, "--questions", str(pasted)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "with 3 questions" in result.output and "skipped" in result.output
    _, response = load(bench.root / "responses" / "crisis-care")
    assert [(q.id, q.text, q.limit) for q in response.data.questions] == [
        ("q1", "Do you agree that crisis houses should open at night?", 250),
        ("q2", "How should people be referred: by GP or themselves?", 300),
        ("q3", "Anything else?", None),
    ]
    assert run(["check", "--draft", str(bench.root / "responses" / "crisis-care")]).exit_code == 0


def test_new_asks_at_a_terminal(bench: Bench, asking: None) -> None:
    # a bad date is asked again; Enter skips an optional answer
    answers = "A title\nAn organisation\nA consultation\nA department\n2027-13-01\n\n\nhal\n\n"
    result = run_input(["new", "asked"], answers, bench.root)
    assert result.exit_code == 0, result.output
    assert "is not a day of the calendar: write it like 16/12/2026" in result.output
    _, response = load(bench.root / "responses" / "asked")
    assert response.data.organisation == "An organisation" and response.data.lead == "hal"
    assert response.data.consultation.url is None and response.data.consultation.closes is None


@pytest.mark.parametrize(
    "args, message",
    [
        (["new", "crisis-house", *NEW], "responses/crisis-house already exists"),
        (["new", "Crisis_House", *NEW], "'Crisis_House' cannot be a response name"),
        (["new", "-x", *NEW], ""),  # click's own usage error
        (["new", "ok-slug", "--title", "T"], "missing --organisation, --consultation, --by"),
        (["new", "ok-slug", *NEW, "--lead", "zed"], "lead 'zed' is not a contributor"),
        (["new", "ok-slug", *NEW, "--url", "example.org"], "'example.org' is not a web address"),
        (["new", "ok-slug", *NEW, "--closes", "2027-13-01"], "--closes"),
        (["new", "ok-slug", *NEW, "--questions", "nothing.txt"], "nothing.txt"),
    ],
)
def test_new_refuses_bad_input(bench: Bench, args: list[str], message: str) -> None:
    out = assert_user_error(run(args, cwd=bench.root), 2)
    assert message in out
    assert not (bench.root / "responses" / "ok-slug").exists()


def test_new_refuses_a_questions_file_without_questions(bench: Bench) -> None:
    bench.write("q.txt", "Please answer the questions below.\n")
    out = assert_user_error(run(["new", "x", *NEW, "--questions", "q.txt"], cwd=bench.root), 2)
    assert "no numbered questions found in q.txt" in out


def test_new_refuses_a_question_numbered_twice(bench: Bench) -> None:
    bench.write("q.txt", "1. First?\n1. Again?\n")
    out = assert_user_error(run(["new", "x", *NEW, "--questions", "q.txt"], cwd=bench.root), 2)
    assert "question 1 is numbered twice (lines 1 and 2)" in out


# ------------------------------------------------------------------------ add


def test_add_names_the_file_in_order_and_fills_front_matter(bench: Bench) -> None:
    result = run(["add", "crisis-house", "--answers", "q2", "--by", "ada", "--by", "bo"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    path = bench.response / "32-q2-people-referred.md"  # after 30- and 31-q2, before 40-voices
    text = path.read_text()
    assert text.startswith("---\n# Write the answer to q2 in 100 words or fewer")
    assert "answers: q2\nby: [ada, bo]\nstatus: draft\n---\n" in text
    check = run(["check", "--draft", str(bench.response)])
    assert check.exit_code == 0, check.output


def test_add_sections(bench: Bench) -> None:
    assert run(["add", "crisis-house", "--section", "about", "--by", "hal"], cwd=bench.root).exit_code == 0
    assert (bench.response / "15-about.md").is_file()  # between 10-summary and 20-q1
    args = ["add", "crisis-house", "--section", "next-steps", "--title", "Next steps: what we ask", "--by", "hal"]
    assert run(args, cwd=bench.root).exit_code == 0
    own = bench.response / "41-next-steps.md"  # own sections go after the others
    assert "title: 'Next steps: what we ask'" in own.read_text()
    assert run(["check", "--draft", str(bench.response)]).exit_code == 0


def test_add_to_a_new_response(bench: Bench) -> None:
    assert run(["new", "fresh", *NEW], cwd=bench.root).exit_code == 0
    result = run(["add", "fresh", "--section", "summary", "--by", "hal"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert (bench.root / "responses" / "fresh" / "10-summary.md").is_file()


@pytest.mark.parametrize(
    "args, code, message",
    [
        (
            ["--answers", "q9", "--by", "ada"],
            2,
            "question 'q9' is not in responses/crisis-house/response.yaml; use one of: q1, q2, q3",
        ),
        (
            ["--answers", "q1", "--by", "zed"],
            2,
            "by 'zed' is not a contributor; add contributors/zed.yaml or correct the id",
        ),
        (["--answers", "q1", "--by", "gus"], 2, "gus withdrew on 2025-06-01"),
        (["--answers", "q1"], 2, "say who writes it"),
        (["--by", "ada"], 2, "give --answers QID or --section NAME"),
        (["--answers", "q1", "--section", "about", "--by", "ada"], 2, "not both"),
        (["--section", "extra", "--by", "ada"], 2, "section 'extra' is your own, so it needs a title"),
        (["--section", "Next Steps", "--title", "X", "--by", "ada"], 2, "'Next Steps' cannot be a section name"),
    ],
)
def test_add_refuses_bad_input(bench: Bench, args: list[str], code: int, message: str) -> None:
    before = sorted(p.name for p in bench.response.iterdir())
    out = assert_user_error(run(["add", "crisis-house", *args], cwd=bench.root), code)
    assert message in out
    assert sorted(p.name for p in bench.response.iterdir()) == before


def test_add_to_an_unknown_response(bench: Bench) -> None:
    out = assert_user_error(run(["add", "nope", "--answers", "q1", "--by", "ada"], cwd=bench.root), 2)
    assert "no response 'nope'" in out


# ---------------------------------------------------------- contributor add


def _loaded(bench: Bench) -> Workbench:
    wb = Workbench(bench.root)
    problems = Problems()
    load_contributors(wb, problems)
    assert not problems.items, problems.items
    return wb


def test_contributor_add_by_options(bench: Bench) -> None:
    args = ["contributor", "add", "rosa", "--name", "Rosa Quinn", "--credit", "pseudonym", "--pseudonym", "Robin"]
    args += [
        "--quotes",
        "anonymous",
        "--lived-experience",
        "--email",
        "rosa@example.org",
        "--consent-date",
        "2026-01-12",
    ]
    result = run(args, cwd=bench.root)
    assert result.exit_code == 0, result.output
    rosa = _loaded(bench).contributors["rosa"].data
    assert (rosa.name, rosa.credit, rosa.pseudonym, rosa.lived_experience) == ("Rosa Quinn", "pseudonym", "Robin", True)
    assert rosa.emails == ["rosa@example.org"]
    assert str(rosa.consent.recorded) == "2026-01-12" and rosa.consent.quotes == "anonymous"


def test_contributor_add_by_prompts_in_plain_words(bench: Bench, asking: None) -> None:
    # name, id (Enter takes the suggestion), credit, the chosen name, quotes, lived experience, e-mail, agreed
    answers = "Rosa Quinn\n\n3\nRobin\n3\ny\nrosa@example.org\ny\n"
    result = run_input(["contributor", "add"], answers, bench.root)
    assert result.exit_code == 0, result.output
    for words in ("How would you like to be credited?", "3) a name you choose", "May we use your words as a quote?"):
        assert words in result.output
    assert "Do you have lived experience of the issues in this response?" in result.output
    rosa = _loaded(bench).contributors["rosa"].data
    assert (rosa.credit, rosa.pseudonym, rosa.consent.quotes) == ("pseudonym", "Robin", "attributed")
    assert rosa.consent.recorded is not None


def test_no_consent_date_when_they_declined(bench: Bench, asking: None) -> None:
    answers = "Sol Avery\nsol\n1\n1\nn\n\nn\n"
    result = run_input(["contributor", "add"], answers, bench.root)
    assert result.exit_code == 0, result.output
    assert "Consent is not recorded" in result.output
    sol = _loaded(bench).contributors["sol"].data
    assert sol.consent.recorded is None and sol.credit == "name" and sol.lived_experience is False
    scripted = ["contributor", "add", "tam", "--name", "Tam", "--credit", "name", "--quotes", "no"]
    assert run([*scripted, "--no-lived-experience"], cwd=bench.root).exit_code == 0
    assert _loaded(bench).contributors["tam"].data.consent.recorded is None


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["ada", "--name", "A", "--credit", "name", "--quotes", "no", "--lived-experience"],
            "contributors/ada.yaml already exists",
        ),
        (
            ["Bad Id", "--name", "A", "--credit", "name", "--quotes", "no", "--lived-experience"],
            "cannot be a contributor id",
        ),
        (["new1", "--name", "A"], "missing --credit, --quotes, --lived-experience or --no-lived-experience"),
        (
            ["new1", "--name", "A", "--credit", "pseudonym", "--quotes", "no", "--lived-experience"],
            "add  --pseudonym NAME",
        ),
        (["new1", "--name", "A", "--credit", "role", "--quotes", "no", "--lived-experience"], "add  --role"),
        (["new1", "--name", "A", "--credit", "famous", "--quotes", "no", "--lived-experience"], "--credit"),
        (
            [
                "new1",
                "--name",
                "A",
                "--credit",
                "name",
                "--quotes",
                "no",
                "--lived-experience",
                "--consent-date",
                "2999-01-01",
            ],
            "has not come yet",
        ),
    ],
)
def test_contributor_add_refuses_bad_input(bench: Bench, args: list[str], message: str) -> None:
    out = assert_user_error(run(["contributor", "add", *args], cwd=bench.root), 2)
    assert message in out
    assert not (bench.root / "contributors" / "new1.yaml").exists()


# ------------------------------------------------------------------- helpers


def run_input(args: list[str], text: str, cwd: Path):  # type: ignore[no-untyped-def]
    import os

    from click.testing import CliRunner

    from pipeline.cli import cli

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, input=text, catch_exceptions=True)
    finally:
        os.chdir(old)
