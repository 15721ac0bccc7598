"""Equality monitoring (issue 24): answers kept apart and consented one by one; a report that counts one
question at a time, shows every count under 5 as "fewer than 5", and cannot be combined with the
credits' total to find anyone. Everyone here is invented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.workflow.monitoring import FEWER, HIDDEN, safe_counts
from tests.conftest import assert_user_error, run
from tests.factory import Bench

WHITE, ASIAN, BLACK = "White", "Asian or Asian British", "Black, Black British, Caribbean or African"


def _people(bench: Bench, n: int) -> list[str]:
    """n more people who took part, at one session."""
    ids = [f"p{i:02d}" for i in range(n)]
    for pid in ids:
        bench.write(
            f"contributors/{pid}.yaml",
            f"name: Invented Person{pid[1:]}\ncredit: anonymous\nlived_experience: true\n"
            "consent: {recorded: 2025-01-10, quotes: 'no'}\n",
        )
    path = bench.response / "response.yaml"
    text = path.read_text("utf-8")
    text += f"  - date: 2026-02-02\n    activity: Evening group\n    hours: 2\n    people: [{', '.join(ids)}]\n"
    path.write_text(text, "utf-8")
    return ids


def _answer(bench: Bench, pid: str, ethnicity: str, consent: str | None = "2026-02-02") -> None:
    agreed = f", consent: {consent}" if consent else ""
    bench.write(f"monitoring/{pid}.yaml", f'ethnicity: {{answer: "{ethnicity}"{agreed}}}\n')


def _report(bench: Bench, *args: str) -> str:
    result = run(["monitoring", "crisis-house", "--from", "2026-02-01", *args], cwd=bench.root)
    assert result.exit_code == 0, result.output
    return result.output


def _rows(output: str, question: str) -> dict[str, str]:
    block = output.split(f"\n{question}\n", 1)[1].split("\n\n", 1)[0]
    return dict(line.strip().split(": ", 1) for line in block.splitlines() if line.startswith("  "))


def test_categories_of_1_4_and_5_people(bench: Bench) -> None:
    ids = _people(bench, 10)
    for pid in ids[:5]:
        _answer(bench, pid, WHITE)
    for pid in ids[5:9]:
        _answer(bench, pid, ASIAN)
    _answer(bench, ids[9], BLACK)
    output = _report(bench)
    assert "People who took part: 10" in output
    rows = _rows(output, "Ethnic group")
    assert rows[WHITE] == "5"
    assert rows[ASIAN] == FEWER and rows[BLACK] == FEWER  # the 4 and the 1
    assert rows["Mixed or multiple ethnic groups"] == FEWER  # a 0 looks like any small count
    assert "4" not in rows.values() and "1" not in rows.values() and "0" not in rows.values()
    for pid in ids:
        assert pid not in output  # never an id
    assert "Invented" not in output and "Person" not in output


def test_one_person_alone_cannot_be_found_by_subtraction(bench: Bench) -> None:
    # nine White and one Black: the total (10) is printed, as the credits print it too; hiding the 1 alone
    # would leave 10 - 9 = 1, so the 9 is hidden with it
    ids = _people(bench, 10)
    for pid in ids[:9]:
        _answer(bench, pid, WHITE)
    _answer(bench, ids[9], BLACK)
    rows = _rows(_report(bench), "Ethnic group")
    assert rows[BLACK] == FEWER and rows[WHITE] == HIDDEN
    assert not any(v.isdigit() for v in rows.values())


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"a": 5, "b": 4, "c": 1}, {"a": "5", "b": FEWER, "c": FEWER}),
        ({"a": 9, "b": 1, "c": 0}, {"a": HIDDEN, "b": FEWER, "c": FEWER}),
        ({"a": 9, "b": 6, "c": 1}, {"a": "9", "b": HIDDEN, "c": FEWER}),
        ({"a": 7, "b": 6, "c": 0}, {"a": "7", "b": "6", "c": FEWER}),  # nobody to protect
    ],
)
def test_safe_counts(counts: dict[str, int], shown: dict[str, str]) -> None:
    assert safe_counts(counts) == shown


def test_without_consent_or_after_withdrawal_an_answer_is_not_counted(bench: Bench, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = _people(bench, 10)
    for pid in ids:
        _answer(bench, pid, WHITE, consent=None if pid == ids[0] else "2026-02-02")
    _answer(bench, ids[1], WHITE, consent="2026-12-01")  # agreed after the day reported on
    from pipeline.errors import Problems
    from pipeline.load.workbench import Workbench, load_contributors
    from pipeline.workflow.monitoring import load_answers, load_questions

    wb = Workbench(bench.root)
    load_contributors(wb, Problems())
    questions = load_questions(wb)
    on = __import__("datetime").date(2026, 11, 20)
    assert load_answers(wb, ids[0], questions, on) == {}  # no consent date
    assert load_answers(wb, ids[1], questions, on) == {}  # agreed after the day reported on
    assert load_answers(wb, ids[2], questions, on) == {"ethnicity": WHITE}
    rows = _rows(_report(bench, "--to", "2026-11-20"), "Ethnic group")
    # 8 White and 2 not answered: the 2 are one small group, so the 8 is hidden with it
    assert rows["Not answered, or not agreed to"] == FEWER and rows[WHITE] == HIDDEN
    path = bench.root / "contributors" / f"{ids[2]}.yaml"
    path.write_text(path.read_text("utf-8").replace("quotes: 'no'}", "quotes: 'no', withdrawn: 2026-03-01}"))
    output = _report(bench, "--to", "2026-11-20")
    assert "People who took part: 9" in output  # withdrawn: left out, as every build leaves them out


def test_fewer_than_five_people_report_nothing(bench: Bench) -> None:
    ids = _people(bench, 4)
    for pid in ids:
        _answer(bench, pid, WHITE)
    output = _report(bench)
    assert "nothing is reported" in output and WHITE not in output


def test_a_wrong_answer_is_a_plain_message(bench: Bench) -> None:
    ids = _people(bench, 5)
    bench.write(f"monitoring/{ids[0]}.yaml", "ethnicity: {answer: Purple, consent: 2026-02-02}\n")
    output = assert_user_error(run(["monitoring", "crisis-house"], cwd=bench.root))
    assert f"monitoring/{ids[0]}.yaml:1" in output and "'Purple' is not an answer to 'ethnicity'" in output


def test_monitoring_answers_reach_no_build(bench: Bench) -> None:
    from tests.attacks.kit import built_clean

    ids = _people(bench, 5)
    bench.write(f"monitoring/{ids[0]}.yaml", "religion: {answer: Sikh, consent: 2026-02-02}\n")
    _, outputs = built_clean(bench)
    assert not outputs.contains("Sikh")
    assert not any(re.search("monitoring", name) for name in outputs.texts)


def test_an_organisation_sets_its_own_categories(bench: Bench) -> None:
    ids = _people(bench, 6)
    bench.write(
        "templates/monitoring/questions.yaml",
        "questions:\n  - id: ethnicity\n    text: Ethnic group\n    answers: [Cornish, Not Cornish]\n",
    )
    for pid in ids:
        bench.write(f"monitoring/{pid}.yaml", "ethnicity: {answer: Cornish, consent: 2026-02-02}\n")
    rows = _rows(_report(bench), "Ethnic group")
    assert rows["Cornish"] == "6" and rows["Not Cornish"] == FEWER
    assert "Age" in _report(bench)  # the shipped questions it does not change stay


def test_the_report_writes_nothing(bench: Bench) -> None:
    ids = _people(bench, 5)
    for pid in ids:
        _answer(bench, pid, WHITE)
    before = sorted(p for p in Path(bench.root).rglob("*"))
    _report(bench)
    assert sorted(p for p in Path(bench.root).rglob("*")) == before
