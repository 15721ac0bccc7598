"""The credits: a sentence of totals, then each person as they chose, then how many are not named.

Works only with `people.Person` decisions; the order is fixed (alphabetical by
the printed credit, then by id) so the same input always gives the same page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from pipeline import model as m
from pipeline.assemble.time_given import TimeGiven
from pipeline.load.labels import and_list, labels, number_word, plural
from pipeline.model import Person
from pipeline.vocabulary import hours_text


def _hours(h: Decimal, language: str) -> str:
    text = hours_text(h)  # as given: 1.75 stays 1.75, never rounded
    return plural(language, "hours", Decimal(text), text)


def build_credits(
    people: dict[str, Person],
    lead: str | None,
    wrote: Iterable[str],
    reviewed: Iterable[str],
    quoted: Iterable[str],
    time: TimeGiven | None,
    began: Iterable[str] = (),
    edited: Iterable[str] = (),
    approved: Iterable[str] = (),
    language: str = "en",
    stand_in: bool = False,
) -> m.Credits:
    """The credits in `language`: its sentences, its plural rules and its way of joining a list. `stand_in`
    (`confirm_edits: false`): the totals say that the lead's approval stood in for each person's confirmation."""
    say = labels(language)
    did: dict[str, list[str]] = defaultdict(list)  # label keys of what each person did, in order
    active = {pid for pid, p in people.items() if not p.withdrawn}

    def mark(pids: Iterable[str], what: str) -> None:
        for pid in dict.fromkeys(pids):
            if pid in active and what not in did[pid]:
                did[pid].append(what)

    if lead:
        mark([lead], "did_coordinated")
    mark(began, "did_began")
    mark(wrote, "did_wrote")
    mark(edited, "did_edited")
    mark(reviewed, "did_reviewed")
    # signing off is credited as itself, never as "edited" (assemble/history.py)
    mark(approved, "did_approved")
    # only quotes printed with a credit: listing an unattributed speaker would undo their choice
    mark((q for q in quoted if people[q].quote_attribution()), "did_quoted")
    # sessions and hours as assemble/time_given.py counts them (None: no sessions, as in the annex)
    session_count = time.sessions_of() if time else {}
    hours_le = time.person_hours(people, lived_only=True) if time else Decimal(0)
    sessions_held = time.with_someone if time else 0
    for pid in session_count:
        did[pid].append("did_sessions")

    entries = []
    unnamed = 0
    for pid, what in did.items():
        credit = people[pid].credit
        if credit is None:
            unnamed += 1
        else:
            doings = [
                say[key].format(sessions=plural(language, "sessions", session_count.get(pid, 0))) for key in what
            ]  # "took part in 3 sessions"; the other doings have no {sessions} and are as they are
            entries.append((credit.casefold(), pid, m.CreditEntry(credit, and_list(language, doings))))
    entries.sort(key=lambda e: (e[0], e[1]))

    le = sum(1 for pid in did if people[pid].lived_experience)
    counted = {"people": plural(language, "people", le)}
    if hours_le:
        counted |= {"hours": _hours(hours_le, language), "sessions": plural(language, "sessions", sessions_held)}
        totals = say["credits_totals_hours"].format(**counted)
    else:
        totals = say["credits_totals"].format(**counted)
    if stand_in:
        totals += " " + say["credits_stand_in"]

    note = None
    if unnamed:
        note = plural(language, "unnamed", unnamed, number_word(language, unnamed))
    return m.Credits(say["credits"], totals, tuple(e for _, _, e in entries), note)
