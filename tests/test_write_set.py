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
    """Staging folders beside the outputs, and hidden or .part files among them."""
    beside = [p.name for p in out.parent.iterdir() if ".staging-" in p.name]
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


def test_a_file_that_cannot_be_replaced_puts_back_the_ones_already_moved(
    old_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as when Word on Windows holds the .docx open: the PDF is already replaced when the DOCX fails
    real = os.replace

    def locked_docx(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == old_set.resolve() / "r.docx":
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", locked_docx)
    with pytest.raises(CoproduceError) as failed:
        write_all(old_set, NEW)
    assert failed.value.problems[0].path.endswith("r.docx")
    assert "close the file" in failed.value.problems[0].fix
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
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C after the first of four renames
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_all(old_set, NEW)
    assert len(renames) == 4
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == NEW  # all new, none old
    assert leftovers(old_set) == []


def test_a_killed_builds_staging_folder_and_part_files_are_removed(old_set: Path) -> None:
    stale = old_set.parent / ".r.staging-k1ll3d"
    stale.mkdir()
    (stale / "r.pdf").write_bytes(b"half")
    (old_set / ".r.pdf.x7q2.part").write_bytes(b"half")  # from the older writer
    (old_set / "notes.txt").write_bytes(b"mine")  # not ours: stays
    write_all(old_set, NEW)
    assert not stale.exists()
    assert sorted(p.name for p in old_set.iterdir()) == sorted([*NEW, "notes.txt"])


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
    assert len(renames) == 4
    assert {p.name: p.read_bytes() for p in old_set.iterdir()} == NEW
