"""The year's impact (`coproduce report --from --to`): totals across every response in a period.

What counts in the period:
- a session counts when it was held in the period (from and to included) and by today: its hours
  per person, sessions, people and payments, with exactly the arithmetic of `coproduce hours`
  (each response's sessions in the period go through `workflow.hours.hours_report`), so the
  report's hours and money equal the sum of the responses' `hours --csv` over the same sessions;
- a response counts as sent in the period when `outcome: submitted:` (else its `date:`) falls in it:
  its questions answered and its outcome (the body's response, and each recommendation's result).
A response is listed when it had a session or was sent in the period.

People are counted once across responses; staff (contributors with `lived_experience: false`) are
counted apart. Nobody is named but those credited by name (`assemble/people.py`: credit: name,
with consent, not withdrawn today): the report is for an annual review, so it is public.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipeline.assemble.document import assemble
from pipeline.errors import CoproduceError, Problem
from pipeline.load.outcome_schema import RESULTS
from pipeline.load.workbench import ResponseFolder, Workbench, load
from pipeline.vocabulary import hours_text, long_date
from pipeline.workflow.hours import hours_report, money, spreadsheet_safe
from pipeline.workflow.outcome import RESULT_WORDS, outcome_line, result_counts
from pipeline.workflow.watch import load_watch, skipped


@dataclass
class ResponseLine:
    slug: str
    title: str
    body: str
    sent: dt.date | None  # in the period, else None
    sessions: int
    hours: Decimal  # person-hours in the period
    questions_answered: int
    outcome: str  # one line: what the body did, or that it is awaited


@dataclass
class YearReport:
    start: dt.date
    end: dt.date
    on: dt.date
    responses: list[ResponseLine] = field(default_factory=list)
    hours: Decimal = Decimal(0)
    lived_experience_hours: Decimal = Decimal(0)
    sessions: int = 0
    volunteers: int = 0  # people taking part, each once, staff apart
    staff: int = 0
    sent: int = 0
    questions_answered: int = 0
    replies: int = 0  # responses sent in the period whose body's response is recorded
    results: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESULTS, 0))
    due: Decimal = Decimal(0)
    expenses: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    by_month: dict[str, Decimal] = field(default_factory=dict)  # "2025-04" -> person-hours
    credited: list[str] = field(default_factory=list)  # names as credited, credit: name only
    skipped: dict[str, int] = field(default_factory=dict)  # watch.yaml: consultations not answered, by reason


def _in(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def _within(response: ResponseFolder, start: dt.date, end: dt.date) -> ResponseFolder:
    """The response with only the sessions held in the period: what `hours_report` then totals."""
    kept = [s for s in response.data.involvement if _in(s.date, start, end)]
    return dataclasses.replace(response, data=response.data.model_copy(update={"involvement": kept}))


def year_report(root: Path, start: dt.date, end: dt.date, on: dt.date) -> YearReport:
    report = YearReport(start, end, on)
    problems: list[Problem] = []
    loaded: list[tuple[Workbench, ResponseFolder]] = []
    for folder in Workbench(root).response_dirs():
        try:
            loaded.append(load(folder))
        except CoproduceError as exc:  # every response's problems at once
            problems.extend(exc.problems)
    if problems:
        raise CoproduceError(problems, "fix these before the report can be made (coproduce check lists them too)")
    people: set[str] = set()
    credited: dict[str, str] = {}
    for wb, response in loaded:
        hours = hours_report(wb, _within(response, start, end), on)
        data = response.data
        sent_on = data.outcome.submitted if data.outcome and data.outcome.submitted else data.date
        sent = _in(sent_on, start, end)
        if not hours.sessions and not sent:
            continue
        report.sessions += hours.sessions
        report.hours += hours.total("hours")
        report.due += hours.total("due")
        report.expenses += hours.total("expenses")
        report.paid += hours.total("paid")
        for h in hours.time.held if hours.time else ():  # in the period (_within) and held by `on`
            month = f"{h.session.date:%Y-%m}"
            given = h.person_hours(hours.decided, withdrawn_too=True)  # everyone's time, as it was paid
            report.by_month[month] = report.by_month.get(month, Decimal(0)) + given
            report.lived_experience_hours += h.person_hours(hours.decided, lived_only=True, withdrawn_too=True)
        people.update(p.id for p in hours.people)
        answered = 0
        assembly = assemble(wb, response, draft=True, today=on)
        decided = assembly.people
        if sent:
            report.sent += 1
            # a question left unanswered on purpose prints "No response": not an answer
            chose_not = {q.id for q in data.questions if q.left_unanswered}
            answered = sum(
                1
                for sec in assembly.document.sections
                for a in sec.answers
                if a.blocks and a.question_id not in chose_not
            )
            report.questions_answered += answered
            for result, n in result_counts(data.outcome).items():
                report.results[result] += n
            if data.outcome and data.outcome.reply:
                report.replies += 1
        involved = {p.id for p in hours.people} | {pid for c in assembly.included for pid in c.meta.by}
        for pid in involved:
            person = decided.get(pid)
            if person is not None and person.named and person.credit and not person.withdrawn:
                credited[pid] = person.credit
        report.responses.append(
            ResponseLine(
                response.slug,
                data.title,
                data.consultation.by,
                sent_on if sent else None,
                hours.sessions,
                hours.total("hours"),
                answered,
                outcome_line(data),
            )
        )
    if loaded:  # every response shares the workbench's contributors
        contributors = loaded[0][0].contributors
        report.staff = sum(1 for pid in people if not contributors[pid].data.lived_experience)
        report.volunteers = len(people) - report.staff
    report.skipped = skipped(load_watch(root), start, end)
    report.by_month = dict(sorted(report.by_month.items()))
    report.credited = sorted(set(credited.values()), key=str.casefold)
    return report


def totals(r: YearReport) -> list[tuple[str, str]]:
    """The figures, in the order they are printed: (what, value)."""
    rows = [
        ("Hours given (hours per person at each session)", hours_text(r.hours)),
        ("of them by people with lived experience", hours_text(r.lived_experience_hours)),
        ("Sessions held", str(r.sessions)),
        ("People taking part, each counted once (staff apart)", str(r.volunteers)),
        ("Staff taking part", str(r.staff)),
        ("Responses sent", str(r.sent)),
        ("Questions answered", str(r.questions_answered)),
        ("Responses the body has replied to", str(r.replies)),
    ]
    rows += [(f"Recommendations {RESULT_WORDS[k]}", str(v)) for k, v in r.results.items()]
    rows += [(f"Consultations not answered: {reason}", str(n)) for reason, n in r.skipped.items()]
    rows += [
        ("Payments due for time", money(r.due)),
        ("Expenses", money(r.expenses)),
        ("Paid", money(r.paid)),
    ]
    return rows


def period(r: YearReport) -> str:
    return f"{long_date(r.start, 'en-GB')} to {long_date(r.end, 'en-GB')}"


def as_csv(r: YearReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def row(cells: list[str]) -> None:
        writer.writerow([spreadsheet_safe(c) for c in cells])

    row([f"# Our year's impact, {period(r)}"])
    row(["figure", "value"])
    for what, value in totals(r):
        row([what, value])
    row([])
    row(["month", "hours"])
    for month, h in r.by_month.items():
        row([month, hours_text(h)])
    row([])
    row(["response", "title", "consultation by", "sent", "sessions", "hours", "questions answered", "outcome"])
    for line in r.responses:
        sent = line.sent.isoformat() if line.sent else ""
        row([line.slug, line.title, line.body, sent, str(line.sessions), hours_text(line.hours),
             str(line.questions_answered), line.outcome])  # fmt: skip
    return out.getvalue()


def as_docx(r: YearReport, organisation: str, brand: object = None, *, pdf: bool = False) -> bytes:
    """The annual-review appendix: totals, hours by month, the responses with their outcomes, who is credited.
    The figures a chart would show are tables (a screen reader reads a table; a chart needs one beside it)."""
    from pipeline import model as m
    from pipeline.workflow.charts import bar_chart
    from pipeline.workflow.plain_docx import Bullets, Heading, Para, Part, Picture, Table, write_docx

    parts: list[Part] = [
        Para(f"What {organisation} and the people taking part gave, and what it changed, {period(r)}."),
        Heading("The year in figures"),
        Table("The year in figures: each figure and its value", ("Figure", "Value"), tuple(totals(r))),
        Heading("Hours by month"),
    ]
    look = brand if isinstance(brand, m.Brand) else m.Brand()
    if r.by_month:
        months = [f"{dt.date.fromisoformat(k + '-01'):%b %Y}" for k in r.by_month]
        chart = bar_chart("Hours given by month", months, list(r.by_month.values()), "hours", look.primary)
        parts.append(Picture(chart.png, chart.alt, chart.title))
        parts.append(
            Table(
                "Hours given in each month of the period",
                ("Month", "Hours"),
                tuple((f"{dt.date.fromisoformat(k + '-01'):%B %Y}", hours_text(v)) for k, v in r.by_month.items()),
            )
        )
    else:
        parts.append(Para("No sessions were held in the period."))
    if any(r.results.values()):
        labels = [RESULT_WORDS[k] for k in r.results]
        chart = bar_chart("Recommendations by what became of them", labels, list(r.results.values()),
                          "recommendations", look.primary)  # fmt: skip
        parts += [Heading("What became of our recommendations"), Picture(chart.png, chart.alt, chart.title)]
        parts.append(Table("Recommendations by what became of them", ("What became of them", "Recommendations"),
                           tuple((labels[k], str(n)) for k, n in enumerate(r.results.values()))))  # fmt: skip
    parts.append(Heading("The responses and what became of them"))
    for line in r.responses:
        parts.append(Heading(line.title, 2))
        sent = f"Sent on {long_date(line.sent, 'en-GB')}" if line.sent else "Not sent in this period"
        parts.append(
            Bullets(
                (
                    f"Consultation by {line.body}.",
                    f"{sent}; {line.questions_answered} questions answered.",
                    f"{line.sessions} sessions, {hours_text(line.hours)} hours given.",
                    f"Outcome: {line.outcome}.",
                )
            )
        )
    parts.append(Heading("Thank you"))
    if r.credited:
        parts.append(Para("Among those who took part and chose to be named:"))
        parts.append(Bullets(tuple(r.credited)))
    others = "Everyone else who took part chose not to be named here; thank you to them too."
    parts.append(Para(others))
    title = f"Our year's impact, {period(r)}"
    if pdf:  # the same parts, as a tagged PDF
        from pipeline.workflow.plain_pdf import write_pdf

        return write_pdf(title, parts, author=organisation, brand=look, stamp=r.end)
    return write_docx(title, parts, author=organisation, brand=look, stamp=r.end)


def report_files(root: Path, start: dt.date, end: dt.date, on: dt.date) -> dict[str, bytes]:
    """File name -> bytes (DOCX, PDF, CSV) of the year's report: what `coproduce report` writes and what the
    browser workbench would offer as downloads."""
    from pipeline.load.brand import read_brand

    report = year_report(root, start, end, on)
    brand, _ = read_brand(Workbench(root).template_dirs)
    organisation = _organisation(root)
    stem = f"impact-{start}-to-{end}"
    return {
        f"{stem}.docx": as_docx(report, organisation, brand),
        f"{stem}.pdf": as_docx(report, organisation, brand, pdf=True),
        f"{stem}.csv": as_csv(report).encode("utf-8-sig"),  # Excel reads names like Zoë right with the mark
    }


def _organisation(root: Path) -> str:
    """The organisation, as the responses name it (the most recent response's)."""
    names = []
    for folder in Workbench(root).response_dirs():
        _, response = load(folder)
        names.append((response.data.date or dt.date.min, response.data.organisation))
    return max(names)[1] if names else "Our organisation"
