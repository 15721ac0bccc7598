"""People: everyone in the workbench, how each will be credited, their consent; one person's record; add a person.

Credits are shown exactly as a build prints them: the decision of `assemble/people.py`, never worked
out again here. Pages name people by id and credit only; a private name appears on one page alone,
that person's own record, to say whose record it is. Adding a person asks the questions of
`coproduce contributor add` and passes the answers through the same checks (`workflow/people.py`),
so the file written is the one the command writes.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.assemble.people import decide
from pipeline.errors import CoproduceError, Problems
from pipeline.load.workbench import ContributorFile, Workbench, load_contributors
from pipeline.vocabulary import ID, in_force, long_date, months_before
from pipeline.web import kit
from pipeline.workflow.consent_reconsent import consent_months, workbench_consent_months
from pipeline.workflow.people import (
    CONSENT_QUESTION,
    CREDIT_OPTIONS,
    QUESTIONS,
    QUOTES_OPTIONS,
    Asked,
    Typed,
    known_organisations,
    read_typed,
)

QUOTE_WORDS = {"no": "not quoted", "anonymous": "quoted without a name", "attributed": "quoted, credited as chosen"}


@dataclass(frozen=True)
class Row:
    """One person as the list shows them: id and credit as printed, consent in words. No private string."""

    id: str
    credit: str  # exactly what a build prints, or why nothing is
    printed: bool
    consent: str
    ask_again: bool
    quotes: str
    status: str  # "", "left on ...", "withdrew on ..."
    lived: bool


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def age(recorded: dt.date, today: dt.date) -> str:
    months = months_between(recorded, today)
    if recorded > today:
        return "from a day still to come"
    if months < 1:
        return "this month"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''} ago"
    return f"{months // 12} years ago"


def clashing(wb: Workbench, today: dt.date) -> set[str]:
    """Who is credited by another person's private name: a build refuses to print it, and so does this page."""
    from pipeline.assemble.people import decide_all
    from pipeline.privacy.identity import credit_clashes, identities

    everyone = {pid: c.data for pid, c in wb.contributors.items()}
    decided = decide_all(everyone, today)
    return {pid for pid, _, _ in credit_clashes(everyone, decided, identities(everyone, decided))}


def row(person: ContributorFile, today: dt.date, clash: bool = False, months: int = 12) -> Row:
    c = person.data
    decision = decide(person.id, c, today)  # what a build prints: the one decision
    if decision.credit is not None and clash:
        credit, printed = f"withheld: their {c.credit} is another person's private name; choose another", False
    elif decision.credit is not None:
        credit, printed = decision.credit, True
    elif decision.withdrawn_on:
        credit, printed = f"nothing: withdrew on {long_date(decision.withdrawn_on)}", False
    elif c.consent.recorded is None:
        credit, printed = "nothing yet: consent not recorded", False
    else:
        credit, printed = "not credited: chose not to be", False
    recorded = c.consent.recorded
    consent = f"recorded {long_date(recorded)} ({age(recorded, today)})" if recorded else "not recorded"
    # as  coproduce reconsent  asks: never recorded, or recorded before the cut-off
    ask_again = recorded is None or recorded < months_before(today, months)
    status = ""
    if decision.withdrawn_on:
        status = f"withdrew on {long_date(decision.withdrawn_on)}"
    elif in_force(c.left, today) and c.left:
        status = f"left on {long_date(c.left)}"
    quotes = QUOTE_WORDS[decision.quotes]
    asking = ask_again and not decision.withdrawn_on
    return Row(person.id, credit, printed, consent, asking, quotes, status, c.lived_experience)


def everyone(root: Path) -> tuple[Workbench, list[str]]:
    """The workbench's people as they load, and the files that could not be read (by name only)."""
    wb = Workbench(root)
    problems = Problems()
    load_contributors(wb, problems)
    return wb, sorted({p.path for p in problems.blocking(draft=True)})


def list_people(root: Path, today: dt.date) -> tuple[list[Row], list[str]]:
    wb, unreadable = everyone(root)
    clashes = clashing(wb, today)
    months = workbench_consent_months(root)  # as  coproduce reconsent  asks across every response
    return [row(p, today, p.id in clashes, months) for _, p in sorted(wb.contributors.items())], unreadable


def one(root: Path, pid: str) -> ContributorFile:
    """The person `pid` names, or a 404: an id from the address only picks among the loaded people."""
    wb, _ = everyone(root)
    if not ID.fullmatch(pid) or pid not in wb.contributors:
        raise HTTPException(404, "There is nobody with that id in this workbench.")
    return wb.contributors[pid]


def errors_of(found: list[Asked]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The error summary's entries (each linking to its field) and each field's own message."""
    summary = [{"field": a.field, "text": f"{a.problem.message}: {a.problem.fix}"} for a in found]
    by_field: dict[str, str] = {}
    for a in found:
        by_field.setdefault(a.field, f"{a.problem.message}: {a.problem.fix}")
    return summary, by_field


# ================================================================== pages


async def people(request: Request) -> Response:
    st = kit.state(request)
    rows, unreadable = await asyncio.to_thread(list_people, st.root, st.settings_today)
    slugs = sorted(st.folders)
    return kit.render(request, "people.html.j2", title="People", rows=rows, unreadable=unreadable, slugs=slugs)


def record_values(root: Path, pid: str, today: dt.date) -> dict[str, Any]:
    from pipeline.workflow.consent import load_all

    person = one(root, pid)
    loaded = load_all(root)
    from pipeline.web.hiding import hider_of  # the one masking of names on a page

    hide = hider_of(root, Workbench(root).response_dirs(), today)
    uses = [hide(str(u)) for u in loaded.uses if u.pid == pid]  # a file name or a session may hold a name
    c = person.data
    clash = pid in clashing(loaded.wb, today)
    return {
        "row": row(person, today, clash, consent_months(loaded.responses)),
        "name": c.name,  # their own record: the one page that says whose it is
        "credit_choice": c.credit,
        "pseudonym": "" if clash else c.pseudonym or "",  # another's private name is shown nowhere
        "role": "" if clash else c.role or "",
        "ordinary": list(c.ordinary_words),
        "organisation": c.organisation or "",  # an organisation's name, as their file gives it: not private
        "withdrawn": c.consent.withdrawn,
        "uses": uses,
        "credit_options": list(CREDIT_OPTIONS.items()),
    }


def unreadable_record(root: Path, pid: str, today: dt.date) -> list[kit.PlainProblem] | None:
    """The problems of a person's file that exists but does not load (where a problem's link leads), else None."""
    if not ID.fullmatch(pid) or not any((root / "contributors").glob(f"{pid}.y*ml")):
        return None
    wb = Workbench(root)
    problems = Problems()
    load_contributors(wb, problems)
    if pid in wb.contributors:
        return None
    mine = [p for p in problems.items if PurePosixPath(p.path).stem == pid]
    return kit.plain_all(mine, root, on=today) if mine else None


async def record(request: Request) -> Response:
    st = kit.state(request)
    pid = request.path_params["pid"]
    broken = await asyncio.to_thread(unreadable_record, st.root, pid, st.settings_today)
    if broken is not None:
        return kit.render(request, "people_unreadable.html.j2", status=409, title=f"{pid}'s record", pid=pid,
                          problems=broken)  # fmt: skip
    values = await asyncio.to_thread(record_values, st.root, pid, st.settings_today)
    from pipeline.web.pages.person_files import letter_choices  # their sheet and letters: on this page only

    letters = await asyncio.to_thread(letter_choices, st.folders, pid)
    return kit.render(request, "people_record.html.j2", title=f"{pid}'s record", pid=pid, field_errors={},
                      letters=letters, **values)  # fmt: skip


def _new_page(request: Request, typed: Typed, found: list[Asked], status: int = 200) -> Response:
    summary, by_field = errors_of(found)
    withheld = {a.field: "" for a in found if a.problem.code == "config.credit-is-private"}
    typed = dataclasses.replace(typed, **withheld)  # another person's private name is not shown back
    return kit.render(
        request,
        "people_new.html.j2",
        status=status,
        title="Add a person",
        typed=typed,
        errors=summary,
        field_errors=by_field,
        questions=QUESTIONS,
        credit_options=list(CREDIT_OPTIONS.items()),
        quotes_options=list(QUOTES_OPTIONS.items()),
        consent_question=CONSENT_QUESTION.split("\n")[0],
        organisations=known_organisations(kit.state(request).root),
    )


async def new_form(request: Request) -> Response:
    return _new_page(request, Typed(), [])


def add(root: Path, typed: Typed, today: dt.date) -> tuple[str, list[Asked]]:
    from pipeline.workflow.people import add_contributor

    pid, new, found = read_typed(root, typed, today)
    if found:
        return pid, found
    add_contributor(root, pid, new, today)  # the command's own function: the same checks, the same file
    return pid, []


async def new_posted(request: Request) -> Response:
    st = kit.state(request)
    data = await kit.form(request)
    typed = Typed(**{k: data.get(k, "") for k in Typed.__dataclass_fields__})
    try:
        pid, found = await asyncio.to_thread(add, st.root, typed, st.settings_today)
    except CoproduceError as exc:  # written meanwhile by someone else, or a file that would not load
        found = [Asked("pid", p) for p in exc.problems]
        pid = ""
    if found:
        return _new_page(request, typed, found, status=400)
    said = (
        "Consent is recorded."
        if typed.consent_date.strip()
        else "Consent is not recorded yet: they will not be named or quoted until it is."
    )
    return kit.see_other(f"/people/{pid}", flash=f"Added {pid} (contributors/{pid}.yaml). {said}")


routes: list[BaseRoute] = [
    Route("/people", people),
    Route("/people/new", new_form),
    Route("/people/new", new_posted, methods=["POST"]),
    Route("/people/{pid}", record),
]
