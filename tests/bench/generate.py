"""A realistic generated response of any size, for `make bench` (issue 13).

Distinct invented names (first × last, in an order that mixes them), one person
for every two or three contributions, every way of being credited, questions with
word limits, lived-experience quotes (by people who agreed), tables, footnotes, links, lists and an
involvement log; drafts, so builds are `draft=True` (no approval records). The same size always gives the same files.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from tests.bench.test_privacy_speed import FIRST, LAST

CREDITS = ["name", "initials", "pseudonym", "role", "anonymous"]
ROLES = ["Peer Volunteer", "Carer", "Expert by Experience", "Community Researcher", "Service User Governor"]
SENTENCES = [
    "People told us that a calm place, a kind welcome and someone to talk to at night made the difference.",
    "Staff who listened, and who explained what would happen next, mattered most of all.",
    "Several of us waited more than six weeks for a first appointment, and heard nothing in between.",
    "Advocacy should be offered at the start, not after a decision has already been made.",
    "Letters arrived in language that none of us could follow without help from a friend.",
    "We want the duty to involve people written into the guidance, with a named person accountable for it.",
    "Crisis cafés in two towns showed what good looks like: open late, run with peers, and easy to find.",
    "Families were often left out of planning, even when the person wanted them there.",
]


def names(n: int) -> list[str]:
    """`n` distinct full names, shuffled the same way every time."""
    pairs = [f"{first} {last}" for last, first in itertools.product(LAST, FIRST)]
    random.Random(13).shuffle(pairs)
    if n > len(pairs):
        raise ValueError(f"at most {len(pairs)} names")
    return pairs[:n]


def make_response(root: Path, contributions: int) -> Path:
    """Write a workbench under `root` with one response of `contributions` files; return the response folder."""
    rng = random.Random(contributions)
    # one person for every 2.5 contributions, as many as there are invented names (1,920: 5,000 files share them)
    n_people = max(2, min(contributions * 2 // 5, len(FIRST) * len(LAST)))
    n_questions = max(4, contributions // 5)
    people = names(n_people)
    taken = {word.casefold() for name in people for word in name.split(" ")}
    (root / "contributors").mkdir(parents=True)
    for i, name in enumerate(people):
        first, last = name.split(" ")
        pseudonym = f"{first[0]}{last[:2]}"
        if pseudonym.casefold() in taken:  # "NYe" is Nye's first name: check refuses a pseudonym that is a name
            pseudonym = f"{first[0]}{last[:2]}{i}"
        (root / "contributors" / f"p{i}.yaml").write_text(
            f"name: {name}\ncredit: {CREDITS[i % 5]}\npseudonym: {pseudonym}\n"
            f"role: {ROLES[i % len(ROLES)]}\nlived_experience: {'true' if i % 3 else 'false'}\n"
            f"emails: [{first.lower()}.{last.lower()}@example.org]\n"
            f"consent: {{recorded: 2025-01-0{1 + i % 9}, quotes: {['attributed', 'anonymous', 'no'][i % 3]}}}\n",
            encoding="utf-8",
        )
    folder = root / "responses" / f"bench-{contributions}"
    folder.mkdir(parents=True)
    questions = "".join(
        f"  - id: q{q}\n    text: How should services respond to need number {q}?\n    limit: 20000\n"
        for q in range(n_questions)
    )
    sessions = "".join(
        f"  - date: 2025-{1 + s % 12:02d}-{1 + s % 28:02d}\n    activity: Workshop {s} on the draft\n"
        f"    hours: {1 + s % 3}.5\n    people: [{', '.join(f'p{(s * 3 + k) % n_people}' for k in range(4))}]\n"
        for s in range(max(3, contributions // 10))
    )
    (folder / "response.yaml").write_text(
        f"title: A generated response of {contributions} contributions\norganisation: Benchmark Network\n"
        "consultation:\n  title: A consultation on community mental health\n  by: A department\n"
        f"date: 2026-02-01\nlead: p0\nquestions:\n{questions}involvement:\n{sessions}",
        encoding="utf-8",
    )
    for n in range(contributions):
        author = n * n_people // contributions  # each person writes two or three in a row
        quoted = rng.choice([i for i in range(n_people) if i % 3 != 2])  # someone who agreed to be quoted
        paragraphs = [" ".join(rng.sample(SENTENCES, 4)) for _ in range(3)]
        parts = [
            paragraphs[0] + "[^a]",
            paragraphs[1],
            "- " + rng.choice(SENTENCES) + "\n- " + rng.choice(SENTENCES) + "\n- [the guidance](https://example.org/g)",
            f"> {rng.choice(SENTENCES)}\n> — @p{quoted}",
            paragraphs[2],
        ]
        if n % 4 == 0:
            parts.append(
                "| Service | Waiting time | Rating |\n| --- | ---: | :---: |\n"
                + "".join(f"| Service {k} | {rng.randrange(2, 30)} weeks | {rng.randrange(1, 6)} |\n" for k in range(5))
            )
        parts.append(f"[^a]: Heard at workshop {n % 7} of the involvement log.")
        (folder / f"{n:04d}-part.md").write_text(
            f"---\nanswers: q{n % n_questions}\nby: [p{author}]\nstatus: draft\n---\n" + "\n\n".join(parts) + "\n",
            encoding="utf-8",
        )
    return folder
