"""Who wrote a file and where it goes, matched only when exactly one answer fits.

Anything that cannot be matched becomes a `Refused` with the choices to pick
from; nothing is guessed, because a wrong author would be credited in print.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.load.schema import STANDARD_SECTIONS, Contributor
from pipeline.load.workbench import ResponseFolder
from pipeline.privacy.identity import name_variants
from pipeline.privacy.normalise import fold
from pipeline.vocabulary import ID, label_key, question_labels, withdrawal_in_force
from pipeline.workflow.intake.refusal import Refused

_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|/|;)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """Where a contribution goes: a question (`answers`) or a section (with a title when it is one of ours)."""

    answers: str | None = None
    section: str | None = None
    title: str | None = None

    @property
    def key(self) -> str:
        return self.answers or self.section or ""


def names_of(pid: str, c: Contributor) -> set[str]:
    """What a volunteer might write for this person, folded as every name is compared (`privacy.normalise`):
    the id, every form of the name (`privacy.identity.name_variants`: first name, "Surname, First", ...), the
    pseudonym and each name in `known_as`; each also without its spaces, so "ONEILL" is "O’Neill"."""
    forms = {fold(pid)}
    for name in (c.name, c.pseudonym, *c.known_as):
        if name:
            forms.update(v.folded for v in name_variants(name, pid))
    return forms | {_joined(f) for f in forms}


def _joined(folded: str) -> str:
    return f" {folded.replace(' ', '')} "


def person(written: str, contributors: Mapping[str, Contributor], line: int | None = None) -> str:
    """The one contributor id `written` names."""
    wanted = {fold(written), _joined(fold(written))}
    found = sorted(pid for pid, c in contributors.items() if wanted & names_of(pid, c))
    if len(found) == 1:
        return found[0]
    if found:
        raise Refused(
            f"'{written}' could be any of {', '.join(found)}",
            f"write the contributor id instead, like  Written by: {found[0]}",
            line,
            code="intake.ambiguous-person",
        )
    raise Refused(
        f"nobody called '{written}' is in contributors/",
        "write a contributor id (the name of their file in contributors/), or add the person there first "
        "(a name they go by can go in their file:  known_as: [Tom])",
        line,
        code="intake.unknown-person",
    )


def people(written: str, contributors: Mapping[str, Contributor], line: int | None = None) -> list[str]:
    """One or more people: "Ada", or "Ada and Bo", or "ada, bo"."""
    try:
        return [person(written, contributors, line)]
    except Refused:
        parts = [p for p in _SEPARATORS.split(written) if p]
        if len(parts) < 2:
            raise
    return list(dict.fromkeys(person(p, contributors, line) for p in parts))


def question(written: str, response: ResponseFolder, line: int | None = None) -> Place:
    """`3` is the question numbered 3 in print, `3a`, `3(a)`, `Q3(a)` or `Question 3 (a)` the sub-question
    printed 3(a) (`vocabulary.question_labels`, the one numbering); `q3` (any case) is a question id."""
    ids = [q.id for q in response.data.questions]
    if not ids:
        raise Refused(
            f"{response.slug} has no questions yet", "add them to response.yaml first", line, code="intake.no-questions"
        )
    printed = question_labels(ids)
    numbers = list(printed.values())
    if all(n.isdigit() for n in numbers):
        choices = f"write a number from 1 to {len(ids)}, or one of: {', '.join(ids)}"
    else:  # sub-questions: say how each is numbered
        choices = f"write one of the numbers {', '.join(numbers)}, or one of: {', '.join(ids)}"
    said = written.strip().lower()
    if said in ids:
        return Place(answers=said)
    wanted = label_key(said)
    found = [qid for qid in ids if label_key(printed[qid]) == wanted]
    if not found:  # an id typed with a space or brackets: "q 3a", "Q3(a)"
        found = [qid for qid in ids if label_key(qid) == wanted]
    if len(found) == 1:
        return Place(answers=found[0])
    if re.fullmatch(r"\d+[a-z]?", wanted):
        message = f"there is no question {wanted} in {response.slug}: it has {len(ids)}"
    else:
        message = f"'{written}' is not a question of {response.slug}"
    raise Refused(message, choices, line, code="intake.unknown-question")


def section(written: str, response: ResponseFolder, line: int | None = None) -> Place:
    """A standard section, or one of the response's own sections by its id or title."""
    wanted = written.strip().casefold()
    if wanted in STANDARD_SECTIONS:
        return Place(section=wanted)
    own = {c.meta.section: c.meta.title for c in response.contributions if c.meta.section and c.meta.title}
    for sid, title in own.items():
        if wanted in (sid, (title or "").casefold()):
            return Place(section=sid, title=title)
    choices = ", ".join([*STANDARD_SECTIONS, *own])
    fix = f"write one of: {choices}"
    if ID.fullmatch(wanted):
        fix += "; a new section of your own needs adding by hand, with a title"
    raise Refused(f"'{written}' is not a section of {response.slug}", fix, line, code="intake.unknown-section")


def withdrawn_note(pid: str, c: Contributor, today: dt.date) -> str | None:
    if withdrawal_in_force(c.consent.withdrawn, today):
        return f"{pid} withdrew consent on {c.consent.withdrawn}: nothing of theirs is used in a build"
    return None
