"""The credits: a sentence of totals, then each person as they chose, then how many are not named.

Works only with `people.Person` decisions; the order is fixed (alphabetical by
the printed credit, then by id) so the same input always gives the same page.

A co-signed response's credits keep each organisation's people apart (`grouped`): under each
organisation's name, in the order response.yaml lists them, the people whose file names it
(`organisation:`, load/affiliation.py) AND who are credited by their own name; everyone else
credited (by initials, a pseudonym or a role, or of no organisation signing this response) under
one neutral heading. A pseudonym, initials or a role printed beside an organisation's name would
say more than the person chose (a role at a small charity is a person), so they are never grouped;
and who is not named is counted once for the whole response, as before, never by organisation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline import model as m
from pipeline.assemble.time_given import TimeGiven
from pipeline.load.affiliation import affiliation_of
from pipeline.load.labels import and_list, labels, number_word, plural
from pipeline.load.schema import Contributor
from pipeline.model import Person
from pipeline.vocabulary import hours_text


@dataclass(frozen=True)
class Signing:
    """Who signs the response (`organisations`, as response.yaml names them) and, by person id, which of
    them each person's own file says they take part for (load/affiliation.py decides what names one)."""

    organisations: tuple[str, ...] = ()
    of: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of_people(cls, organisations: tuple[str, ...], contributors: Mapping[str, Contributor]) -> Signing:
        found = {pid: affiliation_of(c.organisation, organisations) for pid, c in contributors.items()}
        return cls(organisations, {pid: org for pid, org in found.items() if org is not None})


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
    signing: Signing | None = None,
) -> m.Credits:
    """The credits in `language`: its sentences, its plural rules and its way of joining a list. `stand_in`
    (`confirm_edits: false`): the totals say that the lead's approval stood in for each person's confirmation.
    `signing`: the organisations, two or more when co-signed, and each person's among them: `grouped`."""
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
    flat = tuple((pid, e) for _, pid, e in entries)
    signing = signing or Signing()
    co_signed = len(signing.organisations) > 1
    groups = grouped(flat, people, signing.organisations, signing.of, language) if co_signed else ()
    in_order = tuple(e for _, found in groups for e in found) if groups else tuple(e for _, e in flat)
    return m.Credits(say["credits"], totals, in_order, note, groups)


def grouped(
    entries: Sequence[tuple[str, m.CreditEntry]],
    people: Mapping[str, Person],
    organisations: Sequence[str],
    of: Mapping[str, str],
    language: str,
) -> tuple[tuple[str, tuple[m.CreditEntry, ...]], ...]:
    """Each organisation's people credited by their own name under its name, the rest under "Also taking part";
    empty groups left out. No group at all when nobody is of a signing organisation (the list stays as it was)."""
    mine: dict[str, list[m.CreditEntry]] = {name: [] for name in organisations}
    rest: list[m.CreditEntry] = []
    for pid, entry in entries:
        org = of.get(pid)
        (mine[org] if org in mine and people[pid].named else rest).append(entry)
    if not any(mine.values()):
        return ()
    groups = [(name, tuple(found)) for name, found in mine.items() if found]
    if rest:
        groups.append((labels(language)["credits_also"], tuple(rest)))
    return tuple(groups)
