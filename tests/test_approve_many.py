"""`coproduce approve` of many files at once (issue 23): every file is found through look-ups built once, so
the work is linear in the number of files; these tests hold what those look-ups must still get right when
files come from several responses, by bare name or by path, with a broken one among them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.bench.generate import make_response
from tests.conftest import assert_user_error, run

N = 30


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A workbench with two responses of the same generated files (so every bare file name is in both)."""
    first = make_response(tmp_path / "wb", N)
    second = first.parent / "second-response"
    shutil.copytree(first, second)
    for path in sorted(second.glob("*.md")):  # the second response's files get names of their own...
        path.rename(path.with_name(path.name.replace("-part", "-other")))
    shutil.copy(first / "0000-part.md", second / "0000-part.md")  # ...but one, which is in both
    return tmp_path / "wb", first, second


def record(path: Path) -> dict[str, object] | None:
    head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    approved = data.get("approved")
    return approved if isinstance(approved, dict) else None


def test_many_files_from_two_responses_by_name_and_by_path_are_each_approved_once(
    two: tuple[Path, Path, Path],
) -> None:
    root, first, second = two
    by_name = [p.name for p in sorted(first.glob("*.md")) if p.name != "0000-part.md"]
    by_path = [str(p.relative_to(root)) for p in sorted(second.glob("*-other.md"))]
    again = by_path[3]  # named twice: recorded once
    result = run(["approve", *by_name, *by_path, again, "--by", "p0"], cwd=root)
    assert result.exit_code == 0, result.output
    assert result.output.count(f"Recorded: {again} approved by p0") == 1
    for path in [*(first / n for n in by_name), *(root / p for p in by_path)]:
        got = record(path)
        assert got is not None and got["by"] == "p0", path
    assert record(first / "0000-part.md") is None  # not named: untouched
    assert record(second / "0000-part.md") is None


def test_a_bare_name_in_two_responses_is_refused_and_names_both(two: tuple[Path, Path, Path]) -> None:
    root, first, _ = two
    before = {p: p.read_bytes() for p in first.parent.glob("*/*.md")}
    out = assert_user_error(run(["approve", "0001-part.md", "0000-part.md", "--by", "p0"], cwd=root), code=2)
    assert "more than one response" in out
    assert "responses/bench-30/0000-part.md" in out and "responses/second-response/0000-part.md" in out
    assert {p: p.read_bytes() for p in before} == before  # nothing written


def test_a_name_is_a_name_not_a_pattern(two: tuple[Path, Path, Path]) -> None:
    root, _, _ = two
    out = assert_user_error(run(["approve", "00*-part.md", "--by", "p0"], cwd=root), code=2)
    assert "no contribution '00*-part.md'" in out


def test_a_broken_file_in_the_second_response_loaded_stops_them_all_and_is_named(
    two: tuple[Path, Path, Path],
) -> None:
    root, first, second = two
    for broken in (first / "0003-part.md", second / "0007-other.md"):  # one in each response: all at once
        broken.write_text("---\nanswers: q1\nby: [p0\nstatus: draft\n---\nWords.\n", encoding="utf-8")
    named = [*sorted(first.glob("*.md"))[1:], *sorted(second.glob("*-other.md"))]
    before = {p: p.read_bytes() for p in named}
    out = assert_user_error(run(["approve", *map(str, named), "--by", "p0"], cwd=root))
    assert "responses/bench-30/0003-part.md:4: YAML could not be read" in out  # the problem itself
    assert "responses/second-response/0007-other.md:4: YAML could not be read" in out
    assert "Nothing was approved" in out
    assert {p: p.read_bytes() for p in named} == before
