"""`coproduce reconsent`: who must be asked again before a submission, and recording that they were."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

from pipeline.errors import CoproduceError, Problem, Problems, UsageError
from pipeline.load.cache import memo
from pipeline.load.schema import Response
from pipeline.load.workbench import ResponseFolder, Workbench, load_contributors
from pipeline.vocabulary import months_before
from pipeline.workflow.consent import (
    USE_WORDS,
    Flagged,
    Use,
    UseKind,
    flagged_in,
    known_person,
    left_on,
    load_all,
    withdrawn_on,
)
from pipeline.workflow.yamledit import EditError, cannot_edit, read_raw, set_yaml_field, write_raw

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


def consent_months(responses: Iterable[ResponseFolder]) -> int:
    """How old consent may be before it is asked again: the shortest `consent_valid_months` among `responses`
    (the check of each response uses its own), the schema's 12 when there is none. `reconsent` and the people
    page ask this, so neither keeps a number of its own."""
    default = Response.model_fields["consent_valid_months"].default
    return min((r.data.consent_valid_months for r in responses), default=default)


@memo(lambda root: root)  # the people page asks on every view: kept while no file of the workbench changes
def workbench_consent_months(root: Path) -> int:
    """`consent_months` of every response of the workbench at `root`."""
    return consent_months(load_all(root).responses)


def checklist(root: Path, slug: str | None, months: int | None, today: dt.date) -> Checklist:
    """Who must be asked before a submission, by reason: everyone whose credit or words appear.

    `months` None: as the responses asked about say (`consent_months`)."""
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
    if months is None:
        months = consent_months(r for r in loaded.responses if slug is None or r.slug == slug)
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


class Confirmed(NamedTuple):
    shown: str  # the person's file
    before: dt.date | None  # the consent date it replaces
    sheet_version: str  # the sheet wording they agreed on, now kept in their file


def confirm_consent(root: Path, pid: str, on: dt.date, today: dt.date) -> Confirmed:
    """Record that `pid` re-confirmed consent on `on`, on the sheet wording in force now: its version and
    fingerprint are kept beside the date (as `contributor sheet` keeps them), so `reconsent`, `status` and the
    dashboard stop listing them as having agreed on older wording."""
    from pipeline.workflow.sheet import load_wording, sheet_language

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
    wording = load_wording(wb, sheet_language(person.data))  # read before anything is written
    path = root / person.shown
    text, bom = read_raw(path)
    try:
        text = set_yaml_field(text, ("consent", "recorded"), on)
        text = set_yaml_field(text, ("consent", "sheet_version"), wording.version)
        text = set_yaml_field(text, ("consent", "sheet_fingerprint"), wording.fingerprint)
    except EditError as exc:
        raise cannot_edit(person.shown, f"consent: recorded: {on}", str(exc)) from None
    write_raw(path, text, bom)
    return Confirmed(person.shown, person.data.consent.recorded, wording.version)
