"""A copy a sync client made is never built in silence as a second contribution (promise 5).

Workbenches live in OneDrive, SharePoint, Google Drive and Dropbox folders. When two
people save at once the client keeps both, under a second name. `check` names the copy
and the original it copies; a final build refuses until one is kept, a draft warns;
a contributor's copy stops every build (either file could hold their withdrawal).
"""

from __future__ import annotations

import shutil

import pytest

from pipeline.load.sync_copies import copy_of
from tests.conftest import assert_user_error, run
from tests.factory import WITHDRAWN_WORDS, Bench

R = "responses/crisis-house"
ORIGINAL = "31-q2-referral.md"
COPIES = [
    "31-q2-referral (conflicted copy 2026-11-03).md",  # Dropbox
    "31-q2-referral (Jo’s conflicted copy 2026-11-03).md",  # Dropbox, a Word apostrophe in the machine's owner
    "31-q2-referral (Case Conflict).md",
    "31-q2-referral-DESKTOP-1AB2C3D.md",  # OneDrive, SharePoint
    "31-q2-referral-LAPTOP-XYZ.md",
    "31-q2-referral-Jos-MacBook-Pro.md",
    "31-q2-referral (1).md",  # Google Drive, Windows, a browser
    "31-q2-referral (1) (1).md",
    "31-q2-referral - Copy.md",  # Windows Explorer
    "31-q2-referral - Copy (2).md",
    "Copy of 31-q2-referral.md",  # Google Drive
    "31-q2-referral copy 2.md",  # macOS Finder
    "31-q2-referral 2.md",  # iCloud Drive
    "31-q2-referral.sync-conflict-20261103-101010-AB12CD3.md",  # Syncthing
    "31-Q2-Referral (1).MD",  # a disk that ignores case
    "31-q2-referral-Jo’s MacBook Pro.md",  # a computer's name with a Word apostrophe and spaces
    "31-q2-referral_conflict-20261103-101010.md",  # ownCloud
]


def _copy(bench: Bench, name: str, source: str = ORIGINAL) -> None:
    shutil.copyfile(bench.response / source, bench.response / name)


@pytest.mark.parametrize("copy", COPIES)
def test_a_copy_of_a_contribution_stops_a_final_build_and_check_names_the_original(bench: Bench, copy: str) -> None:
    _copy(bench, copy)
    checked = assert_user_error(run(["check", str(bench.response)]))
    built = assert_user_error(run(["build", str(bench.response), "--format", "txt"]))
    for out in (checked, built):
        assert f"{R}/{copy}: this looks like a copy of {ORIGINAL}" in out, out
        assert "would be built as a second contribution" in out
        assert f"keep what should stay in {ORIGINAL}, then delete this copy" in out
    assert not bench.out.exists()


def test_a_draft_with_a_copy_is_built_and_says_so(bench: Bench) -> None:
    copy = "31-q2-referral-DESKTOP-1AB2C3D.md"
    _copy(bench, copy)
    result = run(["build", str(bench.response), "--format", "txt", "--draft"])
    assert result.exit_code == 0, result.output
    assert f"{R}/{copy}: this looks like a copy of {ORIGINAL}" in result.output
    assert "(warning)" in result.output


def test_check_as_json_gives_the_code_at_the_copy(bench: Bench) -> None:
    import json

    _copy(bench, "31-q2-referral (1).md")
    lines = run(["check", str(bench.response), "--format", "json"]).output.splitlines()
    found = [json.loads(line) for line in lines if line.startswith("{")]
    [finding] = [f for f in found if f["code"] == "file.sync-conflict"]
    assert finding["file"] == f"{R}/31-q2-referral (1).md" and finding["severity"] == "error"


@pytest.mark.parametrize(
    "copy", ["response (1).yaml", "response-DESKTOP-1AB2C3D.yaml", "response (conflicted copy 2026-11-03).yml"]
)
def test_a_copy_of_response_yaml_is_not_ignored(bench: Bench, copy: str) -> None:
    _copy(bench, copy, "response.yaml")
    out = assert_user_error(run(["check", str(bench.response)]))
    assert f"{R}/{copy}: this looks like a copy of response.yaml" in out
    assert "no build reads it, so what was changed in it would be lost" in out
    assert run(["check", "--draft", str(bench.response)]).exit_code == 0


@pytest.mark.parametrize(
    "copy",
    [
        "gus (conflicted copy 2026-11-03).yaml",
        "gus-LAPTOP-XYZ.yaml",
        "gus (1).yml",
        "Copy of gus.yaml",
        "gus - Copy.yaml",
    ],
)
def test_a_contributors_copy_stops_even_a_draft_as_either_could_hold_the_withdrawal(bench: Bench, copy: str) -> None:
    # the copy on one laptop does not record gus's withdrawal, the original does: neither may be picked
    contributors = bench.root / "contributors"
    (contributors / copy).write_text(
        (contributors / "gus.yaml").read_text(encoding="utf-8").replace(", withdrawn: 2025-06-01", ""),
        encoding="utf-8",
    )
    for args in (["check", "--draft"], ["build", "--draft", "--format", "txt"]):
        out = assert_user_error(run([*args, str(bench.response)]))
        assert f"contributors/{copy}: this looks like a copy of gus.yaml" in out, out
        assert "either could hold their consent or their withdrawal" in out
        assert "what records their consent and any withdrawal" in out
        assert "cannot be a contributor id" not in out  # named once, for what it is
    assert not bench.draft_out.exists()
    for folder in (bench.draft_out, bench.out):
        assert not folder.exists() or WITHDRAWN_WORDS not in "".join(
            p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file()
        )


@pytest.mark.parametrize(
    "name",
    [
        "32-q2 (1).md",  # the odd name of a file with no original beside it
        "32-q2-more.md",  # a contribution of its own, named like the other
        "31-q2-referral-more.md",
        "31-q2-referral-2.md",
    ],
)
def test_a_file_that_is_not_a_copy_is_not_called_one(bench: Bench, name: str) -> None:
    _copy(bench, name)
    out = run(["check", "--draft", str(bench.response)]).output
    assert "looks like a copy" not in out


def test_the_rule_finds_the_nearest_original() -> None:
    assert copy_of("a (1) (1).md", ["a.md", "a (1).md"]) == "a (1).md"
    assert copy_of("a (1) (1).md", ["a.md"]) == "a.md"
    assert copy_of("a (1).md", ["a.yaml"]) is None  # another kind of file
    assert copy_of("a (1).yml", ["a.yaml"]) == "a.yaml"
    assert copy_of("a (1).md", ["a (1).md"]) is None  # itself
