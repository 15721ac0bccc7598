"""The one place that decides what the public may see of each person.

For every contributor it decides the exact string to print (their name,
initials, pseudonym, role, or nothing), whether their quotes may be used and
how, and whether anything of theirs may be used at all. Everything after this
module works only with those decided strings. What must never be printed of a
person (every form of their name, their addresses, their git identities) is
derived from these decisions in privacy/identity.py, for the checks and the guard.
"""

from __future__ import annotations

import datetime as dt

from pipeline.load.schema import Contributor
from pipeline.model import Person, QuoteUse
from pipeline.vocabulary import in_force


def initials(name: str) -> str:
    """'Jordan Reeve' -> 'J.R.'; 'Mary-Jane Okafor' -> 'M.J.O.'."""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return "".join(f"{p[0].upper()}." for p in parts)


def decide(pid: str, c: Contributor, today: dt.date) -> Person:
    consent = c.consent
    withdrawn_on = consent.withdrawn if in_force(consent.withdrawn, today) else None
    consented = consent.recorded is not None and withdrawn_on is None
    credit: str | None = None
    if consented:
        credit = {
            "name": c.name,
            "initials": initials(c.name),
            "pseudonym": c.pseudonym,
            "role": c.role,
            "anonymous": None,
        }[c.credit]
    # Without recorded consent, or after a withdrawal, a quote may not be used at all.
    quotes: QuoteUse = consent.quotes if consented else "no"
    return Person(
        pid, credit, c.lived_experience, quotes, withdrawn_on, named=credit is not None and c.credit == "name"
    )


def decide_all(contributors: dict[str, Contributor], today: dt.date) -> dict[str, Person]:
    return {pid: decide(pid, c, today) for pid, c in sorted(contributors.items())}
