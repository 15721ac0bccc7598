"""`coproduce withdraw`: a withdrawal recorded as a date (never a deletion), and everything it touches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.workflow.consent import Flagged, Use, known_person, load_all
from pipeline.workflow.yamledit import EditError, cannot_edit, read_raw, set_yaml_field, write_raw


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
