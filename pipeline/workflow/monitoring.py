"""Equality monitoring: who took part, and who is missing, without singling anyone out.

The questions and their answers are data (`templates/monitoring/questions.yaml`; a workbench's own
file of that name changes a question by its id or adds one). Each person's answers are kept apart
from their record, in `monitoring/<id>.yaml`, each with the date they agreed to give it:

    ethnicity: {answer: White, consent: 2026-03-01}

An answer without a consent date, given after the day the report is for, or of someone whose
withdrawal is in force is not counted: they are "not answered". No build reads the folder.

The report counts one question at a time (never one against another) over the people who took
part in the responses named, within the dates given. Every count under 5, 0 included, shows as
"fewer than 5". Where a question would then hide only one group with people in it, the smallest
count shown is hidden too ("not shown"), so that the total, which the credits print, cannot be
subtracted to find the one. With fewer than 5 people, nothing is reported. Nothing in it names or
numbers a person.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import CoproduceError, Problem, Problems
from pipeline.load.workbench import SHIPPED_TEMPLATES, Workbench, load_contributors, load_response
from pipeline.load.yamlsource import read_yaml_file
from pipeline.vocabulary import ID, in_force

QUESTIONS = "monitoring/questions.yaml"
FOLDER = "monitoring"
SMALL = 5  # the smallest count shown
FEWER = f"fewer than {SMALL}"
HIDDEN = "not shown (so a smaller group cannot be worked out)"
NOT_ANSWERED = "Not answered, or not agreed to"


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answers: tuple[str, ...]


def _yaml(path: Path, shown: str, root: Path) -> tuple[Any, Any]:
    located = read_yaml_file(path, shown, root, "monitoring.bad-file")
    return located.data, located


def load_questions(wb: Workbench) -> list[Question]:
    """The shipped questions, with the workbench's own laid over them by id."""
    layers = [(SHIPPED_TEMPLATES / QUESTIONS, "templates/" + QUESTIONS + " (shipped)", SHIPPED_TEMPLATES)]
    own = wb.root / "templates" / QUESTIONS
    if own.exists():
        layers.append((own, wb.shown(own), wb.root))
    found: dict[str, Question] = {}
    for path, shown, root in layers:
        data, located = _yaml(path, shown, root)
        items = data.get("questions") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise CoproduceError([_bad(shown, None, "it should hold  questions:  as a list")])
        for i, q in enumerate(items):
            line = located.line(("questions", i))
            ok = isinstance(q, dict) and isinstance(q.get("id"), str) and ID.fullmatch(q["id"])
            answers = q.get("answers") if isinstance(q, dict) else None
            if not ok or not isinstance(answers, list) or not all(isinstance(a, str) and a for a in answers):
                raise CoproduceError([_bad(shown, line, "each question needs an  id:  and a list of  answers:")])
            found[q["id"]] = Question(q["id"], str(q.get("text") or q["id"]), tuple(answers))
    return list(found.values())


def _bad(shown: str, line: int | None, what: str) -> Problem:
    return Problem(
        shown,
        line,
        what,
        "see the shipped templates/monitoring/questions.yaml, like  - id: age  text: Age  answers: [16 to 24, ...]",
        code="monitoring.bad-file",
    )


def load_answers(wb: Workbench, pid: str, questions: list[Question], on: dt.date) -> dict[str, str]:
    """What `pid` agreed to give, by question id, as it stood on `on`; a wrong answer is an error to fix."""
    path = wb.root / FOLDER / f"{pid}.yaml"
    if not path.exists():
        return {}
    shown = wb.shown(path)
    data, located = _yaml(path, shown, wb.root)
    if data is None:
        return {}
    if not isinstance(data, dict):
        what = "it should be  question: {answer: ..., consent: ...}"
        raise CoproduceError([_answer_problem(shown, located.start, what)])
    known = {q.id: q for q in questions}
    out: dict[str, str] = {}
    for key, value in data.items():
        line = located.line((key,))
        if key not in known:
            raise CoproduceError([_answer_problem(shown, line, f"'{key}' is not a monitoring question")])
        if not isinstance(value, dict) or set(value) - {"answer", "consent"}:
            raise CoproduceError([_answer_problem(shown, line, f"'{key}' should be  {{answer: ..., consent: DATE}}")])
        answer, consent = value.get("answer"), value.get("consent")
        if answer not in known[key].answers:
            choices = ", ".join(known[key].answers)
            raise CoproduceError([_answer_problem(shown, line, f"'{answer}' is not an answer to '{key}' ({choices})")])
        agreed = _date(consent)
        if consent is not None and agreed is None:
            raise CoproduceError([_answer_problem(shown, line, f"the consent of '{key}' ('{consent}') is not a date")])
        if agreed is not None and in_force(agreed, on):
            out[key] = str(answer)
    return out


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value).strip()) if value is not None else None
    except ValueError:
        return None


def _answer_problem(shown: str, line: int | None, what: str) -> Problem:
    return Problem(
        shown, line, what, "write each as  ethnicity: {answer: White, consent: 2026-03-01}", code="monitoring.bad-file"
    )


# ================================================================= the report


@dataclass(frozen=True)
class Row:
    answer: str
    shown: str  # the count, "fewer than 5", or "not shown"


@dataclass(frozen=True)
class Report:
    people: int  # how many took part (the credits print it too)
    questions: tuple[tuple[Question, tuple[Row, ...]], ...]
    too_few: bool


def safe_counts(counts: dict[str, int]) -> dict[str, str]:
    """Each count as it may be shown: under SMALL hidden, and, where that hides only one group with people
    in it, the smallest count shown hidden with it (a total known elsewhere then gives nothing away)."""
    shown = {a: (FEWER if n < SMALL else str(n)) for a, n in counts.items()}
    while sum(1 for a, n in counts.items() if shown[a] in (FEWER, HIDDEN) and n > 0) == 1:
        visible = [(n, a) for a, n in counts.items() if shown[a] not in (FEWER, HIDDEN)]
        if not visible:
            break
        shown[min(visible)[1]] = HIDDEN
    return shown


def participants(wb: Workbench, slugs: Iterable[str], start: dt.date | None, end: dt.date) -> set[str]:
    """Who took part in the responses: at a session within the dates, or (without a start date) as an author
    or reviewer; withdrawn people are left out, as every build leaves them out."""
    problems = Problems()
    load_contributors(wb, problems)
    found: set[str] = set()
    for slug in slugs:
        response = load_response(wb, wb.root / "responses" / slug, problems)
        if response is None:
            raise CoproduceError(problems.blocking(draft=True), "no report was made")
        for s in response.data.involvement:
            if (start is None or s.date >= start) and s.date <= end:
                found |= set(s.people)
        if start is None:
            found |= {pid for c in response.contributions for pid in (*c.meta.by, *c.meta.reviewed_by)}
    return {
        pid
        for pid in found
        if pid in wb.contributors and not in_force(wb.contributors[pid].data.consent.withdrawn, end)
    }


def report(root: Path, slugs: list[str], start: dt.date | None, end: dt.date) -> Report:
    wb = Workbench(root)
    questions = load_questions(wb)
    slugs = slugs or [p.name for p in wb.response_dirs()]
    people = participants(wb, slugs, start, end)
    answers = [load_answers(wb, pid, questions, end) for pid in sorted(people)]
    if len(people) < SMALL:
        return Report(len(people), (), True)
    out = []
    for q in questions:
        counts = {a: 0 for a in q.answers} | {NOT_ANSWERED: 0}
        for given in answers:
            counts[given.get(q.id, NOT_ANSWERED)] += 1
        shown = safe_counts(counts)
        out.append((q, tuple(Row(a, shown[a]) for a in counts)))
    return Report(len(people), tuple(out), False)


# ============================================================ recording answers


def current(wb: Workbench, pid: str, questions: list[Question]) -> dict[str, tuple[str, dt.date | None]]:
    """What `pid`'s file holds now, by question: (answer, the day they agreed), whatever the date."""
    path = wb.root / FOLDER / f"{pid}.yaml"
    if not path.exists():
        return {}
    load_answers(wb, pid, questions, dt.date.max)  # every answer checked, with its line, before one is kept
    data, _ = _yaml(path, wb.shown(path), wb.root)
    return {str(k): (str(v["answer"]), _date(v.get("consent"))) for k, v in (data or {}).items()}


def record(
    root: Path, pid: str, chosen: dict[str, str], agreed: set[str], on: dt.date, today: dt.date
) -> tuple[str, int]:
    """Keep `pid`'s answers in monitoring/<pid>.yaml: for each question in `chosen`, the answer they gave
    ("" takes it out), counted only because they agreed to give it (its id in `agreed`) on `on`. An answer
    kept as it was keeps the day it was agreed. Every problem at once, each with the question's id as its
    `subject` (the form's field, the command's --answer). Returns the file and how many answers it holds."""
    from pipeline.render.write import write_atomic
    from pipeline.workflow.consent import known_person

    wb = Workbench(root)
    load_contributors(wb, Problems())
    person = known_person(wb, pid)
    questions = load_questions(wb)
    known = {q.id: q for q in questions}
    shown = f"{FOLDER}/{pid}.yaml"
    problems = []

    def refuse(qid: str, what: str, fix: str, code: str) -> None:
        problems.append(Problem(shown, None, what, fix, code=code, subject=qid))

    if person.data.consent.withdrawn is not None:
        refuse("", f"{pid} withdrew", "nothing more is recorded for someone who withdrew", "monitoring.withdrawn")
    if on > today:
        refuse("agreed_on", f"{on} has not come yet", "give the day they agreed, today or before", "usage.future-date")
    for qid, answer in chosen.items():
        if qid not in known:
            refuse(
                qid,
                f"'{qid}' is not a monitoring question",
                f"give one of: {', '.join(known)}",
                "monitoring.bad-answer",
            )
        elif answer and answer not in known[qid].answers:
            choices = ", ".join(known[qid].answers)
            refuse(qid, f"'{answer}' is not an answer to '{qid}'", f"choose one of: {choices}", "monitoring.bad-answer")
        elif answer and qid not in agreed:
            refuse(
                qid,
                f"an answer to '{known[qid].text}' is given, but not that they agreed to give it",
                "ask them; keep the answer only if they agree, and say so beside it",
                "monitoring.not-agreed",
            )
    if problems:
        raise CoproduceError(problems, "nothing was recorded")
    kept = current(wb, pid, questions)
    for qid, answer in chosen.items():
        if not answer:
            kept.pop(qid, None)
        elif kept.get(qid, ("", None))[0] != answer or kept[qid][1] is None:
            kept[qid] = (answer, on)
    lines = [f"# {pid}'s equality-monitoring answers, each with the day they agreed to give it.",
             "# Kept apart from their record; never printed. coproduce monitoring counts them, safely."]  # fmt: skip
    for q in questions:  # in the questions' order, so the same answers give the same file
        if q.id in kept:
            answer, day = kept[q.id]
            agreed_on = f", consent: {day.isoformat()}" if day else ""
            lines.append(f"{q.id}: {{answer: {json.dumps(answer, ensure_ascii=False)}{agreed_on}}}")
    write_atomic(root / shown, ("\n".join(lines) + "\n").encode("utf-8"))
    return shown, len(kept)
