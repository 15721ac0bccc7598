"""Git attribution: one log pass, addresses mapped to contributors, a plain note when git cannot help."""

from __future__ import annotations

import builtins
import sys
from pathlib import Path
from typing import Any

import git
import pytest
from git import Actor, Repo

from pipeline.assemble.history import History, touched_by
from pipeline.errors import Problems
from pipeline.load.schema import Contributor
from pipeline.load.workbench import Workbench, load_contributors
from tests.conftest import run
from tests.factory import Bench, make_bench

ADA = Actor("Ada Fenwick", "ada.fenwick@example.org")
BO = Actor("Bo Lindqvist", "BO@Example.org")  # case differs from contributors/bo.yaml on purpose
HAL = Actor("Hal Brennan", "hal@example.org")
QUENTIN = Actor("Quentin Unmapped", "q@example.com")


def contributors(root: Path) -> dict[str, Contributor]:
    wb = Workbench(root)
    load_contributors(wb, Problems())
    return {pid: c.data for pid, c in wb.contributors.items()}


def commit(repo: Repo, paths: list[Path], who: Actor, message: str) -> None:
    repo.index.add([str(p) for p in paths])
    repo.index.commit(message, author=who, committer=who)


@pytest.fixture
def repo_bench(tmp_path: Path) -> tuple[Bench, Repo]:
    bench = make_bench(tmp_path / "wb")
    repo = Repo.init(bench.root)
    r = bench.response
    commit(repo, [*bench.root.glob("contributors/*.yaml"), r / "response.yaml", *r.glob("*.md")], HAL, "start")
    offer = r / "20-q1-offer.md"
    offer.write_text(offer.read_text() + "\nA second thought.\n")
    commit(repo, [offer], ADA, "ada edits q1")
    summary = r / "10-summary.md"
    summary.write_text(summary.read_text() + "\nAnd a third.\n")
    offer.write_text(offer.read_text() + "\nAnd a fourth.\n")
    commit(repo, [summary, offer], BO, "bo edits")
    referral = r / "31-q2-referral.md"
    referral.write_text(referral.read_text() + "\nFrom someone new.\n")
    commit(repo, [referral], QUENTIN, "unmapped")
    yield bench, repo
    repo.close()


def history(bench: Bench) -> History:
    return touched_by(bench.root, bench.response, contributors(bench.root))


def test_touched_maps_addresses_to_contributors(repo_bench: tuple[Bench, Repo]) -> None:
    bench, _ = repo_bench
    h = history(bench)
    assert h.note is None and h.available
    assert h.commits == 4
    assert h.touched["20-q1-offer.md"] == {"hal", "ada", "bo"}
    assert h.touched["10-summary.md"] == {"hal", "bo"}
    assert h.touched["31-q2-referral.md"] == {"hal"}  # Quentin maps to nobody
    assert h.touched["response.yaml"] == {"hal"}
    assert not any(k.startswith("contributors") for k in h.touched)  # only the response folder


def test_edited_leaves_out_adding_a_file(repo_bench: tuple[Bench, Repo]) -> None:
    bench, _ = repo_bench
    h = history(bench)
    # hal committed every file first (as a coordinator typing in others' words): that is not editing
    assert h.edited["20-q1-offer.md"] == {"ada", "bo"}
    assert h.edited["10-summary.md"] == {"bo"}
    assert "response.yaml" not in h.edited and "31-q2-referral.md" not in h.edited


def test_unknown_author_is_reported_with_files(repo_bench: tuple[Bench, Repo]) -> None:
    bench, _ = repo_bench
    h = history(bench)
    assert [(u.name, u.email, u.commits, u.files) for u in h.unknown] == [
        ("Quentin Unmapped", "q@example.com", 1, ("31-q2-referral.md",))
    ]
    assert h.unknown_commits == 1


def test_every_git_identity_is_handed_on_with_its_owners(repo_bench: tuple[Bench, Repo]) -> None:
    bench, _ = repo_bench
    authors = {(a.name, a.email): a.people for a in history(bench).authors}
    assert authors[("Quentin Unmapped", "q@example.com")] == frozenset()
    assert authors[("Bo Lindqvist", "BO@Example.org")] == frozenset({"bo"})


def test_git_identities_are_private_in_the_checks(repo_bench: tuple[Bench, Repo]) -> None:
    bench, repo = repo_bench
    for name in ("Riverside Peer Network", "admin"):
        who = Actor(name, f"{name.split()[0].lower()}@example.org")
        path = bench.response / "10-summary.md"
        path.write_text(path.read_text() + f"\nThe {name} team.\n")
        commit(repo, [path], who, name)
    out = run(["check", str(bench.response)]).output
    assert "Riverside Peer Network" not in out  # the organisation's own name is printed on the cover
    assert "'admin'" in out and "git author" in out  # a one-word git name is a word to decide on
    assert "Quentin" not in out  # nobody typed Quentin's name: nothing to report


def test_one_log_pass_for_the_whole_folder(repo_bench: tuple[Bench, Repo], monkeypatch: pytest.MonkeyPatch) -> None:
    bench, _ = repo_bench
    calls: list[str] = []
    real = git.cmd.Git._call_process

    def spy(self: Any, method: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(method)
        return real(self, method, *args, **kwargs)

    monkeypatch.setattr(git.cmd.Git, "_call_process", spy)
    assert history(bench).touched
    assert calls.count("log") == 1  # (GitPython may also read objects with cat-file)


def test_renames_carry_history_to_the_new_name(repo_bench: tuple[Bench, Repo]) -> None:
    bench, repo = repo_bench
    old = "responses/crisis-house/20-q1-offer.md"
    repo.index.move([old, "responses/crisis-house/21-q1-offer.md"])
    repo.index.commit("rename", author=HAL, committer=HAL)
    h = history(bench)
    assert h.touched["21-q1-offer.md"] == {"hal", "ada", "bo"}
    assert "20-q1-offer.md" not in h.touched
    assert h.edited["21-q1-offer.md"] == {"ada", "bo"}  # a pure rename edits nothing


def test_folder_not_in_a_repository_gives_a_note(bench: Bench) -> None:
    h = history(bench)
    assert h.note and "not in a git repository" in h.note
    assert h.touched == {} and h.unknown == ()


def test_repository_without_commits_gives_a_note(bench: Bench) -> None:
    Repo.init(bench.root).close()
    h = history(bench)
    assert h.note and "no commits" in h.note


def test_git_binary_missing_gives_a_note(repo_bench: tuple[Bench, Repo], monkeypatch: pytest.MonkeyPatch) -> None:
    bench, _ = repo_bench
    monkeypatch.setattr(git.cmd.Git, "GIT_PYTHON_GIT_EXECUTABLE", str(bench.root / "no-such-git"))
    h = history(bench)
    assert h.note and "git is not installed" in h.note


def test_gitpython_unimportable_gives_a_note(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    # GitPython raises ImportError at import when it finds no git binary
    real_import = builtins.__import__

    def no_git(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "git" or name.startswith("git."):
            raise ImportError("Failed to initialize: Bad git executable.")
        return real_import(name, *args, **kwargs)

    (bench.root / ".git").mkdir()  # looks like a repository, so GitPython is asked (outside one it is not imported)
    monkeypatch.delitem(sys.modules, "git", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_git)
    h = history(bench)
    assert h.note and "git is not installed" in h.note


def test_unusual_file_names_are_read_back_as_they_are(repo_bench: tuple[Bench, Repo]) -> None:
    bench, repo = repo_bench
    path = bench.contribution('50-café "quoted".md', "---\nanswers: q3\nby: [ada]\n---\nText\n")
    commit(repo, [path], ADA, "unicode")
    assert history(bench).touched['50-café "quoted".md'] == {"ada"}
