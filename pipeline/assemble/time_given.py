"""The time people gave at sessions, worked out once: which sessions were held by a day, who was at each
(each person once), whose time the public sees, and the sums.

The credits (`assemble/credits.py`, on the response's printed date), `coproduce status` and the
workbench (`workflow/status.py`), the hours report and the impact report (`workflow/hours.py`,
`workflow/report.py`) all read this one answer, so a session, a person or an hour is counted the same
way everywhere. Who has withdrawn is the decision `assemble/people.py` made (`Person.withdrawn`):
their time is paid (the hours report, the impact report's totals) but never credited or counted
as given in public (the credits, `status`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from pipeline.load.schema import Attendee, Session
from pipeline.model import Person
from pipeline.vocabulary import in_force


@dataclass(frozen=True)
class SessionHeld:
    session: Session
    present: tuple[Attendee, ...]  # everyone listed who is a known contributor, once each, in the order given
    counted: tuple[str, ...]  # the ids of those whose time counts in public: not withdrawn

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.present)

    def person_hours(
        self, people: Mapping[str, Person], *, lived_only: bool = False, withdrawn_too: bool = False
    ) -> Decimal:
        """The session's hours times the people whose time counts (everyone present, if `withdrawn_too`;
        only those with lived experience, if `lived_only`)."""
        who = self.ids if withdrawn_too else self.counted
        return self.session.hours * sum(1 for pid in who if not lived_only or people[pid].lived_experience)


@dataclass(frozen=True)
class TimeGiven:
    on: dt.date
    held: tuple[SessionHeld, ...]  # dated on or before `on`, in the order response.yaml lists them
    planned: int  # dated after `on`: not held yet (or a typo, which checks/dates.py reports)

    @property
    def sessions(self) -> tuple[Session, ...]:
        return tuple(h.session for h in self.held)

    @property
    def with_someone(self) -> int:
        """Sessions held with at least one person whose time counts."""
        return sum(1 for h in self.held if h.counted)

    def sessions_of(self) -> dict[str, int]:
        """How many sessions each person whose time counts came to, in the order they first came."""
        count: dict[str, int] = {}
        for h in self.held:
            for pid in h.counted:
                count[pid] = count.get(pid, 0) + 1
        return count

    def person_hours(
        self, people: Mapping[str, Person], *, lived_only: bool = False, withdrawn_too: bool = False
    ) -> Decimal:
        """`SessionHeld.person_hours` over every session held: exact decimals, so 1.75 stays 1.75."""
        return sum(
            (h.person_hours(people, lived_only=lived_only, withdrawn_too=withdrawn_too) for h in self.held), Decimal(0)
        )


def time_given(sessions: Iterable[Session], people: Mapping[str, Person], on: dt.date) -> TimeGiven:
    """The sessions of `sessions` held by `on`, each with who was there, for `people` as decided."""
    held = []
    planned = 0
    for s in sessions:
        if not in_force(s.date, on):
            planned += 1
            continue
        present = tuple({a.id: a for a in s.attendance if a.id in people}.values())
        held.append(SessionHeld(s, present, tuple(a.id for a in present if not people[a.id].withdrawn)))
    return TimeGiven(on, tuple(held), planned)
