"""A build's outputs change together or not at all (promise 5: nothing is lost).

Each test makes a good set of outputs, then fails the next build a different way
(a renderer crashing, a full disk, a file that cannot be replaced, Ctrl-C, another
build holding the folder) and checks the old set is byte-for-byte as it was, with
no staging folder or .part file left behind.
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from pipeline.errors import CoproduceError
from pipeline.render import write
from pipeline.render.write import write_all
from tests.conftest import assert_user_error, run
from tests.factory import Bench, signed

FORMATS = "docx,html,txt"  # no PDF: slow to make, and written exactly like the others
OLD = {"r.pdf": b"old pdf", "r.docx": b"old docx", "r.html": b"old html", "r-answers.txt": b"old text"}
NEW = {name: data.replace(b"old", b"new") for name, data in OLD.items()}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def leftovers(out: Path) -> list[str]:
    """Staging, .new and .old folders beside the outputs, and hidden or .part files among them."""
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.suffix != ".lock"]
    inside = [p.name for p in out.iterdir() if p.name.startswith(".") or p.name.endswith(".part")]
    return beside + inside


def change_the_answers(bench: Bench) -> None:
    bench.contribution("70-x.md", signed("---\nanswers: q3\nby: [ada]\nstatus: approved\n---\nNew text.\n"))


@pytest.fixture
def old_set(tmp_path: Path) -> Path:
    out = tmp_path / "build" / "r"
    write_all(out, OLD)
    return out


# ------------------------------------------------------------------ through a real build


def test_a_normal_build_is_complete_and_the_same_twice(bench: Bench) -> None:
    assert run(["build", str(bench.response), "--format", FORMATS]).exit_code == 0
    first = digests(bench.out)
    assert sorted(first) == ["crisis-house-answers.txt", "crisis-house.docx", "crisis-house.html"]
    assert run(["build", str(bench.response), "--format", FORMATS]).exit_code == 0
    assert digests(bench.out) == first
    assert leftovers(bench.out) == []


def test_a_renderer_failing_after_others_rendered_leaves_the_old_set(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(["build", str(bench.response), "--format", FORMATS]).exit_code == 0
    before = digests(bench.out)
    change_the_answers(bench)
    from pipeline.render import text

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(text, "render", broken)  # txt renders last, after docx and html
    from pipeline.build import build
    from pipeline.settings import make_settings

    with pytest.raises(RuntimeError):
        build(bench.response, make_settings(formats=("docx", "html", "txt")))
    assert digests(bench.out) == before
    assert leftovers(bench.out) == []


def test_a_full_disk_on_the_third_file_leaves_the_old_set(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(["build", str(bench.response), "--format", FORMATS]).exit_code == 0
    before = digests(bench.out)
    change_the_answers(bench)
    real, calls = write._write_file, []

    def full_disk(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            path.write_bytes(data[:10])  # half written, as a full disk leaves it
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(write, "_write_file", full_disk)
    output = assert_user_error(run(["build", str(bench.response), "--format", FORMATS]))
    assert "crisis-house-answers.txt: could not write this file: No space left on device" in output
    assert "free some space" in output
    assert digests(bench.out) == before
    assert leftovers(bench.out) == []


# ------------------------------------------------------------------ write_all itself


def test_a_full_disk_gives_a_problem_naming_the_file(old_set: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real, calls = write._write_file, []

    def full_disk(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(write, "_write_file", full_disk)
    with pytest.raises(CoproduceError) as failed:
        write_all(old_set, NEW)
    [problem] = failed.value.problems
    assert problem.code == "build.write-failed"
    assert problem.path.endswith("r.html") and "No space left on device" in problem.message
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == OLD
    assert leftovers(old_set) == []


@pytest.mark.parametrize("step", ["the old set steps aside", "the new set goes in"])
def test_a_folder_that_cannot_be_replaced_puts_the_old_set_back(
    old_set: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    # as when Word on Windows holds the .docx open, so its folder cannot be renamed
    real, folder = os.replace, old_set.resolve()

    def refused(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        failing = Path(src) == folder if step == "the old set steps aside" else Path(src).name == ".r.new"
        if failing:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(CoproduceError) as failed:
        write_all(old_set, NEW)
    [problem] = failed.value.problems
    assert problem.code == "build.write-failed" and problem.path.endswith("r")
    assert "close any output another program has open" in problem.fix
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == OLD
    assert leftovers(old_set) == []


def test_ctrl_c_while_writing_leaves_the_old_set(old_set: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real, calls = write._write_file, []

    def interrupted(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(write, "_write_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_all(old_set, NEW)
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == OLD
    assert leftovers(old_set) == []


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals are held back only where they can be")
def test_ctrl_c_during_the_renames_waits_until_the_set_is_complete(
    old_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real, renames = os.replace, []

    def replace_then_interrupt(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renames.append(dst)
        if len(renames) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C after the first of three renames
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_all(old_set, NEW)
    assert len(renames) == 3  # staging -> .new, the old set -> .old, .new -> the output folder
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == NEW  # all new, none old
    assert leftovers(old_set) == []


def test_a_killed_builds_staging_folder_is_removed(old_set: Path) -> None:
    stale = old_set.parent / ".r.staging-k1ll3d"
    stale.mkdir()
    (stale / "r.pdf").write_bytes(b"half")
    write_all(old_set, NEW)
    assert not stale.exists()
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == NEW


def test_a_second_build_refuses_while_another_holds_the_folder(old_set: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "LOCK_TIMEOUT", 0.2)
    with FileLock(old_set.parent / ".r.lock"), pytest.raises(CoproduceError) as refused:
        write_all(old_set, NEW)
    [problem] = refused.value.problems
    assert problem.code == "build.locked"
    assert "another build of this response is running" in problem.message
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == OLD


def test_a_second_build_waits_for_the_first_to_finish(old_set: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "LOCK_TIMEOUT", 10.0)
    holding = threading.Event()

    def first_build() -> None:  # holds the folder for a moment, from another thread as another process would
        with FileLock(old_set.parent / ".r.lock"):
            holding.set()
            time.sleep(0.3)

    other = threading.Thread(target=first_build)
    other.start()
    holding.wait()
    started = time.monotonic()
    write_all(old_set, NEW)
    other.join()
    assert time.monotonic() - started >= 0.25
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == NEW


def test_a_held_lock_refuses_a_build_on_the_command_line(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "LOCK_TIMEOUT", 0.1)
    bench.out.parent.mkdir(parents=True)
    with FileLock(bench.out.parent / ".crisis-house.lock"):
        output = assert_user_error(run(["build", str(bench.response), "--format", "txt"]))
    assert "another build of this response is running" in output
    assert not bench.out.exists() or list(bench.out.iterdir()) == []


def test_ctrl_c_during_the_renames_waits_even_with_other_threads_running(
    old_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With another thread alive (a library's worker), the system may hand SIGINT to it; Python
    # still raises it in the main thread. The set must be complete all the same.
    import threading

    stop = threading.Event()
    workers = [threading.Thread(target=stop.wait, daemon=True) for _ in range(4)]
    for w in workers:
        w.start()
    real, renames = os.replace, []

    def replace_then_interrupt(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renames.append(dst)
        if len(renames) == 1:
            os.kill(os.getpid(), signal.SIGINT)
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            write_all(old_set, NEW)
    finally:
        stop.set()
    assert len(renames) == 3
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == NEW


# ------------------------------------------------------------------ one set in the folder, never a mix


def test_a_smaller_set_replaces_the_whole_set(old_set: Path) -> None:
    write_all(old_set, {"r.pdf": b"new pdf"}, replaces=list(OLD))
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == {"r.pdf": b"new pdf"}
    assert leftovers(old_set) == []


def test_a_folder_of_outputs_goes_with_the_set_that_made_it(old_set: Path) -> None:
    write_all(old_set, {"r.txt": b"t", "r-answers/q1.txt": b"one", "r-answers/q2.txt": b"two"}, replaces=list(OLD))
    write_all(old_set, {"r.txt": b"t2", "r-answers/q1.txt": b"one again"}, replaces=[*OLD, "r-answers/"])
    assert sorted(str(p.relative_to(old_set)) for p in old_set.rglob("*")) == ["r-answers", "r-answers/q1.txt", "r.txt"]
    write_all(old_set, {"r.txt": b"t3"}, replaces=[*OLD, "r-answers/"])
    assert [p.name for p in old_set.iterdir()] == ["r.txt"]


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("notes.docx", lambda p: p.write_bytes(b"my own notes"), "no build made it"),
        ("r.html", lambda p: p.mkdir(), "a folder has the name of an output file"),
        ("r-answers", lambda p: p.write_bytes(b"x"), "a file has the name of a folder of outputs"),
        ("r.docx", lambda p: p.symlink_to(p.parent.parent / "elsewhere.docx"), "a link"),
        ("r (1).pdf", lambda p: p.write_bytes(b"a copy a sync client made"), "no build made it"),
        ("~$notes.docx", lambda p: p.write_bytes(b"Word's note, but not of an output"), "no build made it"),
        ("drafts", lambda p: (p.mkdir(), (p / "keep.md").write_text("mine")), "no build made it"),
    ],
)
def test_something_in_the_way_is_named_and_nothing_moves(old_set: Path, name: str, make: object, says: str) -> None:
    (old_set.parent.parent / "elsewhere.docx").write_bytes(b"not ours")
    target = old_set / name
    if target.exists():
        target.unlink()
    make(target)  # type: ignore[operator]
    before = sorted(str(p) for p in old_set.rglob("*"))
    with pytest.raises(CoproduceError) as refused:
        write_all(old_set, NEW, replaces=[*OLD, "r-answers/"])
    [problem] = refused.value.problems
    assert problem.code == "build.in-the-way" and problem.path.endswith(name) and says in problem.message
    assert "move" in problem.fix and "--out" in problem.fix
    assert sorted(str(p) for p in old_set.rglob("*")) == before
    assert (old_set.parent.parent / "elsewhere.docx").read_bytes() == b"not ours"
    assert leftovers(old_set) == []


@pytest.mark.parametrize("theirs", ["keep/", "my notes.docx", "Q1 edited.txt", "q1.txt.bak"])
def test_something_of_someones_inside_a_folder_of_outputs_is_in_the_way(old_set: Path, theirs: str) -> None:
    # a folder of outputs holds one file a question, named by its id: anything else was put there by someone
    write_all(old_set, {"r-answers/q1.txt": b"one"}, replaces=list(OLD))
    if theirs.endswith("/"):
        (old_set / "r-answers" / theirs).mkdir()
    else:
        (old_set / "r-answers" / theirs).write_bytes(b"somebody's")
    with pytest.raises(CoproduceError) as refused:
        write_all(old_set, {"r.txt": b"t"}, replaces=["r-answers/"])
    assert refused.value.problems[0].path.endswith(f"r-answers/{theirs.rstrip('/')}")
    assert (old_set / "r-answers" / "q1.txt").read_bytes() == b"one"
    assert (old_set / "r-answers" / theirs.rstrip("/")).exists()


def test_the_systems_own_litter_does_not_stop_a_build(old_set: Path) -> None:
    for litter in (
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        "._r.pdf",
        ".r.pdf.x7q2.part",
        "~$r.docx",
        ".~lock.r.docx#",
    ):
        (old_set / litter).write_bytes(b"made by the system")
    write_all(old_set, NEW, replaces=list(OLD))
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == NEW


def test_an_output_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_bytes(b"a file of someone's")
    with pytest.raises(CoproduceError) as refused:
        write_all(out, NEW)
    assert refused.value.problems[0].code == "build.in-the-way"
    assert out.read_bytes() == b"a file of someone's"


# ------------------------------------------------------------------ what a killed build leaves, repaired


def _folder(path: Path, files: dict[str, bytes]) -> None:
    path.mkdir()
    for name, data in files.items():
        (path / name).write_bytes(data)


def _listed(out: Path, files: dict[str, bytes]) -> None:
    """The list a build writes before its `.new`, made here with sha256 as `sha256sum` would."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())]
    (out.parent / f".{out.name}.new.sha256").write_text("".join(lines))


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("staging only", OLD),  # killed while writing: the new set was never complete
        ("new beside the old set", NEW),  # killed after the new set was complete: it is put in place
        ("new and old, no set", NEW),  # killed between the two renames of the swap
        ("old beside the new set", NEW),  # killed before the old set was removed
        ("half-removed old beside the new set", NEW),
        ("new, first build", NEW),  # the first build, killed before its set went in
        ("new missing a file", OLD),  # not complete: thrown away, the last good set stays
        ("new with other bytes", OLD),
        ("new with no list", OLD),
    ],
)
def test_what_a_killed_build_left_is_repaired_into_one_set(
    tmp_path: Path, state: str, expected: dict[str, bytes]
) -> None:
    out = tmp_path / "build" / "r"
    out.parent.mkdir()
    new, old = out.parent / ".r.new", out.parent / ".r.old"
    if state == "staging only":
        _folder(out, OLD)
        _folder(out.parent / ".r.staging-abc", {"r.pdf": b"half"})
    elif state == "new beside the old set":
        _folder(out, OLD)
        _folder(new, NEW)
        _listed(out, NEW)
    elif state == "new and old, no set":
        _folder(old, OLD)
        _folder(new, NEW)
        _listed(out, NEW)
    elif state.endswith("old beside the new set"):
        _folder(out, NEW)
        _folder(old, dict(list(OLD.items())[:1]) if state.startswith("half") else OLD)
    elif state == "new, first build":
        _folder(new, NEW)
        _listed(out, NEW)
    else:  # a .new that is not what its list says: half synced from another computer, or not a build's
        _folder(out, OLD)
        _folder(new, {**NEW, "r.pdf": b"half"} if "bytes" in state else dict(list(NEW.items())[1:]))
        if "no list" not in state:
            _listed(out, NEW)
    write.repair(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == expected
    assert sorted(p.name for p in out.parent.iterdir()) == [".r.lock", "r"]
    write_all(out, NEW, replaces=list(OLD))  # and the next build goes through
    assert {p.name: p.read_bytes() for p in out.iterdir()} == NEW


def test_an_output_folder_behind_a_loop_of_links_is_refused_in_words(tmp_path: Path) -> None:
    (tmp_path / "build").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").symlink_to(tmp_path / "build")
    with pytest.raises(CoproduceError) as refused:
        write_all(tmp_path / "build" / "r", NEW)
    assert "leads round in a loop" in refused.value.problems[0].message
    with pytest.raises(CoproduceError):
        write.repair(tmp_path / "build" / "r")
