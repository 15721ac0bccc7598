"""pipeline/load/cache.py: what the fingerprint of a workbench sees, and what is kept only inside `caching()`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pipeline.load import cache
from pipeline.parse.markdown import parse
from tests.factory import make_bench


def test_a_save_changes_the_fingerprint_and_an_output_does_not(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    before = cache.fingerprint(bench.root)
    assert cache.fingerprint(bench.root) == before
    (bench.root / "build" / "crisis-house").mkdir(parents=True)
    (bench.root / "build" / "crisis-house" / "x.html").write_text("made by a build", encoding="utf-8")
    assert cache.fingerprint(bench.root) == before, "outputs are not the user's work"
    person = bench.root / "contributors" / "cy.yaml"
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("Cygnet", "Cygnus"), encoding="utf-8")  # the same size, at once
    assert cache.fingerprint(bench.root) != before


def test_a_commit_changes_the_fingerprint(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    git = ["git", "-C", str(bench.root), "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    before = cache.fingerprint(bench.root)
    subprocess.run([*git, "commit", "-qm", "first"], check=True)  # no file of the workbench changes
    assert cache.fingerprint(bench.root) != before


def test_the_clock_variable_changes_the_fingerprint(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bench = make_bench(tmp_path / "wb")
    before = cache.fingerprint(bench.root)
    monkeypatch.setenv("COPRODUCE_TODAY", "2027-01-05")
    assert cache.fingerprint(bench.root) != before


def test_markdown_is_kept_inside_serve_only_and_each_caller_has_its_own_list() -> None:
    text = "Some *words*.\n\n> A quote.\n> — @ada\n"
    assert parse(text) is not parse(text)
    cache.clear()
    with cache.caching():
        first = parse(text)
        first.clear()  # a caller that changes its list changes no one else's
        second = parse(text)
        assert second and second[0] is parse(text)[0], "the same tokens are handed out again"
    assert [t.type for t in second] == [t.type for t in parse(text)]
    assert parse(text)[0] is not second[0], "outside serve nothing is kept"


def test_a_file_behind_a_link_to_a_folder_is_seen(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    elsewhere = tmp_path / "pictures"
    elsewhere.mkdir()
    (elsewhere / "chart.txt").write_text("one", encoding="utf-8")
    (bench.response / "linked").symlink_to(elsewhere, target_is_directory=True)
    before = cache.fingerprint(bench.root)
    (elsewhere / "chart.txt").write_text("two", encoding="utf-8")
    assert cache.fingerprint(bench.root) != before


def test_a_commit_in_a_git_worktree_changes_the_fingerprint(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "main" / "wb")
    top = tmp_path / "main"
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "-C", str(top), "init", "-q"], check=True)
    subprocess.run([*git, "-C", str(top), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(top), "commit", "-qm", "first"], check=True)
    other = tmp_path / "other"
    subprocess.run([*git, "-C", str(top), "worktree", "add", "-q", str(other)], check=True)
    root = other / "wb"
    before = cache.fingerprint(root)
    assert cache.fingerprint(root) == before
    subprocess.run([*git, "-C", str(other), "commit", "-q", "--allow-empty", "-m", "a sign-off"], check=True)
    assert cache.fingerprint(root) != before, "a commit in the worktree changes the history read"
    assert bench.root != root


def test_status_in_serve_is_what_the_command_finds(tmp_path: Path) -> None:
    """In serve, the status and the dashboard reuse the preview's kept check: the same problems, in the same order,
    the loading's own warnings included (a form feed as Word leaves), and the same status."""
    import dataclasses
    import datetime as dt

    from pipeline.workflow.status import load_for_status, response_status

    bench = make_bench(tmp_path / "wb")
    path = bench.response / "31-q2-referral.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: approved", "status: draft") + "Next\f page.\n")
    on = dt.date(2026, 11, 20)
    cache.clear()
    alone = load_for_status(bench.response, on)
    with cache.caching():
        served = load_for_status(bench.response, on)
        served_status = response_status(bench.response, on, loaded=served)
    assert any(p.code == "text.normalised" for p in alone.problems)
    assert served.problems == alone.problems
    assert served.assembly is not None and alone.assembly is not None
    assert served.assembly.document == alone.assembly.document
    as_command = response_status(bench.response, on, loaded=alone)
    assert dataclasses.asdict(served_status) == dataclasses.asdict(as_command)
