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
from collections.abc import Callable, Mapping

from pipeline.load.schema import Contributor
from pipeline.model import Person, QuoteUse
from pipeline.privacy.identity import name_variants
from pipeline.privacy.normalise import fold
from pipeline.vocabulary import withdrawal_in_force


def initials(name: str) -> str:
    """'Jordan Reeve' -> 'J.R.'; 'Mary-Jane Okafor' -> 'M.J.O.'."""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return "".join(f"{p[0].upper()}." for p in parts)


def decide(pid: str, c: Contributor, today: dt.date) -> Person:
    consent = c.consent
    withdrawn_on = consent.withdrawn if withdrawal_in_force(consent.withdrawn, today) else None
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


def compact(text: str) -> str:
    """`text` folded with no spaces at all, so "K. P.", "K.P." and "KP" compare alike."""
    return fold(text).replace(" ", "")


def signatures(pid: str, c: Contributor) -> frozenset[str]:
    """Every way a quote of theirs may be signed by hand (compact): any form of their name, their id,
    their initials, and the pseudonym and role they gave, whether or not these may be printed now."""
    parts = c.name.split()
    forms = {v.folded for v in name_variants(c.name, pid)} | {pid, initials(c.name)}
    forms |= {initials(f"{parts[0]} {parts[-1]}")} if len(parts) > 2 else set()  # "K.P." for Kerry Ann Pym
    forms |= {f for f in (c.pseudonym, c.role) if f}
    return frozenset(k for k in map(compact, forms) if k)


def signer(
    contributors: Mapping[str, Contributor], people: Mapping[str, Person], *, withdrawn: bool
) -> Callable[[str], tuple[str, ...]]:
    """Who a hand-written signature ("— K.P.") names: the ids whose `signatures` it is, among the
    people who withdrew (`withdrawn=True`) or everyone else."""
    forms: dict[str, list[str]] = {}
    for pid, c in sorted(contributors.items()):
        person = people.get(pid)
        if person is not None and person.withdrawn == withdrawn:
            for form in signatures(pid, c):
                forms.setdefault(form, []).append(pid)

    def who(signed: str) -> tuple[str, ...]:
        return tuple(forms.get(compact(signed), ()))

    return who
