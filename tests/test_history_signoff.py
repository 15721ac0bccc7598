"""Credit from git that tells writing from signing off (issue 8): a commit that only changes
front matter that prints nothing (status, approved, reviewed_by) is not an edit; a change
to the text, or to a printed field, is. Signing off is credited as "approved"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import git
import pytest
from git import Actor, Repo

from pipeline.assemble.history import History, touched_by
from pipeline.errors import Problems
from pipeline.load.workbench import Workbench, load_contributors
from tests.conftest import run
from tests.factory import Bench, make_bench

HAL = Actor("Hal Brennan", "hal@example.org")
DEE = Actor("Delphine Oduya", "delphine@example.org")  # credited by role: Peer Researcher
BO = Actor("Bo Lindqvist", "bo@example.org")
ELI = Actor("Elias Thorne", "elias@example.net")  # credited by nobody: anonymous
R = "responses/crisis-house"
REFERRAL = "31-q2-referral.md"  # by cy, approved, reviewed by nobody


def commit(repo: Repo, paths: list[Path], who: Actor, message: str) -> None:
    repo.index.add([str(p) for p in paths])
    repo.index.commit(message, author=who, committer=who)


def change(path: Path, old: str, new: str) -> Path:
    text = path.read_text()
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, 1))
    return path


def history(bench: Bench) -> History:
    wb = Workbench(bench.root)
    load_contributors(wb, Problems())
    return touched_by(bench.root, bench.response, {pid: c.data for pid, c in wb.contributors.items()})


def credit_line(bench: Bench, shown: str) -> str:
    result = run(["build", str(bench.response), "--format", "html"])
    assert result.exit_code == 0, result.output
    html = (bench.out / "crisis-house.html").read_text()
    credits = html[html.index('id="credits"') :]
    return next(line for line in credits.splitlines() if f"<strong>{shown}</strong>" in line)


@pytest.fixture
def repo_bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Bench, Repo]]:
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-02-20")
    bench = make_bench(tmp_path / "wb")
    repo = Repo.init(bench.root)
    r = bench.response
    commit(repo, [*bench.root.glob("contributors/*.yaml"), r / "response.yaml", *r.glob("*.md")], HAL, "start")
    yield bench, repo
    repo.close()


def test_a_commit_that_only_changes_status_is_not_an_edit(repo_bench: tuple[Bench, Repo]) -> None:
    bench, repo = repo_bench
    commit(repo, [change(bench.response / REFERRAL, "status: approved", "status: review")], DEE, "back to review")
    h = history(bench)
    assert "dee" in h.touched[REFERRAL]  # dee changed the file ...
    assert "dee" not in h.edited.get(REFERRAL, frozenset())  # ... but wrote nothing in it


def test_a_body_change_is_an_edit(repo_bench: tuple[Bench, Repo]) -> None:
    bench, repo = repo_bench
    commit(repo, [change(bench.response / REFERRAL, "by phone or in person", "by phone, text or in person")], DEE, "x")
    assert "dee" in history(bench).edited[REFERRAL]


def test_front_matter_that_prints_nothing_credits_nobody_as_editing(repo_bench: tuple[Bench, Repo]) -> None:
    bench, repo = repo_bench
    path = bench.response / REFERRAL
    commit(repo, [change(path, "status: approved\n", "reviewed_by: [dee]\nstatus: review\n")], DEE, "I read it")
    commit(repo, [change(path, "status: review\n", "status: approved\n")], BO, "status only")
    assert run(["approve", str(path), "--by", "hal"], cwd=bench.root).exit_code == 0  # the record, written anew
    commit(repo, [path], HAL, "approve")
    h = history(bench)
    assert h.touched[REFERRAL] == {"hal", "dee", "bo"}
    assert REFERRAL not in h.edited  # reviewing, a status and an approval record are not writing
    # dee is credited for reviewing it, as she chose (by her role), never as having edited it
    line = credit_line(bench, "Peer Researcher")
    assert "reviewed" in line and "edited" not in line
    assert "edited" not in credit_line(bench, "B.L.")  # bo set the status, and is credited for what bo did elsewhere


def test_a_printed_front_matter_field_is_an_edit(repo_bench: tuple[Bench, Repo]) -> None:
    bench, repo = repo_bench
    path = bench.response / REFERRAL
    commit(
        repo, [change(path, "status: approved\n", "status: approved\ncontent_note: mentions a crisis line\n")], DEE, "x"
    )
    assert "dee" in history(bench).edited[REFERRAL]


def test_the_text_changed_in_git_after_approval_credits_the_writer_and_blocks_the_final_build(
    repo_bench: tuple[Bench, Repo],
) -> None:
    bench, repo = repo_bench
    path = bench.response / REFERRAL
    commit(repo, [change(path, "People should", "We think people should")], DEE, "edit")
    result = run(["build", str(bench.response), "--format", "html"])
    assert result.exit_code == 1 and f"{R}/{REFERRAL}:5: changed since hal approved it on 2026-02-20" in result.output
    assert run(["approve", str(path), "--by", "hal"], cwd=bench.root).exit_code == 0
    # someone other than its author (cy) changed it: cy's confirmation is needed before a final build (issue 21)
    result = run(["build", str(bench.response), "--format", "html"])
    assert result.exit_code == 1 and "cy's words here were changed by someone else" in result.output
    assert run(["confirmations", "record", str(bench.response), REFERRAL, "--by", "cy"], cwd=bench.root).exit_code == 0
    assert "edited" in credit_line(bench, "Peer Researcher")


def test_an_approver_is_credited_as_approved_as_they_chose(repo_bench: tuple[Bench, Repo]) -> None:
    bench, repo = repo_bench
    yaml = bench.response / "response.yaml"
    change(yaml, "lead: hal\n", "lead: hal\nsignoff: [dee, eli]\n")  # eli chose not to be named
    first, second = bench.response / "60-q3.md", bench.response / "61-q3.md"
    first.write_text("---\nanswers: q3\nby: [ada]\nstatus: review\n---\nMore beds, please.\n")
    second.write_text("---\nanswers: q3\nby: [ada]\nstatus: review\n---\nAnd a garden.\n")
    commit(repo, [yaml, first, second], HAL, "two answers")
    assert run(["approve", str(first), "--by", "dee"], cwd=bench.root).exit_code == 0
    assert run(["approve", str(second), "--by", "eli"], cwd=bench.root).exit_code == 0
    commit(repo, [first], DEE, "approved")  # each approver commits their own approval
    commit(repo, [second], ELI, "approved")  # (one committed in another's name stops a final build)
    assert "60-q3.md" not in history(bench).edited and "61-q3.md" not in history(bench).edited
    line = credit_line(bench, "Peer Researcher")
    assert "approved" in line and "edited" not in line
    html = (bench.out / "crisis-house.html").read_text()
    assert "Elias" not in html and "Thorne" not in html  # an anonymous approver stays unnamed
    assert "more people took part and are not named here" in html


def test_a_rename_that_also_changes_only_the_status_is_not_an_edit(repo_bench: tuple[Bench, Repo]) -> None:
    bench, repo = repo_bench
    old = f"{R}/{REFERRAL}"
    change(bench.root / old, "status: approved", "status: review")
    repo.index.add([old])
    repo.index.move([old, f"{R}/32-q2-referral.md"])
    repo.index.commit("renumber", author=DEE, committer=DEE)
    h = history(bench)
    assert "dee" in h.touched["32-q2-referral.md"] and "32-q2-referral.md" not in h.edited


def test_a_version_that_does_not_load_counts_as_an_edit(repo_bench: tuple[Bench, Repo]) -> None:
    bench, repo = repo_bench
    path = bench.response / REFERRAL
    commit(repo, [change(path, "status: approved", "status: approved: yes")], BO, "broken")
    # whether the printed text changed cannot be told: the change counts, as any change did before
    assert "bo" in history(bench).edited[REFERRAL]


def test_still_one_log_and_one_object_read_for_the_whole_folder(
    repo_bench: tuple[Bench, Repo], monkeypatch: pytest.MonkeyPatch
) -> None:
    bench, repo = repo_bench
    for n, who in enumerate((DEE, BO, DEE, BO)):
        for name in (REFERRAL, "10-summary.md", "20-q1-offer.md"):
            path = bench.response / name
            if n % 2:
                change(path, "status: approved", "status: review")
            else:
                path.write_text(path.read_text().replace("status: review", "status: approved") + f"\nMore {n}.\n")
            repo.index.add([str(path)])
        repo.index.commit(f"round {n}", author=who, committer=who)
    calls: list[tuple[str, tuple[Any, ...]]] = []
    real = git.cmd.Git._call_process

    def spy(self: Any, method: str, *args: Any, **kwargs: Any) -> Any:
        calls.append((method, args))
        return real(self, method, *args, **kwargs)

    monkeypatch.setattr(git.cmd.Git, "_call_process", spy)
    h = history(bench)
    # one log, and one `cat-file --batch` given every version at once (GitPython keeps its own
    # long-running cat-file process for reading HEAD: that is not one per file either)
    assert [m for m, _ in calls].count("log") == 1, calls
    assert calls.count(("cat_file", ("--batch",))) == 1, calls
    assert h.edited["10-summary.md"] == {"dee"} and "bo" in h.touched["10-summary.md"]
