"""Consent over time: withdrawal, re-confirmation, handover, and who each one touches.

A consent record is a record. Edits here change one field in place, at the
position PyYAML's node marks give, so a person's file keeps its comments and
layout and a contribution keeps its text byte-for-byte. Nothing is ever
deleted: a withdrawal is a date, and the build leaves the person's work out
from that date (`assemble.py`).
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline import vocabulary
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
from pipeline.workflow.yamledit import (
    EditError,
    cannot_edit,
    read_raw,
    set_front_matter,
    set_yaml_field,
    write_raw,
    yaml_value,
)

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


def flagged_in(loaded: Loaded, today: dt.date | None = None, slug: str | None = None) -> list[Flagged]:
    today = today or vocabulary.today()
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


def flagged_contributions(wb: Workbench, today: dt.date | None = None) -> list[Flagged]:
    """Every contribution, across all responses, whose authors have withdrawn or left."""
    return flagged_in(load_all(wb.root), today)


# =============================================================== withdrawal


@dataclass
class Withdrawal:
    pid: str
    shown: str  # the person's file
    on: dt.date  # the date in the file after this
    already: bool  # the person had withdrawn before: the first date is kept
    asked: dt.date  # the date this command was given
    written: bool
    uses: list[Use]
    flagged: list[Flagged]
    unreadable: list[str]


def withdraw(root: Path, pid: str, on: dt.date, *, dry_run: bool = False) -> Withdrawal:
    """Record `pid`'s withdrawal from `on` (keeping an earlier one), and find everything it touches."""
    loaded = load_all(root)
    person = known_person(loaded.wb, pid)
    path = root / person.shown
    first = person.data.consent.withdrawn
    written = False
    if first is None and not dry_run:
        text, bom = read_raw(path)
        try:
            write_raw(path, set_yaml_field(text, ("consent", "withdrawn"), on), bom)
        except EditError as exc:
            raise cannot_edit(person.shown, f"consent: withdrawn: {on}", str(exc)) from None
        written = True
    date = first or on
    uses = [u for u in loaded.uses if u.pid == pid]
    # left out whole: written by them, or begun by them (the text still holds their words)
    flagged = [
        Flagged(c, r.slug, ((pid, date),), ())
        for r in loaded.responses
        for c in r.contributions
        if pid in (*c.meta.by, *c.meta.handed_over_from)
    ]
    return Withdrawal(pid, person.shown, date, first is not None, on, written, uses, flagged, loaded.unreadable())


# ========================================================== re-confirmation

Reason = Literal["not-recorded", "left", "old"]
REASON_TITLES: dict[Reason, str] = {
    "not-recorded": "Consent never recorded: ask, then record it",
    "left": "Has left: contact them if you can, and ask again",
    "old": "Consent recorded more than {months} months ago: ask again",
}


@dataclass
class ToAsk:
    pid: str
    reasons: list[Reason]
    recorded: dt.date | None
    left: dt.date | None
    uses: list[Use]

    def summary(self) -> str:
        """What they did, like 'wrote 2, reviewed 1, quoted 1 time, 3 sessions'."""
        n = {kind: sum(1 for u in self.uses if u.kind == kind) for kind in USE_WORDS}
        parts = ["coordinates"] if n["lead"] else []
        did: tuple[UseKind, ...] = ("wrote", "began", "reviewed")
        parts += [f"{kind} {n[kind]}" for kind in did if n[kind]]
        if n["quoted"]:
            parts.append(f"quoted {n['quoted']} {'time' if n['quoted'] == 1 else 'times'}")
        if n["session"]:
            parts.append(f"{n['session']} {'session' if n['session'] == 1 else 'sessions'}")
        return ", ".join(parts)


@dataclass
class Checklist:
    months: int
    slug: str | None
    groups: dict[Reason, list[ToAsk]]
    withdrawn: list[tuple[str, dt.date]]  # appear, but must not be asked: their work is left out
    fine: list[str]  # appear, with consent recorded recently enough
    flagged: list[Flagged]
    unreadable: list[str]


def months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, monthrange(y, m + 1)[1]))


def checklist(root: Path, slug: str | None, months: int, today: dt.date | None = None) -> Checklist:
    """Who must be asked before a submission, by reason: everyone whose credit or words appear."""
    today = today or vocabulary.today()
    loaded = load_all(root)
    if slug is not None and slug not in {r.slug for r in loaded.responses}:
        folder = root / "responses" / slug
        if (folder / "response.yaml").is_file():
            raise CoproduceError(
                [
                    Problem(
                        f"responses/{slug}/response.yaml",
                        None,
                        "could not be read",
                        "run  coproduce check  first",
                        code="consent.unreadable",
                    )
                ]
            )
        known = ", ".join(r.slug for r in loaded.responses) or "none yet"
        raise UsageError(f"no response '{slug}'", f"give one of: {known}", code="usage.unknown-response")
    cutoff = months_before(today, months)
    by_person: dict[str, list[Use]] = {}
    for u in loaded.uses:
        if slug is None or u.slug == slug:
            by_person.setdefault(u.pid, []).append(u)
    groups: dict[Reason, list[ToAsk]] = {"not-recorded": [], "left": [], "old": []}
    withdrawn: list[tuple[str, dt.date]] = []
    fine: list[str] = []
    for pid in sorted(by_person):
        if pid not in loaded.wb.contributors:
            continue  # an unknown id: `check` reports it
        c = loaded.wb.contributors[pid].data
        if d := withdrawn_on(c, today):
            withdrawn.append((pid, d))
            continue
        recorded, left = c.consent.recorded, left_on(c, today)
        reasons: list[Reason] = []
        if recorded is None:
            reasons.append("not-recorded")
        if left:
            reasons.append("left")
        if recorded is not None and recorded < cutoff:
            reasons.append("old")
        if reasons:
            # each person once, under the first reason; the others are shown on their line
            groups[reasons[0]].append(ToAsk(pid, reasons, recorded, left, by_person[pid]))
        else:
            fine.append(pid)
    flagged = flagged_in(loaded, today, slug)
    return Checklist(months, slug, groups, withdrawn, fine, flagged, loaded.unreadable())


def confirm_consent(root: Path, pid: str, on: dt.date, today: dt.date | None = None) -> tuple[str, dt.date | None]:
    """Record that `pid` re-confirmed consent on `on`. Returns their file and the date it replaces."""
    today = today or vocabulary.today()
    wb = Workbench(root)
    load_contributors(wb, Problems())
    person = known_person(wb, pid)
    if on > today:
        raise UsageError(
            f"{on} has not come yet", "record consent on or after the day it was given", code="usage.future-date"
        )
    withdrawn = person.data.consent.withdrawn
    if withdrawn is not None:
        raise CoproduceError(
            [
                Problem(
                    person.shown,
                    person.located.line(("consent", "withdrawn")),
                    f"{pid} withdrew on {withdrawn}; re-confirming does not undo a withdrawal",
                    "if they ask to take part again, talk it through with them, then remove the  withdrawn:  line "
                    "by hand and record the new date",
                    code="consent.withdrawn",
                )
            ]
        )
    path = root / person.shown
    text, bom = read_raw(path)
    try:
        write_raw(path, set_yaml_field(text, ("consent", "recorded"), on), bom)
    except EditError as exc:
        raise cannot_edit(person.shown, f"consent: recorded: {on}", str(exc)) from None
    return person.shown, person.data.consent.recorded


# ================================================================= handover


@dataclass
class Handover:
    shown: str
    slug: str
    by_before: list[str]
    by_after: list[str]
    handed_over_from: list[str]
    status_before: str
    status_after: str
    left: list[str]  # previous authors who have left (the usual reason for a handover)


def find_contribution(root: Path, given: Path) -> Path:
    """The contribution file named: a path, or a file name unique across the responses."""
    return ContributionNames(root).find(given)


class ContributionNames:
    """Finds contributions named on a command line; the responses are listed once, when a bare name needs it,
    so naming many files is linear in their number (issue 23)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._names: dict[str, list[Path]] | None = None

    def find(self, given: Path) -> Path:
        for candidate in (given, self.root / given):
            if candidate.is_file():
                return candidate
        if self._names is None:
            self._names = {}
            for found in sorted((self.root / "responses").glob("*/*")):
                self._names.setdefault(found.name, []).append(found)
        return _one_of(self.root, given, self._names.get(given.name, []))


def _one_of(root: Path, given: Path, matches: list[Path]) -> Path:
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(str(m.relative_to(root)) for m in matches)
        raise UsageError(
            f"'{given}' is in more than one response", f"give the full path: {names}", code="usage.ambiguous-file"
        )
    raise UsageError(
        f"no contribution '{given}'", "give the path of a .md file in a response folder", code="usage.unknown-file"
    )


def handover(
    root: Path, given: Path, to: list[str], today: dt.date | None = None, *, dry_run: bool = False
) -> Handover:
    """Pass a contribution to `to`: they become its authors, and the authors before keep the credit for beginning it."""
    today = today or vocabulary.today()
    loaded = load_all(root)
    path = find_contribution(root, given).resolve()
    found = [(r, c) for r in loaded.responses for c in r.contributions if c.path.resolve() == path]
    if not found:
        shown = loaded.wb.shown(path)
        if path.suffix != ".md" or path.parent.parent != (root / "responses").resolve():
            raise UsageError(
                f"{shown} is not a contribution",
                "give a .md file in a response folder",
                code="usage.not-a-contribution",
            )
        raise CoproduceError(
            [p for p in loaded.problems.items if p.path == shown]
            or [
                Problem(
                    shown,
                    None,
                    "could not be read",
                    "run  coproduce check  and fix it first",
                    code="handover.unreadable",
                )
            ],
            "nothing was handed over",
        )
    response, c = found[0]
    people = loaded.wb.contributors
    to = list(dict.fromkeys(to))
    for pid in to:
        new = known_person(loaded.wb, pid, "--to")
        if d := withdrawn_on(new.data, today):
            raise UsageError(
                f"{pid} withdrew on {d}", "hand the work to someone who is taking part", code="usage.person-withdrawn"
            )
        if d := left_on(new.data, today):
            raise UsageError(
                f"{pid} left on {d}", "hand the work to someone who is taking part", code="usage.person-left"
            )
    for pid in (*c.meta.by, *c.meta.handed_over_from):
        if pid in people and (d := withdrawn_on(people[pid].data, today)):
            key = "by" if pid in c.meta.by else "handed_over_from"
            raise CoproduceError(
                [
                    Problem(
                        c.shown,
                        c.located.line((key,)),
                        f"{pid} withdrew on {d}: their words cannot be used, so this work cannot be handed over",
                        f"have {' and '.join(to)} write fresh text in a new contribution, like  coproduce add "
                        f"{response.slug} {_where(c)} --by {' --by '.join(to)}",
                        code="handover.withdrawn",
                    )
                ],
                "nothing was handed over",
            )
    before = list(c.meta.by)
    passed = [pid for pid in before if pid not in to]
    if not passed:
        raise UsageError(
            f"{c.shown} is already by {', '.join(before)}", "name someone new with --to", code="usage.already-by"
        )
    began = list(dict.fromkeys(p for p in (*c.meta.handed_over_from, *passed) if p not in to))
    status = "review" if c.meta.status == "approved" else c.meta.status
    changes: dict[str, object] = {"by": to, "handed_over_from": began}
    if status != c.meta.status:
        changes["status"] = status
    if not dry_run:
        text, bom = read_raw(path)
        try:
            write_raw(path, set_front_matter(text, changes), bom)
        except EditError as exc:
            raise cannot_edit(c.shown, f"by: {yaml_value(to)}", str(exc)) from None
    left = [pid for pid in passed if pid in people and left_on(people[pid].data, today)]
    return Handover(c.shown, response.slug, before, to, began, c.meta.status, status, left)


def _where(c: Contribution) -> str:
    if c.meta.answers:
        return f"--answers {c.meta.answers}"
    title = f' --title "{c.meta.title}"' if c.meta.title else ""
    return f"--section {c.meta.section}{title}"
