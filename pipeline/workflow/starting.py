"""The rules for starting a response and a contribution, decided once for the command line and the workbench.

`coproduce new` and `coproduce add` ask their questions at a terminal; the browser's forms ask them on a
page. Both hand the answers here, so what is refused, and the files written, are the same whichever asked.
Every problem found is raised at once (a `CoproduceError`), each `Problem.subject` naming the answer it is
about (`title`, `closes`, `url`, ...), so a form can show each beside its field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import CoproduceError, Problem, Problems, UsageError
from pipeline.load.schema import STANDARD_SECTIONS
from pipeline.load.typed_dates import NotADate, read_date
from pipeline.load.workbench import Workbench, load_contributors, load_response
from pipeline.vocabulary import ID, rank_of
from pipeline.workflow import scaffold
from pipeline.workflow.consent import known_person, taking_part, withdrawn_on
from pipeline.workflow.scaffold import DraftQuestion, NewResponse

# what each required answer is, in the words a prompt or a form label uses
REQUIRED = {
    "title": "The title of your response",
    "organisation": "Your organisation's name",
    "consultation": "The consultation's title",
    "by": "Who runs the consultation (like Department of Health and Social Care)",
}


class AnswersRefused(CoproduceError):
    """Every problem with the answers given, at once: the command was used wrongly (exit status 2)."""

    exit_code = 2


@dataclass(frozen=True)
class ResponseAnswers:
    """What a person said when starting a response: as typed, nothing yet checked."""

    slug: str
    title: str = ""
    organisation: str = ""
    consultation: str = ""
    by: str = ""
    closes: str | dt.date | None = None  # 16/12/2026, 16 December 2026 or 2026-12-16
    url: str = ""
    lead: str = ""
    questions: str | None = None  # the numbered questions, pasted; None when none were given
    questions_shown: str = "the questions"  # where they came from, for messages


def _problem(subject: str, message: str, fix: str, code: str, path: str = "coproduce") -> Problem:
    return Problem(path, None, message, fix, code=code, subject=subject)


def _from(exc: CoproduceError, subject: str) -> list[Problem]:
    return [Problem(p.path, p.line, p.message, p.fix, p.severity, p.column, p.code, subject) for p in exc.problems]


def check_new_slug(wb: Workbench, slug: str) -> None:
    """A response name that is well made and not taken yet, or a usage error saying which."""
    scaffold.check_slug(slug)
    if (wb.root / "responses" / slug).exists():
        raise UsageError(
            f"responses/{slug} already exists",
            f"choose another name, or add to it with  coproduce add {slug}",
            code="usage.response-exists",
        )


def plan_response(wb: Workbench, answers: ResponseAnswers) -> tuple[NewResponse, list[tuple[int, str]]]:
    """The response these answers make, and the pasted lines skipped before the first question; or every
    problem with them at once."""
    problems: list[Problem] = []
    slug = answers.slug.strip()
    try:
        check_new_slug(wb, slug)
    except UsageError as exc:
        problems += _from(exc, "slug")
    for key, label in REQUIRED.items():
        if not str(getattr(answers, key) or "").strip():
            problems.append(
                _problem(key, f"{label} is missing", f"write {label[0].lower()}{label[1:]}", "usage.missing-options")
            )
    closes: dt.date | None = None
    if answers.closes not in (None, ""):
        try:
            closes = read_date(answers.closes)
        except NotADate as exc:
            problems.append(_problem("closes", str(exc), "", "usage.bad-date"))
    url = (answers.url or "").strip()
    if url and url.lower().startswith("http://") and len(url.split()) == 1:  # one rule for new and the form
        problems.append(
            _problem("url", f"'{url}' is not a secure address", "give the address starting https://", "usage.bad-url")
        )
    elif url and not (url.lower().startswith("https://") and len(url) > len("https://") and len(url.split()) == 1):
        problems.append(
            _problem("url", f"'{url}' is not a web address", "give the address starting https://", "usage.bad-url")
        )
    lead = (answers.lead or "").strip()
    if lead:
        load_contributors(wb, Problems())
        try:
            known_person(wb, lead, "lead")
        except CoproduceError as exc:
            problems += _from(exc, "lead")
    questions: list[DraftQuestion] = []
    skipped: list[tuple[int, str]] = []
    if answers.questions is not None:
        try:
            questions, skipped = scaffold.parse_questions(answers.questions)
        except UsageError as exc:
            problems += _from(exc, "questions")
        else:
            if not questions:
                problems.append(
                    _problem(
                        "questions",
                        f"no numbered questions found in {answers.questions_shown}",
                        "put each question on its own line starting with its number, like  1. Do you agree ...?",
                        "usage.no-questions",
                    )
                )
    if problems:
        raise AnswersRefused(problems, "nothing was written")
    new = NewResponse(
        title=answers.title.strip(),
        organisation=answers.organisation.strip(),
        consultation=answers.consultation.strip(),
        by=answers.by.strip(),
        closes=closes,
        url=url or None,
        lead=lead or None,
        questions=tuple(questions),
    )
    return new, skipped


def start_response(wb: Workbench, answers: ResponseAnswers) -> tuple[Path, NewResponse, list[tuple[int, str]]]:
    """Check the answers (all problems at once) and write responses/<slug>/response.yaml."""
    new, skipped = plan_response(wb, answers)
    path = scaffold.write_response(wb.root, answers.slug.strip(), new)
    return path, new, skipped


# ============================================================ contributions


def check_writers(wb: Workbench, by: list[str] | tuple[str, ...], today: dt.date) -> list[str]:
    """The writers named, once each, if every one is a contributor taking part today; else a usage error."""
    if not by:
        raise UsageError(
            "say who writes it with --by ID", "like  --by jordan  (repeat --by for more)", code="usage.no-author"
        )
    if not wb.contributors:
        load_contributors(wb, Problems())
    people = list(dict.fromkeys(by))
    for pid in people:
        taking_part(wb, pid, "by", today)
    return people


def keep_withdrawn(wb: Workbench, before: tuple[str, ...] | list[str], after: list[str], today: dt.date) -> None:
    """Whoever withdrew stays named on their work: taking them off would print their words under someone else's
    name (a withdrawal leaves out what they wrote however it is marked). Others may be added beside them."""
    for pid in dict.fromkeys(before):
        person = wb.contributors.get(pid)
        if person is not None and pid not in after and (d := withdrawn_on(person.data, today)):
            raise UsageError(
                f"{pid} withdrew on {d}, so their work stays theirs and is left out of every build",
                f"keep {pid} among who wrote it; someone taking part may write their own contribution instead",
                code="usage.person-withdrawn",
            )


def add_contribution(
    wb: Workbench,
    folder: Path,
    *,
    answers: str | None,
    section: str | None,
    title: str | None,
    by: list[str] | tuple[str, ...],
    content_note: str | None = None,
    today: dt.date,
) -> Path:
    """Start a contribution in the response `folder`, numbered in file order, with status: draft."""
    if bool(answers) == bool(section):
        raise UsageError(
            "say where it goes: give --answers QID or --section NAME (not both)",
            "like  --answers q1",
            code="usage.where",
        )
    if not by:
        raise UsageError(
            "say who writes it with --by ID", "like  --by jordan  (repeat --by for more)", code="usage.no-author"
        )
    if section and not ID.fullmatch(section):
        raise UsageError(
            f"'{section}' cannot be a section name",
            "use lowercase letters, digits and -, like next-steps",
            code="usage.bad-section",
        )
    if section and section not in STANDARD_SECTIONS and not title:
        raise UsageError(
            f"section '{section}' is your own, so it needs a title",
            'add  --title "..."',
            code="usage.section-needs-title",
        )
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, folder, problems)
    if response is None:
        raise CoproduceError(problems.blocking(draft=True), "nothing was added")
    people = check_writers(wb, by, today)
    ids = [q.id for q in response.data.questions]
    question = None
    if answers:
        question = next((q for q in response.data.questions if q.id == answers), None)
        if question is None:
            raise UsageError(
                f"question '{answers}' is not in {response.shown}",
                f"use one of: {', '.join(ids) or 'none yet'}",
                code="usage.unknown-question",
            )
    key = answers or section or ""
    number = scaffold.next_number(scaffold.existing_numbers(folder, ids), rank_of(key, ids), len(ids))
    new = scaffold.NewContribution(tuple(people), answers, section, title, content_note)
    return scaffold.write_contribution(
        folder, number, new, question.text if question else None, question.limit if question else None
    )


def refuse_overlap(shared: Path, response: Path, shown_response: str) -> None:
    """Writing into a response inside the shared folder would change the shared folder; and the folders intake
    writes (the originals' copies and the record, the unsorted drafts) must be the workbench's own, not a link
    into the shared folder (volunteers would see the record and the copies) or anywhere else.
    `coproduce intake` and the workbench's "read the shared folder" both refuse it."""
    from pipeline.load.unsorted import UNSORTED_DIR
    from pipeline.workflow.intake.record import INTAKE_DIR

    a, b = shared.resolve(), response.resolve()
    if a == b or a in b.parents or b in a.parents:
        raise UsageError(
            f"the shared folder {shared} and the response {shown_response} overlap",
            "give the folder the volunteers share, outside the workbench's responses/",
            code="usage.folders-overlap",
        )
    for name in (INTAKE_DIR, UNSORTED_DIR):
        own = response / name
        if not own.is_symlink():
            continue
        into = own.resolve()
        where = "into the shared folder" if into == a or a in into.parents or into in a.parents else "elsewhere"
        shown_own = f"{shown_response}/{name}"
        raise UsageError(
            f"{shown_own} is a link {where} ({into}), and intake writes the volunteers' originals and its record "
            "there, so nothing was taken in",
            f"remove the link {shown_own} (the files it points to stay where they are); intake makes the folder",
            code="usage.intake-folder-link",
        )
