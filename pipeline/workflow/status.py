"""Where a response stands: deadline, answers, approvals, consent, withdrawals, hours, git.

The report is plain frozen dataclasses; `as_json()` turns it into data for other
tools. It names people only by contributor id. The one private part, the git
addresses that match no contributor, is marked `private` and left out of JSON:
it exists so the terminal can tell the coordinator which address to add.

It reuses `checks.check_loaded`, and when loading stops on content errors it
loads again leniently to show what it can, with the problems counted.

Today's date is the one the command made its settings with and passes down (`settings.make_settings`:
COPRODUCE_TODAY, an ISO date for tests and for looking back, or the clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.assemble.approval import Approval, approval_of
from pipeline.assemble.assembly import Assembly
from pipeline.assemble.confirmation import left_out_by
from pipeline.assemble.document import assemble
from pipeline.assemble.history import History, touched_by
from pipeline.assemble.people import decide_all
from pipeline.assemble.time_given import time_given
from pipeline.errors import Problem
from pipeline.load.cache import active, memo, workbench_of
from pipeline.load.schema import Contributor
from pipeline.load.unsorted import missing, read_draft, unsorted_files
from pipeline.load.workbench import Contribution, ResponseFolder, Workbench, load_partial
from pipeline.model import LeftOut, Person
from pipeline.vocabulary import in_force
from pipeline.workflow.consent_missing import consent_missing
from pipeline.workflow.outcome import outcome_status
from pipeline.workflow.status_report import (
    STATUSES,
    ContributionStatus,
    GitStatus,
    Hours,
    PersonGone,
    ProblemCounts,
    QuestionStatus,
    QuoteWithoutConsent,
    Reading,
    ResponseStatus,
    UnsortedDraft,
)

# ------------------------------------------------------------------- loading


@dataclass
class Loaded:
    workbench: Workbench
    response: ResponseFolder | None
    assembly: Assembly | None
    problems: list[Problem]


@memo(lambda response_dir, on: workbench_of(response_dir))  # serve: kept while no file changes (pipeline/load/cache.py)
def load_for_status(response_dir: Path, on: dt.date) -> Loaded:
    """The checked response; when content errors stop loading, as much as can be loaded."""
    from pipeline import build
    from pipeline.settings import make_settings

    wb, response, found = load_partial(response_dir)
    settings = make_settings(draft=True, today=on)
    if response is not None and not found.blocking(draft=True):
        if active():  # serve: the very check the preview keeps; its problems are these, in this order
            checked = build.check(response_dir, settings)
            return Loaded(checked.workbench, response, checked.assembly, list(checked.problems.items))
        checked = build.check_loaded(build.Loaded(wb, response), settings)
        return Loaded(wb, response, checked.assembly, [*found.items, *checked.problems.items])
    # every problem `check` lists: a broken file stops only what depends on it
    problems = build.check_what_loads(wb, response, found, settings)[1].items
    assembly = None
    # assembling needs every id to be a loaded contributor; otherwise show what the files say
    if response is not None and _ids_known(wb, response):
        assembly = assemble(wb, response, draft=True, today=on)
    return Loaded(wb, response, assembly, problems)


def _ids_known(wb: Workbench, response: ResponseFolder) -> bool:
    named = {pid for s in response.data.involvement for pid in s.people}
    for c in response.contributions:
        named.update(c.meta.by, c.meta.reviewed_by, c.meta.handed_over_from)
    return named <= wb.contributors.keys()


# ---------------------------------------------------------------- the report


def response_status(
    response_dir: Path, on: dt.date, *, git: bool = True, loaded: Loaded | None = None
) -> ResponseStatus:
    """Where the response stands on `on`; `loaded` is load_for_status's answer when the caller has it already."""
    loaded = loaded or load_for_status(response_dir, on)
    wb, response, assembly = loaded.workbench, loaded.response, loaded.assembly
    counts = _count(loaded.problems)
    if response is None:
        return ResponseStatus(response_dir.name, wb.shown(response_dir), False, counts)
    contributors = {pid: c.data for pid, c in wb.contributors.items()}
    people = assembly.people if assembly else decide_all(contributors, on)
    history = _history(wb, response, assembly, contributors) if git else None
    closes = response.data.consultation.closes
    return ResponseStatus(
        slug=response.slug,
        folder=wb.shown(response.dir),
        loaded=True,
        problems=counts,
        title=response.data.title,
        consultation=response.data.consultation.title,
        closes=closes,
        days_left=(closes - on).days if closes else None,
        questions=_questions(response, assembly, people),
        contributions=_contributions(wb, response, people, on, history, assembly),
        quotes_without_consent=_quotes_without_consent(loaded.problems, response.dir, wb),
        consent_missing=consent_missing(wb, response, people),
        withdrawn=_withdrawn(response, people, assembly.left_out if assembly else [], wb.shown(response.dir) + "/"),
        left=_left(wb, response, people, on),
        hours=_hours(response, people, on),
        git=_git(history) if history is not None else None,
        unsorted=_unsorted(wb, response.dir),
        outcome=(told := outcome_status(response.data, on)).text,
        outcome_reminder=told.remind,
    )


def _unsorted(wb: Workbench, folder: Path) -> tuple[UnsortedDraft, ...]:
    return tuple(
        UnsortedDraft(wb.shown(path), tuple(missing(read_draft(path)[0]) or ["filing"]))
        for path in unsorted_files(folder)
    )


def _history(
    wb: Workbench, response: ResponseFolder, assembly: Assembly | None, contributors: Mapping[str, Contributor]
) -> History:
    """The assembly's own history when it carries one (so git's log is read once), else a fresh read."""
    found = getattr(assembly, "history", None)
    return found if isinstance(found, History) else touched_by(wb.root, response.dir, contributors)


def _count(problems: list[Problem]) -> ProblemCounts:
    def n(severity: str) -> int:
        return sum(1 for p in problems if p.severity == severity)

    return ProblemCounts(n("error"), n("final"), n("warning"))


def _questions(
    response: ResponseFolder, assembly: Assembly | None, people: Mapping[str, Person]
) -> tuple[QuestionStatus, ...]:
    included = assembly.included if assembly else [c for c in response.contributions if not _left_out(c, people)]
    words = {a.question_id: a.words for s in (assembly.document.sections if assembly else ()) for a in s.answers}
    reading = _reading(assembly, response) if assembly else {}
    chars = {a.question_id: a.chars for s in (assembly.document.sections if assembly else ()) for a in s.answers}
    out = []
    for q in response.data.questions:
        files = tuple(c.name for c in included if c.meta.answers == q.id)
        count = words.get(q.id, 0) if assembly else None
        over = max(0, count - q.limit) if count is not None and q.limit else 0
        n = chars.get(q.id, 0) if assembly else None
        chars_over = max(0, n - q.chars) if n is not None and q.chars else 0
        out.append(
            QuestionStatus(
                q.id,
                q.text,
                bool(files) or q.left_unanswered,  # left unanswered on purpose counts: "No response" is printed
                count,
                q.limit,
                over,
                files,
                n,
                q.chars,
                chars_over,
                reading.get(q.id),
            )
        )
    return tuple(out)


def _reading(assembly: Assembly, response: ResponseFolder) -> dict[str, Reading]:
    from pipeline.checks._readability import answer_figures

    found = {}
    for a in answer_figures(assembly, response):
        f = a.figures
        if f.sentences:
            ease = f.flesch
            found[a.question_id] = Reading(
                f.sentences, round(f.average, 1), len(f.long), None if ease is None else round(ease, 1)
            )
    return found


def _people_gone(wb: Workbench, pids: Iterable[str], people: Mapping[str, Person], on: dt.date) -> list[str]:
    """In words, each of `pids` whose withdrawal or leaving is in force."""
    out = []
    for pid in dict.fromkeys(pids):
        person, file = people.get(pid), wb.contributors.get(pid)
        if person and person.withdrawn:
            out.append(f"{pid} withdrew on {person.withdrawn_on}")
        elif file and in_force(file.data.left, on):
            out.append(f"{pid} left on {file.data.left}")
    return out


def _contributions(
    wb: Workbench,
    response: ResponseFolder,
    people: Mapping[str, Person],
    on: dt.date,
    history: History | None,
    assembly: Assembly | None = None,
) -> tuple[ContributionStatus, ...]:
    # what the build leaves out: a withdrawn author's work, and work a withdrawn person changed in git
    kept = {c.path for c in assembly.included} if assembly else None
    out = []
    for c in response.contributions:
        meta = c.meta
        writers = (*meta.by, *meta.handed_over_from)
        where = _relative(c, response)
        changed = sorted(history.touched.get(where, ())) if history else []
        edits = history.edited.get(where, frozenset()) if history else frozenset()
        credited = {*writers, *meta.reviewed_by}
        approval = approval_of(c, response, people)
        out.append(
            ContributionStatus(
                file=c.name,
                place=meta.answers or meta.section or "",
                status="review" if approval.back_in_review else meta.status,
                by=tuple(meta.by),
                reviewed_by=tuple(meta.reviewed_by),
                left_out=_left_out(c, people) or (kept is not None and c.path not in kept),
                flags=tuple(_people_gone(wb, writers, people, on)),
                changed_by=tuple(changed),
                edited_by=tuple(sorted(edits - credited)),
                approval=approval.state,
                approved_by=approval.by,
                approved_on=approval.on,
                approval_note=_approval_note(approval),
                confidential=meta.confidential,
                asked_left_out=tuple(left_out_by(meta)),
            )
        )
    return tuple(out)


def _approval_note(approval: Approval) -> str:
    """Why a contribution that says approved is back in review; "" when it is not."""
    return f"{approval.describe()}: back in review" if approval.back_in_review else ""


def _left_out(c: Contribution, people: Mapping[str, Person]) -> bool:
    """As `assemble` decides: work by a withdrawn author, or begun by one, is not used; nor work someone
    asked to be left out when they declined an edit."""
    writers = (*c.meta.by, *c.meta.handed_over_from)
    return any(people[p].withdrawn for p in writers if p in people) or bool(left_out_by(c.meta))


def _relative(c: Contribution, response: ResponseFolder) -> str:
    return c.path.relative_to(response.dir).as_posix()


def _quotes_without_consent(problems: list[Problem], folder: Path, wb: Workbench) -> tuple[QuoteWithoutConsent, ...]:
    """From the build check's own problems, by their code: this module does not parse quotes again."""
    prefix = wb.shown(folder) + "/"
    out = []
    for p in problems:
        if p.code == "quote.no-consent":
            out.append(QuoteWithoutConsent(p.path.removeprefix(prefix), p.line, p.subject))
    return tuple(sorted(set(out), key=lambda q: (q.file, q.line or 0, q.contributor)))


def _involved(response: ResponseFolder) -> set[str]:
    ids = {pid for s in response.data.involvement for pid in s.people}
    ids.update({response.data.lead} if response.data.lead else set())
    for c in response.contributions:
        ids.update(c.meta.by, c.meta.reviewed_by, c.meta.handed_over_from)
    return ids


def _files_of(response: ResponseFolder, pid: str) -> tuple[str, ...]:
    return tuple(c.name for c in response.contributions if pid in (*c.meta.by, *c.meta.handed_over_from))


def _withdrawn(
    response: ResponseFolder, people: Mapping[str, Person], left_out: list[LeftOut], prefix: str
) -> tuple[PersonGone, ...]:
    """Whose withdrawal is in force, and what the build leaves out because of it (paths within the folder)."""
    involved = _involved(response)
    out = []
    for pid, person in sorted(people.items()):
        if person.withdrawn_on is None:
            continue
        theirs = tuple(item.removeprefix(prefix) for item in left_out if pid in item.people)
        if pid in involved or theirs:
            out.append(PersonGone(pid, person.withdrawn_on, _files_of(response, pid), theirs))
    return tuple(out)


def _left(wb: Workbench, response: ResponseFolder, people: Mapping[str, Person], on: dt.date) -> tuple[PersonGone, ...]:
    """People who stopped taking part: their consent stands, but they can no longer be asked to sign off."""
    involved = _involved(response)
    out = []
    for pid, c in sorted(wb.contributors.items()):
        left = c.data.left
        if (
            left is not None
            and in_force(left, on)
            and pid in involved
            and not (pid in people and people[pid].withdrawn)
        ):
            out.append(PersonGone(pid, left, _files_of(response, pid)))
    return tuple(out)


def _hours(response: ResponseFolder, people: Mapping[str, Person], on: dt.date) -> Hours:
    time = time_given(response.data.involvement, people, on)  # as the credits count them
    total, lived = time.person_hours(people), time.person_hours(people, lived_only=True)
    return Hours(time.with_someone, time.planned, float(total), float(lived))


def _git(history: History) -> GitStatus:
    files = sorted({f for u in history.unknown for f in u.files})
    return GitStatus(history.note, history.commits, history.unknown_commits, tuple(files), history.unknown)


def statuses_as_json(statuses: Iterable[ResponseStatus], on: dt.date) -> dict[str, Any]:
    return {"today": on.isoformat(), "responses": [s.as_json() for s in statuses]}


# the report's parts are defined in status_report.py; importers take them from here as before
__all__ = [
    "STATUSES",
    "ContributionStatus",
    "GitStatus",
    "Hours",
    "PersonGone",
    "ProblemCounts",
    "QuestionStatus",
    "QuoteWithoutConsent",
    "Reading",
    "ResponseStatus",
    "UnsortedDraft",
    "Loaded",
    "load_for_status",
    "response_status",
    "statuses_as_json",
]
