"""Hours that pay people: `coproduce hours`, the fuller involvement log, and hours printed as given.

The report is internal: it may name people (they are being paid), so it goes only
to standard output or a file the user names, never into build/, a response folder,
templates/ or any submission.
"""

from __future__ import annotations

import csv
import io
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline import model as m
from pipeline.assemble.document import assemble
from pipeline.load.workbench import load
from pipeline.settings import make_settings
from pipeline.workflow.hours import HEADER
from tests.conftest import assert_user_error, run
from tests.factory import Bench

# 1.75 h at 12.50 is 21.875: 21.88 to the penny. 23.25 h at 15 is 348.75.
SESSIONS = """
involvement:
  - date: 2026-01-12
    activity: Workshop on what helps in a crisis
    hours: 1.75
    rate: "12.50"
    people:
      - {id: ada, paid: true}
      - {id: bo, declined: true}
      - {id: cy, paid: true, expenses: 4.20}
      - gus
      - {id: hal, declined: true}
  - date: 2026-01-26
    activity: Reading group on the draft
    hours: 23.25
    rate: 15
    people: [ada, dee, eli, {id: fay, expenses: "12.40"}]
  - date: 2026-03-20
    activity: Planned follow-up
    hours: 2
    rate: 15
    people: [ada]
"""


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-02-25")


def with_sessions(bench: Bench, sessions: str = SESSIONS) -> None:
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("involvement:")] + textwrap.dedent(sessions).lstrip("\n"), encoding="utf-8")


def line_of(bench: Bench, word: str) -> int:
    lines = (bench.response / "response.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if word in line)


def hours(bench: Bench, *args: str) -> str:
    result = run(["hours", "crisis-house", *args], cwd=bench.root)
    assert result.exit_code == 0, result.output
    return result.output


def rows(report: str) -> dict[str, dict[str, str]]:
    lines = [line for line in report.splitlines() if not line.lstrip('"').startswith("#")]
    return {r["id"]: r for r in csv.DictReader(io.StringIO("\n".join(lines)))}


# ---------------------------------------------------------------------- the report


def test_the_plain_list_of_ids_still_works_and_the_report_names_people(bench: Bench) -> None:
    out = hours(bench)
    assert out.startswith(HEADER) and "INTERNAL: not for publication" in out
    assert "Ada Fenwick" in out and "Bo Lindqvist" in out  # internal: the people being paid are named
    assert "No session has a rate yet, so nothing is due" in out
    assert (
        "gus: withdrew on 2025-06-01: their time is left out of the submission, but they are still owed for it" in out
    )


def test_amounts_due_paid_declined_and_expenses_are_exact(bench: Bench) -> None:
    with_sessions(bench)
    table = rows(hours(bench, "--csv"))
    assert table["ada"] == {
        "id": "ada",
        "name": "Ada Fenwick",
        "sessions": "2",
        "hours": "25",
        "due": "370.63",
        "expenses": "0.00",
        "paid": "21.88",
        "to pay": "348.75",
        "notes": "",
    }
    assert (table["bo"]["hours"], table["bo"]["due"], table["bo"]["to pay"]) == ("1.75", "0.00", "0.00")
    assert table["bo"]["notes"] == "declined payment for 1 session"
    assert (table["cy"]["due"], table["cy"]["expenses"], table["cy"]["paid"], table["cy"]["to pay"]) == (
        "21.88",
        "4.20",
        "26.08",
        "0.00",
    )
    assert (table["fay"]["hours"], table["fay"]["due"], table["fay"]["expenses"]) == ("23.25", "348.75", "12.40")
    assert table["fay"]["to pay"] == "361.15"
    # withdrawn: left out of the submission, still owed
    assert (table["gus"]["hours"], table["gus"]["due"]) == ("1.75", "21.88")
    assert "still owed" in table["gus"]["notes"]
    total = table["total"]
    assert (total["sessions"], total["hours"]) == ("9", "101.75")
    assert total["due"] == f"{Decimal('21.88') * 3 + Decimal('348.75') * 4:.2f}"  # ada, cy, gus; ada, dee, eli, fay
    assert total["to pay"] == f"{Decimal(total['due']) + Decimal('16.60') - Decimal(total['paid']):.2f}"


def test_the_text_report_has_the_same_figures_and_says_what_is_not_counted(bench: Bench) -> None:
    with_sessions(bench)
    out = hours(bench)
    assert "1 session dated after 2026-02-25 not counted yet." in out
    ada = next(line for line in out.splitlines() if line.startswith("ada "))
    assert ada.split() == ["ada", "Ada", "Fenwick", "2", "25", "370.63", "0.00", "21.88", "348.75"]
    assert "bo: declined payment for 1 session" in out


def test_the_report_is_the_same_twice(bench: Bench) -> None:
    with_sessions(bench)
    assert hours(bench, "--csv") == hours(bench, "--csv")


# ------------------------------------------------------------- where it may go


@pytest.mark.parametrize("inside", ["build/hours.csv", "responses/crisis-house/hours.csv", "templates/hours.txt"])
def test_the_report_is_never_written_where_it_could_be_built_or_published(bench: Bench, inside: str) -> None:
    with_sessions(bench)
    result = run(["hours", "crisis-house", "--csv", "--out", inside], cwd=bench.root)
    out = assert_user_error(result, 2)
    assert "names the people being paid" in out
    assert not (bench.root / inside).exists()


def test_the_report_goes_to_a_file_the_user_names(bench: Bench, tmp_path: Path) -> None:
    with_sessions(bench)
    target = tmp_path / "finance" / "hours.csv"
    result = run(["hours", "crisis-house", "--csv", "--out", str(target)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "internal" in result.output and "Ada Fenwick" not in result.output
    assert target.read_bytes().startswith("\ufeff".encode())  # so Excel reads it as UTF-8
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith(f'"# {HEADER}"') and rows(text)["ada"]["due"] == "370.63"
    assert target.stat().st_mode & 0o077 == 0


def test_a_build_never_carries_the_report(bench: Bench, tmp_path: Path) -> None:
    with_sessions(bench)
    result = run(["build", str(bench.response), "--draft", "--format", "html,txt"])
    assert result.exit_code == 0, result.output
    for out in bench.draft_out.iterdir():
        text = out.read_text(encoding="utf-8")
        assert "INTERNAL" not in text and "370.63" not in text and "Bo Lindqvist" not in text


# ------------------------------------------------------------ hours as given


def test_hours_are_printed_as_given_in_the_submission(bench: Bench) -> None:
    with_sessions(bench, SESSIONS[: SESSIONS.index("  - date: 2026-03-20")])
    wb, response = load(bench.response)
    doc = assemble(wb, response, draft=True, today=make_settings().today).document
    # lived experience, present and not withdrawn: ada, bo, cy at 1.75; ada, dee, eli, fay at 23.25
    assert "who gave 98.25 hours across 2 sessions" in doc.credits.totals
    method = next(s for s in doc.sections if s.kind == "method")
    table = next(b for b in method.blocks if isinstance(b, m.Table))
    hours_column = ["".join(t.text for t in row[3].children if isinstance(t, m.Text)) for row in table.rows]
    assert hours_column == ["1.75", "23.25"]


def test_status_prints_hours_as_given(bench: Bench) -> None:
    with_sessions(bench)
    result = run(["status", "crisis-house"], cwd=bench.root)
    assert result.exit_code in (0, 1), result.output
    # ada, bo, cy, hal at 1.75 (gus withdrew) and ada, dee, eli, fay at 23.25
    assert "100 person-hours in 2 sessions, 98.25 of them by people with lived experience" in " ".join(
        result.output.split()
    )


# ------------------------------------------------------------------- bad input


def test_a_mistyped_payment_field_is_a_clear_message_in_check_and_hours(bench: Bench) -> None:
    with_sessions(bench, SESSIONS.replace("{id: ada, paid: true}", "{id: ada, payed: true}"))
    line = line_of(bench, "payed")
    for args in (["check", "--draft", str(bench.response)], ["hours", str(bench.response)]):
        out = assert_user_error(run(args, cwd=bench.root))
        column = (bench.response / "response.yaml").read_text().splitlines()[line - 1].index("payed") + 1
        assert f"response.yaml:{line}:{column}: unknown field 'involvement[1].people[1].payed'" in out
        assert "did you mean 'paid'?" in out


def test_one_person_listed_twice_differently_is_refused(bench: Bench) -> None:
    with_sessions(bench, SESSIONS.replace("      - gus\n", "      - gus\n      - {id: ada, paid: false}\n"))
    out = assert_user_error(run(["check", "--draft", str(bench.response)]))
    assert "'ada' is listed twice in one session, differently; list each person once" in out


def test_a_rate_that_is_not_a_number_is_refused_with_the_fix(bench: Bench) -> None:
    with_sessions(bench, SESSIONS.replace('rate: "12.50"', "rate: twelve pounds"))
    out = assert_user_error(run(["hours", str(bench.response)], cwd=bench.root))
    line = line_of(bench, "twelve")
    column = (bench.response / "response.yaml").read_text().splitlines()[line - 1].index("twelve") + 1
    assert f"response.yaml:{line}:{column}: 'involvement[1].rate' ('twelve pounds') is not valid" in out
    assert "write the payment per hour for this session, like 15 or 12.50" in out
