"""The credits: a sentence of totals, then each person as they chose, then how many are not named.

Works only with `people.Person` decisions; the order is fixed (alphabetical by
the printed credit, then by id) so the same input always gives the same page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from pipeline import model as m
from pipeline.load.schema import Session
from pipeline.model import Person
from pipeline.vocabulary import hours_text

NUMBER_WORDS = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _hours(h: Decimal) -> str:
    text = hours_text(h)  # as given: 1.75 stays 1.75, never rounded
    return f"{text} hour" if text == "1" else f"{text} hours"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def build_credits(
    people: dict[str, Person],
    lead: str | None,
    wrote: Iterable[str],
    reviewed: Iterable[str],
    quoted: Iterable[str],
    sessions: Iterable[Session],
    began: Iterable[str] = (),
    edited: Iterable[str] = (),
    approved: Iterable[str] = (),
) -> m.Credits:
    did: dict[str, list[str]] = defaultdict(list)
    active = {pid for pid, p in people.items() if not p.withdrawn}

    def mark(pids: Iterable[str], what: str) -> None:
        for pid in dict.fromkeys(pids):
            if pid in active and what not in did[pid]:
                did[pid].append(what)

    if lead:
        mark([lead], "coordinated the response")
    mark(began, "began work that others finished")
    mark(wrote, "wrote")
    mark(edited, "edited")
    mark(reviewed, "reviewed")
    # signing off is credited as itself, never as "edited" (assemble/history.py)
    mark(approved, "approved")
    # only quotes printed with a credit: listing an unattributed speaker would undo their choice
    mark((q for q in quoted if people[q].quote_attribution()), "was quoted")
    session_count: dict[str, int] = defaultdict(int)
    hours_le = Decimal(0)  # exact: a sum of decimals, as given
    sessions_held = 0
    for s in sessions:
        present = [pid for pid in dict.fromkeys(s.people) if pid in active]
        if present:
            sessions_held += 1
        for pid in present:
            session_count[pid] += 1
            if people[pid].lived_experience:
                hours_le += s.hours
    for pid, n in session_count.items():
        did[pid].append(f"took part in {_plural(n, 'session', 'sessions')}")

    entries = []
    unnamed = 0
    for pid, what in did.items():
        credit = people[pid].credit
        if credit is None:
            unnamed += 1
        else:
            entries.append((credit.casefold(), pid, m.CreditEntry(credit, _and(what))))
    entries.sort(key=lambda e: (e[0], e[1]))

    le = sum(1 for pid in did if people[pid].lived_experience)
    totals = f"This response was co-produced with {_plural(le, 'person', 'people')} with lived experience"
    if hours_le:
        totals += f", who gave {_hours(hours_le)} across {_plural(sessions_held, 'session', 'sessions')}"
    totals += "."

    note = None
    if unnamed:
        count = NUMBER_WORDS[unnamed] if unnamed < len(NUMBER_WORDS) else str(unnamed)
        who, verb = ("person", "is") if unnamed == 1 else ("people", "are")
        note = f"{count} more {who} took part and {verb} not named here."
    return m.Credits("Credits", totals, tuple(e for _, _, e in entries), note)
