"""What to do next on each response, read from `workflow.status.response_status` (no fact is worked out twice).

The dashboard shows these as links: each step names what it is about (ids and file names, never a
private name) and where to do it in the workbench.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

from pipeline.errors import Problem
from pipeline.web.addresses import contribution_url
from pipeline.web.hiding import hider_from, hider_of
from pipeline.workflow.status import Loaded, ResponseStatus, load_for_status, response_status


@dataclasses.dataclass(frozen=True)
class Step:
    label: str  # what it is about (a file, an id, a question); the link's words when there is a link
    text: str = ""  # the rest, in words
    link: str | None = None


@dataclasses.dataclass(frozen=True)
class Todo:
    heading: str
    steps: tuple[Step, ...]


@dataclasses.dataclass(frozen=True)
class NextSteps:
    slug: str
    title: str
    consultation: str
    closes: dt.date | None
    days_left: int | None
    answered: int
    questions: int
    todo: tuple[Todo, ...]
    problems: tuple[Problem, ...]  # every problem check finds, for kit.plain


def next_steps(folder: Path, on: dt.date) -> NextSteps:
    """The to-do list of one response as of `on`."""
    loaded = load_for_status(folder, on)  # once: the status and the problems come from the same reading
    status = response_status(folder, on, loaded=loaded)
    problems = tuple(sorted(loaded.problems, key=Problem.sort_key))
    slug = status.slug
    todo = [
        Todo("Contributions waiting for approval", _waiting(status)),
        Todo("Questions with no answer", _unanswered(status)),
        Todo("Drafts from intake to sort", _unsorted(status)),
        Todo("Consent to ask again", _consent(problems) + _older_sheets(loaded, on)),
        Todo("Quotes without consent", _quotes(status)),
        Todo("People owed payment", _owed(loaded, on)),
        Todo("The body's reply to record", _outcome(status)),
    ]
    # file names are the workbench's own words: one named after a person shows no private name here
    ids = loaded.assembly.identities if loaded.assembly is not None else None
    hide = hider_from(ids) if ids is not None else hider_of(loaded.workbench.root, [folder], on)
    todo = [Todo(t.heading, tuple(Step(hide(s.label), hide(s.text), s.link) for s in t.steps)) for t in todo]
    return NextSteps(
        slug=slug,
        title=status.title or slug,
        consultation=status.consultation or "",
        closes=status.closes,
        days_left=status.days_left,
        answered=sum(1 for q in status.questions if q.answered),
        questions=len(status.questions),
        todo=tuple(t for t in todo if t.steps),
        problems=problems,
    )


def _waiting(status: ResponseStatus) -> tuple[Step, ...]:
    out = []
    for c in status.contributions:
        if c.needs_approval and not c.left_out:
            by = ", ".join(c.by) or "nobody"
            note = f" ({c.approval_note})" if c.approval_note else ""
            out.append(Step(c.file, f"{c.place}, by {by}{note}", contribution_url(status.slug, c.file)))
    return tuple(out)


def _unsorted(status: ResponseStatus) -> tuple[Step, ...]:
    return tuple(Step(u.file, f"needs {', '.join(u.needs)}", f"/r/{status.slug}/intake") for u in status.unsorted)


def _unanswered(status: ResponseStatus) -> tuple[Step, ...]:
    emptied: dict[str, list[str]] = {}  # question -> why its answers were left out, each reason once
    for c in status.contributions:
        if c.left_out:
            asked = f"left out at {', '.join(c.asked_left_out)}'s request" if c.asked_left_out else ""
            emptied.setdefault(c.place, []).append(asked or "emptied by a withdrawal")
    out = []
    for q in status.questions:
        if q.answered:
            continue
        why = f" ({' and '.join(dict.fromkeys(emptied[q.id]))}: its answer was left out)" if q.id in emptied else ""
        out.append(Step(q.id, f"{q.text}{why}", f"/r/{status.slug}/q/{q.id}"))
    return tuple(out)


def _outcome(status: ResponseStatus) -> tuple[Step, ...]:
    """The reminder `coproduce status` shows when the body's reply was due and none is recorded."""
    return (Step("outcome", status.outcome),) if status.outcome_reminder else ()


def _consent(problems: tuple[Problem, ...]) -> tuple[Step, ...]:
    seen = dict.fromkeys(p.subject for p in problems if p.code == "consent.aged" and p.subject)
    return tuple(Step(pid, "consent was given too long ago: ask again", f"/people/{pid}") for pid in seen)


def _older_sheets(loaded: Loaded, on: dt.date) -> tuple[Step, ...]:
    """Who agreed on sheet wording that has changed since, as `coproduce status` lists them."""
    from pipeline.errors import CoproduceError
    from pipeline.workflow.support import older_sheets

    if loaded.response is None:
        return ()
    try:
        older = older_sheets(loaded.workbench, loaded.response, on)
    except CoproduceError:  # the wording cannot be read: `reconsent` and the sheet say why
        return ()
    text = "agreed on sheet version {}: give them the new sheet and ask again"
    return tuple(Step(pid, text.format(version), f"/people/{pid}") for pid, version in older)


def _quotes(status: ResponseStatus) -> tuple[Step, ...]:
    out = []
    for q in status.quotes_without_consent:
        where = q.file + (f" line {q.line}" if q.line else "")
        out.append(Step(where, f"quotes {q.contributor}", contribution_url(status.slug, q.file)))
    return tuple(out)


def _owed(loaded: Loaded, on: dt.date) -> tuple[Step, ...]:
    from pipeline.workflow.hours import hours_report, money

    if loaded.response is None:
        return ()
    try:
        report = hours_report(loaded.workbench, loaded.response, on)
    except KeyError:  # a session names someone with no file: check reports it
        return ()
    return tuple(
        Step(p.id, f"£{money(p.to_pay)} to pay", f"/r/{loaded.response.slug}/sessions")
        for p in sorted(report.people, key=lambda p: p.id)
        if p.to_pay > Decimal(0)
    )
