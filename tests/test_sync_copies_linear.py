"""Finding a sync client's copies in a folder looks each name up in one table of the folder (issue 23: a table
made again for every file made 5,000 contributions cost 25 million comparisons). It finds exactly what the
one-file rule, `copy_of`, finds for each file against its siblings."""

from __future__ import annotations

import random

from pipeline.load.sync_copies import _key, copy_of, sync_copies

STEMS = ["p1", "ada", "Ada", "41-q1", "41-q1-more", "notes", "Question 2", "x"]
MARKS = [
    "",
    " (1)",
    " (2) (1)",
    " copy",
    " copy 2",
    " 2",
    "-DESKTOP-1AB2C3D",
    "-Jo’s MacBook Pro",
    " - Copy",
    "_conflict-20260101-120000",
    " (Jo's conflicted copy 2026-01-01)",
]
BEFORE = ["", "Copy of ", "copy of "]
ENDINGS = [".yaml", ".yml", ".YAML", ".md", ".docx", ""]


def folder(rng: random.Random) -> list[str]:
    names = {
        rng.choice(BEFORE) + rng.choice(STEMS) + rng.choice(MARKS) + rng.choice(ENDINGS)
        for _ in range(rng.randrange(1, 14))
    }
    return sorted(names)


def test_the_folder_table_finds_what_the_one_file_rule_finds() -> None:
    rng = random.Random(23)
    found_any = 0
    for _ in range(3000):
        names = folder(rng)
        # the rule as it was: each file against its siblings, those of its own key (itself) left out first
        expected = {n: o for n in names if (o := copy_of(n, [s for s in names if _key(s) != _key(n)])) is not None}
        assert sync_copies(names) == dict(sorted(expected.items())), names
        found_any += bool(expected)
    assert found_any > 100  # the folders do hold copies, so the comparison means something


def test_a_file_is_never_its_own_original_however_its_ending_is_written() -> None:
    assert sync_copies(["p1.yaml", "p1 (1).yml"]) == {"p1 (1).yml": "p1.yaml"}
    assert sync_copies(["p1.yml", "p1.yaml"]) == {}  # one key, two spellings: neither copies itself
    assert sync_copies(["2.yaml"]) == {}
