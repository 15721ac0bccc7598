"""Consent over time: who each person's consent touches (their uses), and whose work is flagged.

The three things done with consent over time live beside it: `consent_withdraw` (a withdrawal
recorded), `consent_reconsent` (who to ask again, and recording that they were) and `consent_handover`
(a contribution passed on).

A consent record is a record. Edits here change one field in place, at the
position PyYAML's node marks give, so a person's file keeps its comments and
layout and a contribution keeps its text byte-for-byte. Nothing is ever
deleted: a withdrawal is a date, and the build leaves the person's work out
from that date (`assemble.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.errors import CoproduceError, Problem, Problems, UsageError
from pipeline.load.cache import memo
from pipeline.load.files import read_text
from pipeline.load.schema import Contributor
from pipeline.load.workbench import (
    Contribution,
    ContributorFile,
    ResponseFolder,
    Workbench,
    load_contributors,
    load_response,
    split_front_matter,
)
from pipeline.parse.markdown import parse
from pipeline.vocabulary import in_force, withdrawal_in_force

# ========================================================= the workbench's uses

UseKind = Literal["lead", "wrote", "began", "reviewed", "quoted", "session"]
USE_WORDS: dict[UseKind, str] = {
    "lead": "coordinates",
    "wrote": "wrote",
    "began": "began (handed over)",
    "reviewed": "reviewed",
    "quoted": "is quoted in",
    "session": "took part in",
}


@dataclass(frozen=True)
class Use:
    """One place a person's credit or words appear."""

    pid: str
    slug: str
    kind: UseKind
    shown: str  # file as shown to the user
    line: int | None
    what: str  # the contribution's name, or the session

    def __str__(self) -> str:
        where = f"{self.shown}:{self.line}" if self.line else self.shown
        return f"{where}: {self.pid} {USE_WORDS[self.kind]} {self.what}"


@dataclass
class Loaded:
    """Every contributor and response that could be read; what could not is in `problems`."""

    wb: Workbench
    responses: list[ResponseFolder]
    uses: list[Use]
    problems: Problems = field(default_factory=Problems)

    def unreadable(self) -> list[str]:
        return sorted({p.path for p in self.problems.blocking(draft=True)})


def known_person(wb: Workbench, pid: str, what: str = "") -> ContributorFile:
    """The contributor `pid`, or a usage error in the same words `check` uses."""
    if pid in wb.contributors:
        return wb.contributors[pid]
    files = list((wb.root / "contributors").glob(f"{pid}.y*ml"))
    if files:
        shown = wb.shown(files[0])
        raise CoproduceError(
            [
                Problem(
                    shown,
                    None,
                    f"{shown} could not be read",
                    "run  coproduce check  and fix it first",
                    code="consent.unreadable",
                )
            ]
        )
    named = f"{what} '{pid}'" if what else f"'{pid}'"
    raise UsageError(
        f"{named} is not a contributor", f"add contributors/{pid}.yaml or correct the id", code="usage.unknown-person"
    )


def taking_part(
    wb: Workbench, pid: str, what: str, today: dt.date, fix: str = "give the work to someone who is taking part"
) -> ContributorFile:
    """The contributor `pid` if they are taking part on `today` (not withdrawn, not left); else a usage error.
    The one rule for who may be given work: `add --by`, the writers' form and `handover --to` ask it."""
    person = known_person(wb, pid, what)
    if d := withdrawn_on(person.data, today):
        raise UsageError(f"{pid} withdrew on {d}", fix, code="usage.person-withdrawn")
    if d := left_on(person.data, today):
        raise UsageError(f"{pid} left on {d}", fix, code="usage.person-left")
    return person


def _quotes_in(wb: Workbench, folder: Path, slug: str) -> Iterable[Use]:
    """Every `— @id` quote in the folder's Markdown, read even where the front matter is broken."""
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        shown = wb.shown(path)
        text, _ = read_text(path, shown, root=wb.root)
        if text is None:
            continue
        located, body, body_line, _ = split_front_matter(text, shown)
        if located is None:
            body, body_line = text, 1
        for token in parse(body):
            pid = token.meta.get("lived_by") if token.type == "blockquote_open" else None
            if pid:
                line = body_line + token.meta.get("lived_line", 1) - 1
                yield Use(pid, slug, "quoted", shown, line, path.name)


def _uses_in(wb: Workbench, response: ResponseFolder) -> Iterable[Use]:
    slug, data, loc = response.slug, response.data, response.located
    if data.lead:
        yield Use(data.lead, slug, "lead", response.shown, loc.line(("lead",)), f"'{slug}'")
    for i, s in enumerate(data.involvement):
        for j, pid in enumerate(dict.fromkeys(s.people)):
            what = f"the session on {s.date} ({s.activity})"
            yield Use(pid, slug, "session", response.shown, loc.line(("involvement", i, "people", j)), what)
    kinds: tuple[tuple[str, UseKind], ...] = (
        ("by", "wrote"),
        ("handed_over_from", "began"),
        ("reviewed_by", "reviewed"),
    )
    for c in response.contributions:
        for key, kind in kinds:
            for j, pid in enumerate(getattr(c.meta, key)):
                yield Use(pid, slug, kind, c.shown, c.located.line((key, j)), c.name)


@memo(lambda root: Path(root))  # serve: kept while no file changes (pipeline/load/cache.py); callers only read it
def load_all(root: Path) -> Loaded:
    """Read the whole workbench without stopping at problems: consent work must go on regardless."""
    wb = Workbench(root)
    problems = Problems()
    load_contributors(wb, problems)
    responses: list[ResponseFolder] = []
    uses: list[Use] = []
    for folder in wb.response_dirs():
        response = load_response(wb, folder, problems)
        if response is not None:
            responses.append(response)
            uses.extend(_uses_in(wb, response))
        uses.extend(_quotes_in(wb, folder, folder.name))
    return Loaded(wb, responses, uses, problems)


def withdrawn_on(c: Contributor, today: dt.date) -> dt.date | None:
    """The withdrawal date when it is in force (as `people.decide` counts it)."""
    return c.consent.withdrawn if withdrawal_in_force(c.consent.withdrawn, today) else None


def left_on(c: Contributor, today: dt.date) -> dt.date | None:
    return c.left if in_force(c.left, today) else None


# ================================================================= flagging


@dataclass(frozen=True)
class Flagged:
    """A contribution whose authors can no longer carry it."""

    contribution: Contribution
    slug: str
    withdrawn: tuple[tuple[str, dt.date], ...]  # its authors or first authors who withdrew: it is left out
    left: tuple[tuple[str, dt.date], ...]  # its authors who have left: someone must take it over

    @property
    def left_out(self) -> bool:
        return bool(self.withdrawn)

    def __str__(self) -> str:
        c = self.contribution
        if self.withdrawn:
            who = ", ".join(f"{pid} (withdrew on {d})" for pid, d in self.withdrawn)
            return f"{c.shown}: left out of every build, written by {who}"
        who = ", ".join(f"{pid} (left on {d})" for pid, d in self.left)
        return f"{c.shown}: its author has left: {who}; hand it over with  coproduce handover {c.shown} --to ID"


def flagged_in(loaded: Loaded, today: dt.date, slug: str | None = None) -> list[Flagged]:
    people = {pid: c.data for pid, c in loaded.wb.contributors.items()}
    out: list[Flagged] = []
    for response in loaded.responses:
        if slug and response.slug != slug:
            continue
        for c in response.contributions:
            gone = tuple(
                (pid, d)
                for pid in dict.fromkeys((*c.meta.by, *c.meta.handed_over_from))
                if pid in people and (d := withdrawn_on(people[pid], today))
            )
            left = tuple(
                (pid, d)
                for pid in dict.fromkeys(c.meta.by)
                if pid in people and not withdrawn_on(people[pid], today) and (d := left_on(people[pid], today))
            )
            if gone or left:
                out.append(Flagged(c, response.slug, gone, left))
    return out


def flagged_contributions(wb: Workbench, today: dt.date) -> list[Flagged]:
    """Every contribution, across all responses, whose authors have withdrawn or left."""
    return flagged_in(load_all(wb.root), today)
