"""The hours report: per person, the sessions and hours they gave and what they are owed,
for the organisation's finance team (`coproduce hours`).

INTERNAL. It names people, because they are being paid; so it is written only to
standard output or to a file the user names, never into build/, a response folder
or templates/, and never into a submission (nothing here is read by a build). Its
header says so.

Amounts: each person's time at a session is the session's hours times its `rate:`,
rounded to the penny, unless they declined payment for it; their expenses are added.
Hours are exact decimals, printed as given. A person who has withdrawn is still
listed: their time is left out of the submission, but paying people is not
publishing them, so what they are owed stays on the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pipeline.assemble.people import decide_all
from pipeline.assemble.time_given import TimeGiven, time_given
from pipeline.errors import UsageError
from pipeline.load.workbench import ResponseFolder, Workbench
from pipeline.model import Person
from pipeline.vocabulary import hours_text

PENNY = Decimal("0.01")
HEADER = (
    "INTERNAL: not for publication. This report names the people being paid for their time. "
    "Keep it with the finance team: do not publish it, attach it to a submission, "
    "or save it in build/, templates/ or a response folder."
)
# the same report as the workbench's pages serve it: promise 1 holds on every served page, so no private name
SERVED_HEADER = (
    "INTERNAL: not for publication. People are shown by id and as they are credited (blank: not credited);"
    " each person's name is on their own record in the workbench. Keep it with the finance team."
)
# where the report must never be written: what is built, what is printed, what is the response


def money(amount: Decimal) -> str:
    return f"{amount.quantize(PENNY, ROUND_HALF_UP):f}"


@dataclass
class PersonHours:
    id: str
    name: str  # private elsewhere: printed here only because this report is internal
    sessions: int = 0
    hours: Decimal = Decimal(0)
    due: Decimal = Decimal(0)  # for their time: hours x rate, rounded per session
    expenses: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)  # time and expenses of the sessions marked paid
    declined: int = 0  # sessions whose payment they declined
    unrated: int = 0  # sessions with no rate, so nothing is due for that time
    withdrawn: dt.date | None = None

    @property
    def to_pay(self) -> Decimal:
        return self.due + self.expenses - self.paid

    def notes(self, rated: bool = True) -> list[str]:
        out = []
        if self.withdrawn:
            left_out = "their time is left out of the submission, but they are still owed for it"
            out.append(f"withdrew on {self.withdrawn}: {left_out}")
        if self.declined:
            out.append(f"declined payment for {_sessions(self.declined)}")
        if self.unrated and rated:
            out.append(f"{_sessions(self.unrated)} with no rate: nothing due for that time")
        return out


@dataclass
class HoursReport:
    slug: str
    title: str
    shown: str  # response.yaml as shown
    on: dt.date
    people: list[PersonHours] = field(default_factory=list)
    sessions: int = 0  # held by `on`
    planned: int = 0  # dated after `on`: not counted yet
    rated: bool = False  # whether any session held has a rate
    time: TimeGiven | None = None  # the sessions held, as assemble/time_given.py counts them
    decided: dict[str, Person] = field(default_factory=dict)  # everyone, as assemble/people.py decided on `on`
    names: bool = True  # False: as served by the workbench, each person by id and their credit as printed

    @property
    def header(self) -> str:
        return HEADER if self.names else SERVED_HEADER

    @property
    def columns(self) -> tuple[str, ...]:
        return COLUMNS if self.names else ("id", "credited as", *COLUMNS[2:])

    def total(self, name: str) -> Decimal:
        return sum((getattr(p, name) for p in self.people), Decimal(0))


def _sessions(n: int) -> str:
    return f"{n} session" if n == 1 else f"{n} sessions"


def hours_report(wb: Workbench, response: ResponseFolder, on: dt.date, *, names: bool = True) -> HoursReport:
    """Everyone who took part in a session held by `on`, with what they gave and are owed. `names` False: each
    person by id and their credit as printed, never their name (what the workbench's download serves)."""
    report = HoursReport(response.slug, response.data.title, response.shown, on, names=names)
    decided = decide_all({pid: c.data for pid, c in wb.contributors.items()}, on)
    given = time_given(response.data.involvement, decided, on)  # the sessions held, as status and the credits
    report.planned, report.time, report.decided = given.planned, given, decided
    people: dict[str, PersonHours] = {}
    for h in given.held:
        s = h.session
        report.sessions += 1
        report.rated = report.rated or s.rate is not None
        for a in h.present:  # each person once; a withdrawn person's time is still paid
            shown = wb.contributors[a.id].data.name if names else decided[a.id].credit or ""
            p = people.setdefault(a.id, PersonHours(a.id, shown))
            p.withdrawn = p.withdrawn or decided[a.id].withdrawn_on
            p.sessions += 1
            p.hours += s.hours
            time = Decimal(0)
            if a.declined:
                p.declined += 1
            elif s.rate is None:
                p.unrated += 1
            else:
                time = (s.hours * s.rate).quantize(PENNY, ROUND_HALF_UP)
            expenses = a.expenses or Decimal(0)
            p.due += time
            p.expenses += expenses
            if a.paid:
                p.paid += time + expenses
    # by name for finance; served, by id (an order by name would hint at the names)
    report.people = sorted(people.values(), key=lambda p: (p.name.casefold() if names else "", p.id))
    return report


COLUMNS = ("id", "name", "sessions", "hours", "due", "expenses", "paid", "to pay")


def _row(p: PersonHours) -> list[str]:
    return [
        p.id,
        p.name,
        str(p.sessions),
        hours_text(p.hours),
        money(p.due),
        money(p.expenses),
        money(p.paid),
        money(p.to_pay),
    ]


def _total_row(r: HoursReport) -> list[str]:
    return [
        "total",
        "",
        str(sum(p.sessions for p in r.people)),
        hours_text(r.total("hours")),
        money(r.total("due")),
        money(r.total("expenses")),
        money(r.total("paid")),
        money(sum((p.to_pay for p in r.people), Decimal(0))),
    ]


def _about(r: HoursReport) -> list[str]:
    lines = [
        f"Hours and payments for {r.title} ({r.shown}), sessions held up to {r.on}.",
        "Due is each session's hours times its rate, rounded to the penny per session, unless declined;"
        " paid counts the sessions marked paid: true.",
    ]
    if r.people and not r.rated:
        lines.append("No session has a rate yet, so nothing is due: add  rate:  to the sessions in response.yaml.")
    if r.planned:
        lines.append(f"{_sessions(r.planned)} dated after {r.on} not counted yet.")
    return lines


def as_text(r: HoursReport) -> str:
    out = io.StringIO()
    out.write(r.header + "\n\n")
    out.write("\n".join(_about(r)) + "\n\n")
    if not r.people:
        out.write("No sessions with people in them have been held yet.\n")
        return out.getvalue()
    rows = [list(r.columns), *(_row(p) for p in r.people), _total_row(r)]
    widths = [max(len(row[k]) for row in rows) for k in range(len(r.columns))]

    def line(row: list[str]) -> str:
        cells = [cell.ljust(w) if k < 2 else cell.rjust(w) for k, (cell, w) in enumerate(zip(row, widths, strict=True))]
        return "  ".join(cells).rstrip()

    out.write(line(rows[0]) + "\n")
    for row in rows[1:-1]:
        out.write(line(row) + "\n")
    out.write(line(rows[-1]) + "\n")
    notes = [(p.id, n) for p in r.people for n in p.notes(r.rated)]
    if notes:
        out.write("\nNotes:\n")
        out.writelines(f"  {pid}: {note}\n" for pid, note in notes)
    return out.getvalue()


# OWASP's rule for CSV injection: a spreadsheet runs a cell that starts with one of these as a formula
# (= + - @, tab, carriage return; a line feed and NUL too, and the full-width forms some spreadsheets fold)
FORMULA_START = frozenset("=+-@\t\r\n\0\uff1d\uff0b\uff0d\uff20")
# what a spreadsheet may skip before it looks: spaces (any width) and quote marks
_SPACES = (0x20, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)
_SKIPPED = "".join(map(chr, _SPACES)) + "\"'\u2018\u2019\u201c\u201d"
# a number as this report writes one (hours, money, counts): it stays a number, minus sign and all
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def spreadsheet_safe(cell: str) -> str:
    """A cell no spreadsheet runs as a formula: one that would start one (after any spaces or quote marks
    it may skip) gets the apostrophe spreadsheets read as "this is text" in front, and reads as typed
    after it. A number as the report writes it, like -12.50, is left to be a number."""
    if NUMBER.fullmatch(cell):
        return cell
    first = cell.lstrip(_SKIPPED)[:1]
    return f"'{cell}" if first and first in FORMULA_START or cell[:1] in FORMULA_START else cell


def as_csv(r: HoursReport) -> str:
    """The report for a spreadsheet. Names are typed by people (and may be typed by anyone into a
    contributor file), so every cell goes through `spreadsheet_safe`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def row(cells: list[str]) -> None:
        writer.writerow([spreadsheet_safe(cell) for cell in cells])

    row([f"# {r.header}"])
    for line in _about(r):
        row([f"# {line}"])
    row([*r.columns, "notes"])
    for p in r.people:
        row([*_row(p), "; ".join(p.notes(r.rated))])
    if r.people:
        row([*_total_row(r), ""])
    return out.getvalue()


def check_destination(wb: Workbench, out: Path) -> None:
    """Refuse to write the report where it could be built, printed or published (the one rule for private files)."""
    from pipeline.render.out_folder import refuse_private_destination

    target = Path(out).expanduser()
    why = "the hours report names the people being paid"
    refuse_private_destination(target.parent, wb.root, why=why, example="--out ~/hours.csv", code="usage.hours-out")
    if target.is_dir():
        fix = "give a file name, like hours.csv"
        raise UsageError(f"{out} is a folder", fix, path=str(out), code="usage.hours-out")


def render(report: HoursReport, as_csv_file: bool) -> str:
    return as_csv(report) if as_csv_file else as_text(report)
