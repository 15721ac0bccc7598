"""A credit that prints another person's private name is found by looking up the credit's runs of words, and finds
exactly what the scan of every private form found (issue 23: that scan was people x forms, 5 s at 1,920 people).

The oracle is the scan as it was, over workbenches made at random from a small pool of names (so names are shared
and nest: a first name that is another's surname, double-barrelled names, titles, names run together, Word's
apostrophes, ordinary words a person listed, git authors who are nobody) and over cases written by hand.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from pipeline.assemble.people import decide
from pipeline.load.schema import Contributor
from pipeline.privacy.identity import GitAuthor, Identities, Variant, _credit_clashes, identities
from pipeline.privacy.normalise import fold

TODAY = dt.date(2026, 3, 1)
CONSENTED = {"recorded": "2025-01-01", "quotes": "attributed"}
FIRST = ["Jordan", "Kerry", "Rose", "Hope", "Page", "Mary-Jane", "Ali", "Bo", "Tomasz", "Siân"]
LAST = ["Reeve", "O\u2019Farrell", "Jordan", "Lindqvist", "Ward-Hughes", "Page", "Okafor", "Bo", "Kerry"]


def _scan(people: dict, ids: Identities) -> list[tuple[str, str, Variant]]:
    """The rule as it was: every private form tried against every credit, in order."""
    clashes = []
    for pid, person in people.items():
        if person.credit is None or person.named:
            continue
        credit = fold(person.credit)
        for v in ids.private:
            if not v.person or v.person == pid or v.folded not in credit:
                continue
            if v.kind == "part" and v.folded.strip() in ids.ordinary.get(v.person, frozenset()):
                continue
            clashes.append((pid, person.credit, v))
            break
    return clashes


def _credit(rng: random.Random, names: list[str]) -> dict[str, object]:
    other = rng.choice(names).split()
    made = rng.choice(
        [
            other[0],
            other[-1],
            " ".join(reversed(other)),
            "".join(other),
            f"Dr {other[-1]}",
            f"Peer mentor {rng.choice(other)} group",
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            rng.choice(["Sunflower", "A volunteer", "Jo", "Reev", "Rosemary"]),
        ]
    )
    kind = rng.choice(["pseudonym", "role", "anonymous", "name", "initials"])
    data: dict[str, object] = {"credit": kind}
    if kind == "pseudonym":
        data["pseudonym"] = made
    if kind == "role":
        data["role"] = made
    return data


def _workbench(seed: int) -> tuple[dict, Identities]:
    rng = random.Random(seed)
    names = [
        " ".join([rng.choice(["", "Dr "]) + rng.choice(FIRST)] + rng.sample(LAST, rng.choice([1, 1, 2])))
        for _ in range(rng.randint(3, 40))
    ]
    files = {}
    for k, name in enumerate(names):
        data: dict[str, object] = {"name": name, "consent": CONSENTED, **_credit(rng, names)}
        if rng.random() < 0.2:
            data["ordinary_words"] = [rng.choice(name.split()).strip("Dr ")]
        files[f"p{k}"] = data
    contributors = {}
    for pid, data in files.items():
        try:
            contributors[pid] = Contributor.model_validate(data)
        except ValueError:
            contributors[pid] = Contributor.model_validate({k: v for k, v in data.items() if k != "ordinary_words"})
    decided = {pid: decide(pid, c, TODAY) for pid, c in contributors.items()}
    git = [GitAuthor(rng.choice(names), f"someone{k}@example.org", frozenset()) for k in range(rng.randint(0, 3))]
    return decided, identities(contributors, decided, git)


@pytest.mark.parametrize("seed", range(60))
def test_the_same_clashes_as_the_scan(seed: int) -> None:
    decided, ids = _workbench(seed)
    assert _credit_clashes(decided, ids) == _scan(decided, ids)


def test_the_random_workbenches_have_clashes_and_credits_that_do_not() -> None:
    """The comparison compares something: many credits clash, many do not."""
    clashed = printed = 0
    for seed in range(60):
        decided, ids = _workbench(seed)
        clashed += len(_scan(decided, ids))
        printed += sum(1 for p in decided.values() if p.credit is not None and not p.named)
    assert clashed >= 60
    assert printed - clashed >= 60


@pytest.mark.parametrize(
    ("pseudonym", "clashes"),
    [
        ("Kerry", True),
        ("kerry", True),
        ("Pollard Kerry", True),  # reordered
        ("KerryPollard", True),  # run together
        ("Ms Pollard", True),
        ("Friend of Kerry Pollard", True),
        ("Kerryann", False),  # a word is not part of another
        ("Pollardine", False),
        ("Sunflower", False),
    ],
)
def test_written_cases(pseudonym: str, clashes: bool) -> None:
    contributors = {
        "kerry": Contributor.model_validate({"name": "Kerry Pollard", "credit": "anonymous", "consent": CONSENTED}),
        "nadia": Contributor.model_validate(
            {"name": "Nadia Greaves", "credit": "pseudonym", "pseudonym": pseudonym, "consent": CONSENTED}
        ),
    }
    decided = {pid: decide(pid, c, TODAY) for pid, c in contributors.items()}
    ids = identities(contributors, decided)
    found = _credit_clashes(decided, ids)
    assert found == _scan(decided, ids)
    assert bool(found) is clashes
