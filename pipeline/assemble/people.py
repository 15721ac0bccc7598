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

from pipeline.errors import Problem
from pipeline.load.schema import Contributor
from pipeline.load.workbench import Workbench
from pipeline.model import Person, QuoteUse
from pipeline.privacy.identity import Identities, credit_clashes, name_variants, names_forms, pseudonym_clash
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


def unnamed_because(person: Person) -> str:
    """Why someone with no `credit` may not be printed, in the words every check that names them uses."""
    return f"withdrew on {person.withdrawn_on}" if person.withdrawn else "has no consent recorded"


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


def credit_problems(wb: Workbench, people: Mapping[str, Person], ids: Identities) -> list[Problem]:
    """A credit someone chose that is another person's private name (`config.credit-is-private`), and a
    pseudonym that is anyone's real name, their own included (`config.pseudonym-is-a-name`)."""
    contributors = {pid: cf.data for pid, cf in wb.contributors.items()}
    problems: list[Problem] = []
    clashed: set[str] = set()
    for pid, credit, clash in credit_clashes(contributors, people, ids):
        clashed.add(pid)
        cf = wb.contributors[pid]
        field_name = cf.data.credit  # pseudonym, role or initials
        problems.append(
            Problem(
                cf.shown,
                cf.located.line((field_name,)),
                f"the {field_name} '{credit}' that {pid} is credited by is {clash.what} of contributor"
                f" '{clash.person}', who has not chosen to be named",
                f"choose another {field_name} in {cf.shown}",
                code="config.credit-is-private",
            )
        )
    forms = names_forms(contributors) if any(c.pseudonym for c in contributors.values()) else None
    for pid, cf in sorted(wb.contributors.items()):
        pseudonym = cf.data.pseudonym or ""
        real = pseudonym_clash(pseudonym, pid, cf.data.name, contributors, forms) if pid not in clashed else None
        if real is not None:
            whose = "their own name" if real.person == pid else f"{real.what} of contributor '{real.person}'"
            problems.append(
                Problem(
                    cf.shown,
                    cf.located.line(("pseudonym",)),
                    f"the pseudonym {pid} chose is a real name: {whose}",
                    f"choose a pseudonym that is nobody's name in {cf.shown}"
                    + ("; to be credited by their own name, write  credit: name" if real.person == pid else ""),
                    code="config.pseudonym-is-a-name",
                )
            )
    return problems
