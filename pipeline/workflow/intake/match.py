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
from pipeline.vocabulary import ID, withdrawal_in_force
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
    """What a volunteer might write for this person: id, full name, first name, pseudonym."""
    names = {pid, c.name, c.name.split()[0]}
    if c.pseudonym:
        names.add(c.pseudonym)
    return {n.casefold() for n in names}


def person(written: str, contributors: Mapping[str, Contributor], line: int | None = None) -> str:
    """The one contributor id `written` names."""
    wanted = " ".join(written.split()).casefold()
    found = sorted(pid for pid, c in contributors.items() if wanted in names_of(pid, c))
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
        "write a contributor id (the name of their file in contributors/), or add the person there first",
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
    """`3` means the third question; `q3` (any case) is a question id."""
    questions = response.data.questions
    ids = [q.id for q in questions]
    choices = f"write a number from 1 to {len(ids)}, or one of: {', '.join(ids)}" if ids else ""
    if not ids:
        raise Refused(
            f"{response.slug} has no questions yet", "add them to response.yaml first", line, code="intake.no-questions"
        )
    number = re.fullmatch(r"(?:question\s*|q\s*)?(\d+)\s*[.):]?", written.strip(), re.IGNORECASE)
    if written.strip().lower() in ids:
        return Place(answers=written.strip().lower())
    if number:
        n = int(number.group(1))
        if 1 <= n <= len(ids):
            return Place(answers=ids[n - 1])
        raise Refused(
            f"there is no question {n} in {response.slug}: it has {len(ids)}",
            choices,
            line,
            code="intake.unknown-question",
        )
    raise Refused(f"'{written}' is not a question of {response.slug}", choices, line, code="intake.unknown-question")


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
