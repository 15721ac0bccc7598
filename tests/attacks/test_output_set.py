"""The output set, attacked (promise 5, and 1 and 2 through it).

- `--out` cannot point a build at people's work, however the path is typed.
- A build killed at any moment (SIGKILL, between two renames) leaves the last good set
  or the new one, never a mix; the next build repairs it and makes the same bytes as a
  clean build.
- The output folder holds one set: after a smaller build, a withdrawal or a new
  `submit_to:`, no file of an earlier set is left holding withdrawn words or a name.
- A draft never replaces a final submission.
- Something in the way of an output is named, never deleted.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.errors import CoproduceError, UsageError
from pipeline.settings import make_settings
from tests.attacks.kit import FAST, build, built_clean
from tests.attacks.readers import read_outputs
from tests.conftest import assert_user_error, run
from tests.factory import Bench, signed

ROOT = Path(__file__).resolve().parents[2]  # the worktree whose pipeline/ the child processes import
SETS = "html,txt,answers"  # a file of each kind and a folder of outputs; no PDF (slow, written alike)


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its path inside it, with a digest of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def workbench_files(bench: Bench) -> dict[str, str]:
    """Everything people made: the whole workbench but build/."""
    return {k: v for k, v in tree(bench.root).items() if not k.startswith("build/")}


def beside(out: Path) -> list[str]:
    """What a build leaves beside its folder other than its lock: must be nothing."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.suffix != ".lock")


def new_answer(bench: Bench) -> None:
    bench.contribution("70-more.md", signed("---\nanswers: q3\nby: [ada]\nstatus: approved\n---\nA garden too.\n"))


# ------------------------------------------------------------------ --out, however it is typed


OUTS = [
    "responses",
    "responses/",
    "responses/crisis-house",
    "responses/crisis-house/",
    "responses/crisis-house/out",
    "Responses",  # a disk that ignores case (Windows, macOS) finds responses/ by this name
    "RESPONSES/crisis-house",
    "responses./crisis-house",  # Windows drops a name's last dots and spaces: this is responses/
    "contributors ",
    "contributors",
    "contributors/new",
    "templates",
    "templates/out/",
    ".git",
    ".GIT/objects",
    ".",
    "./",
    "..",
    "build/..",
    "build/../responses",
    "build/x/../../contributors/",
    "./responses/./crisis-house/..",
    "link-to-responses",  # a link made beside the workbench's folders
    "build/link-to-contributors/inside",
    "README.md",  # a file at the top of the workbench
    "README.md/out",
]


@pytest.mark.parametrize("out", OUTS)
def test_out_never_points_a_build_at_peoples_work(bench: Bench, out: str) -> None:
    (bench.root / ".git").mkdir()
    (bench.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (bench.root / "templates").mkdir(exist_ok=True)
    (bench.root / "templates" / "brand.yaml").write_text("{}\n")
    (bench.root / "README.md").write_text("What goes where.\n")
    (bench.root / "link-to-responses").symlink_to(bench.root / "responses")
    (bench.root / "build").mkdir()
    (bench.root / "build" / "link-to-contributors").symlink_to(bench.root / "contributors")
    before = workbench_files(bench)
    for args in (["--format", "txt"], ["--draft", "--format", "txt"]):
        output = assert_user_error(run(["build", "crisis-house", *args, "--out", out], cwd=bench.root), 2)
        if out == "README.md":  # the command line says so itself
            assert "Directory 'README.md' is a file" in output
            continue
        assert ": --out is " in output and "a build replaces its output folder whole" in output, output
        assert "leave out --out" in output
    from pipeline.build import build as build_it

    with pytest.raises(UsageError) as refused:  # a tool calling the build, as the web helper does
        build_it(bench.response, make_settings(formats=("txt",), out_dir=bench.root / out))
    assert refused.value.problems[0].code == "usage.build-out"
    assert workbench_files(bench) == before
    assert not list(bench.root.rglob("crisis-house.html"))


def test_an_out_that_is_a_loop_of_links_is_refused_in_words(bench: Bench) -> None:
    (bench.root / "build").mkdir()
    (bench.root / "build" / "a").symlink_to(bench.root / "build" / "b")
    (bench.root / "build" / "b").symlink_to(bench.root / "build" / "a")
    output = assert_user_error(run(["build", str(bench.response), "--out", str(bench.root / "build" / "a" / "x")]), 2)
    assert "leads round in a loop" in output


def test_the_parent_of_the_workbench_is_refused(bench: Bench) -> None:
    output = assert_user_error(run(["build", str(bench.response), "--out", str(bench.root.parent)]), 2)
    assert "a folder that holds the workbench" in output


@pytest.mark.parametrize("out", ["build/for-the-committee", "submission", "../elsewhere"])
def test_out_elsewhere_is_used_as_given(bench: Bench, out: str) -> None:
    assert run(["build", "crisis-house", "--format", "txt", "--out", out], cwd=bench.root).exit_code == 0
    assert (bench.root / out / "crisis-house-answers.txt").is_file()


# ------------------------------------------------------------------ a kill at any moment

CHILD = textwrap.dedent(
    """
    import os, signal, sys

    n, when, response = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    real_replace, real_unlink, renames = os.replace, os.unlink, []

    def killed() -> None:
        os.kill(os.getpid(), signal.SIGKILL)  # no handler, no cleanup: as a power cut or the task manager

    def replace(src, dst, **kw):
        renames.append(dst)
        if len(renames) == n and when == "before":
            killed()
        real_replace(src, dst, **kw)
        if len(renames) == n and when == "after":
            killed()

    def unlink(path, **kw):
        if when == "removing" and len(renames) >= n:
            killed()  # part-way through removing the old set
        real_unlink(path, **kw)

    os.replace, os.unlink = replace, unlink
    from pipeline.cli import main

    sys.argv = ["coproduce", "build", response, "--format", "html,txt,answers"]
    main()
    """
)


def killed_build(bench: Bench, n: int, when: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(n), when, str(bench.response)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("n", "when"),
    [
        (1, "before"),  # the new set is written, not yet complete: staging only
        (1, "after"),  # complete as .new, beside the last good set
        (2, "after"),  # the last good set moved aside, the new one not yet in
        (3, "after"),  # the new set in, the old one not yet removed
        (3, "removing"),  # the old one half removed
    ],
)
def test_a_build_killed_at_any_step_leaves_one_whole_set_and_the_next_build_repairs_it(
    bench: Bench, tmp_path: Path, n: int, when: str
) -> None:
    assert build(bench, formats=SETS, draft=False).exit_code == 0
    old = tree(bench.out)
    new_answer(bench)
    clean = tmp_path / "clean"
    assert build(bench, formats=SETS, draft=False, out=clean).exit_code == 0
    new = tree(clean)
    assert new != old

    child = killed_build(bench, n, when)
    assert child.returncode == -9, child.stdout + child.stderr  # it really was killed, at that step

    from pipeline.render.write import repair

    repair(bench.out)  # what any next build does first
    assert tree(bench.out) in (old, new), "a mix of two sets"
    assert beside(bench.out) == []
    assert build(bench, formats=SETS, draft=False).exit_code == 0
    assert tree(bench.out) == new  # byte for byte what a clean build makes
    assert beside(bench.out) == []


def test_a_first_build_killed_before_its_set_went_in_is_put_in_place(bench: Bench, tmp_path: Path) -> None:
    child = killed_build(bench, 1, "after")  # .new complete, no set yet
    assert child.returncode == -9, child.stdout + child.stderr
    assert not bench.out.exists()
    from pipeline.render.write import repair

    repair(bench.out)
    assert build(bench, formats=SETS, draft=False, out=tmp_path / "clean").exit_code == 0
    assert tree(bench.out) == tree(tmp_path / "clean")
    assert build(bench, formats="txt", draft=False).exit_code == 0
    assert sorted(tree(bench.out)) == ["crisis-house-answers.txt"]
    assert beside(bench.out) == []


def test_builds_at_once_leave_one_whole_set_each(bench: Bench, tmp_path: Path) -> None:
    # two finals and a draft of the same response, in three processes at the same moment
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    line = "from pipeline.cli import main; main()"
    runs = [["build", str(bench.response), "--format", SETS], ["build", str(bench.response), "--format", SETS]]
    runs.append(["build", str(bench.response), "--format", SETS, "--draft"])
    children = [
        subprocess.Popen(
            [sys.executable, "-c", line, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for args in runs
    ]
    outputs = [child.communicate(timeout=300)[0].decode() for child in children]
    assert [child.returncode for child in children] == [0, 0, 0], outputs
    assert build(bench, formats=SETS, draft=False, out=tmp_path / "clean").exit_code == 0
    assert tree(bench.out) == tree(tmp_path / "clean")
    assert sorted(tree(bench.draft_out)) == sorted(tree(bench.out))
    assert beside(bench.out) == [] and beside(bench.draft_out) == []


# ------------------------------------------------------------------ one set: nothing of an earlier one lingers


def test_after_a_withdrawal_a_smaller_build_leaves_no_file_of_theirs(bench: Bench) -> None:
    words = "a calm room"  # ada's, in 20-q1-offer.md
    assert build(bench, formats=f"{FAST},answers", draft=False).exit_code == 0
    assert read_outputs(bench.out).contains("Ada Fenwick")
    ada = bench.root / "contributors" / "ada.yaml"
    ada.write_text(
        ada.read_text(encoding="utf-8").replace("quotes: attributed}", "quotes: attributed, withdrawn: 2026-11-01}")
    )
    # her withdrawal empties q1: a final build asks the coordinator to decide, and nothing is written meanwhile
    assert build(bench, formats="txt", draft=False).exit_code == 1
    assert read_outputs(bench.out).contains("Ada Fenwick")  # the last good set stands until the next build
    yaml = bench.response / "response.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("limit: 120", "limit: 120\n    unanswered: true"))
    result = build(bench, formats="txt", draft=False)
    assert result.exit_code == 0, result.output
    assert sorted(tree(bench.out)) == ["crisis-house-answers.txt"]
    outputs = read_outputs(bench.out)
    assert not outputs.contains("Ada Fenwick") and not outputs.contains(words)
    assert not outputs.contains("ada.fenwick@example.org")


def test_a_name_no_longer_chosen_is_in_no_file_after_a_build_of_one_format(bench: Bench) -> None:
    # drafts: a new credit takes the approvals of what credits her back to review (the sign-off's rule)
    assert build(bench, formats=FAST).exit_code == 0
    assert read_outputs(bench.draft_out).contains("Ada Fenwick")
    ada = bench.root / "contributors" / "ada.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("credit: name", "credit: initials"))
    result = build(bench, formats="html")
    assert result.exit_code == 0, result.output
    assert [p.name for p in bench.draft_out.iterdir()] == ["crisis-house.html"]
    assert not read_outputs(bench.draft_out).contains("Ada Fenwick")


def test_a_new_destination_replaces_the_set(bench: Bench) -> None:
    assert build(bench, formats=FAST, draft=False).exit_code == 0
    response = bench.response / "response.yaml"
    response.write_text(response.read_text(encoding="utf-8").replace("lead: hal", "lead: hal\nsubmit_to: online-form"))
    result = run(["build", str(bench.response)])
    assert result.exit_code == 0, result.output
    names = sorted(tree(bench.out))
    assert names and all(n.startswith("crisis-house-answers") for n in names), names


def test_an_annex_an_earlier_build_made_goes_when_nothing_is_confidential(bench: Bench) -> None:
    bench.contribution(
        "50-private.md",
        signed("---\nanswers: q3\nby: [ada]\nstatus: approved\nconfidential: true\n---\nOnly for the board.\n"),
    )
    assert build(bench, formats=f"{FAST},confidential", draft=False).exit_code == 0
    assert (bench.out / "crisis-house-confidential.docx").exists()
    (bench.response / "50-private.md").unlink()
    assert build(bench, formats=f"{FAST},confidential", draft=False).exit_code == 0
    assert not (bench.out / "crisis-house-confidential.docx").exists()
    assert not read_outputs(bench.out).contains("Only for the board")


# ------------------------------------------------------------------ a draft never replaces a final


def test_a_draft_goes_beside_the_final_never_over_it(bench: Bench) -> None:
    assert build(bench, formats=FAST, draft=False).exit_code == 0
    final = tree(bench.out)
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [ada]\nstatus: draft\n---\nStill thinking about it.\n")
    result = build(bench, formats=FAST)
    assert result.exit_code == 0, result.output
    assert tree(bench.out) == final
    assert "DRAFT" in (bench.draft_out / "crisis-house.html").read_text(encoding="utf-8")
    assert "Still thinking about it." in (bench.draft_out / "crisis-house-answers.txt").read_text(encoding="utf-8")
    assert "build/crisis-house.draft/crisis-house.html" in result.output.replace(os.sep, "/")


def test_a_draft_with_out_goes_where_it_is_told(bench: Bench, tmp_path: Path) -> None:
    result = build(bench, formats="txt", out=tmp_path / "for-review")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "for-review" / "crisis-house-answers.txt").exists()
    assert not bench.draft_out.exists() and not bench.out.exists()


def test_the_draft_folder_holds_only_the_draft_set(bench: Bench) -> None:
    built_clean(bench, formats=FAST)
    built_clean(bench, formats="txt")
    assert [p.name for p in bench.draft_out.iterdir()] == ["crisis-house-answers.txt"]


# ------------------------------------------------------------------ in the way: named, never deleted


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("crisis-house.html", "folder"),  # a folder where a file goes
        ("crisis-house-answers", "file"),  # a file where a folder of outputs goes
        ("our notes.docx", "file"),  # somebody's own file among the outputs
        ("crisis-house - Copy.docx", "file"),  # a copy someone made to edit
        ("crisis-house-answers.txt", "link"),  # an output made a link to somebody's file
    ],
)
def test_something_in_the_way_stops_the_build_and_stays(bench: Bench, name: str, make: str) -> None:
    assert build(bench, formats=SETS, draft=False).exit_code == 0
    target, theirs = bench.out / name, bench.root / "theirs.txt"
    theirs.write_text("somebody's work\n")
    if make == "folder":
        (bench.out / name).unlink()
        target.mkdir()
        (target / "inside.txt").write_text("somebody's work\n")
    elif make == "file":
        if target.is_dir():
            shutil.rmtree(target)
        target.write_text("somebody's work\n")
    else:
        target.unlink(missing_ok=True)
        target.symlink_to(theirs)
    kept = tree(bench.out)
    new_answer(bench)
    output = assert_user_error(build(bench, formats=SETS, draft=False))
    assert f"build/crisis-house/{name}" in output.replace(os.sep, "/"), output
    assert "a build replaces the whole output folder" in output
    assert tree(bench.out) == kept  # nothing moved, nothing deleted
    assert theirs.read_text() == "somebody's work\n"
    assert beside(bench.out) == []


def test_the_refusal_has_its_code_and_lists_everything_at_once(bench: Bench) -> None:
    from pipeline.build import build as build_it

    bench.out.mkdir(parents=True)
    (bench.out / "a.docx").write_text("mine")
    (bench.out / "b.pdf").write_text("mine too")
    with pytest.raises(CoproduceError) as refused:
        build_it(bench.response, make_settings(formats=("txt",)))
    assert [p.code for p in refused.value.problems] == ["build.in-the-way", "build.in-the-way"]
    assert [Path(p.path).name for p in refused.value.problems] == ["a.docx", "b.pdf"]


def test_a_build_into_a_folder_of_other_things_is_refused_not_emptied(bench: Bench, tmp_path: Path) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "tax return.pdf").write_bytes(b"%PDF-1.7 somebody's")
    output = assert_user_error(build(bench, formats="txt", draft=False, out=documents))
    assert "tax return.pdf" in output
    assert [p.name for p in documents.iterdir()] == ["tax return.pdf"]


def test_the_swap_keeps_same_input_same_bytes(bench: Bench, tmp_path: Path) -> None:
    assert build(bench, formats=SETS, draft=False).exit_code == 0
    first = tree(bench.out)
    assert build(bench, formats=SETS, draft=False).exit_code == 0
    assert build(bench, formats=SETS, draft=False, out=tmp_path / "again").exit_code == 0
    assert tree(bench.out) == first == tree(tmp_path / "again")
