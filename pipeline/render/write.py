"""Write outputs so that a failed or interrupted build leaves the last good ones.

A build's outputs change together or not at all. `write_all` writes every file
into a staging folder beside the output folder (on the same disk, so a rename
is atomic) and flushes it to the disk; only then are the files renamed into
place, one after another, with Ctrl-C and kill held back so an interrupt cannot
fall between two renames. If anything fails, the files already moved are put
back, the staging folder is removed, and the previous set stands whole. A lock
beside the output folder stops two builds writing the same folder at once.

`write_atomic` replaces a single file the same way, for the commands that edit
one file (YAML, contributions).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import CoproduceError, Problem

LOCK_TIMEOUT = 60.0  # seconds a build waits for another build of the same response to finish writing
STAGING = ".staging-"


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all(out_dir: Path, outputs: Mapping[str, bytes], retire: Collection[str] = ()) -> list[Path]:
    """Write `outputs` (file name: bytes) into `out_dir` as one set: all of them, or none.

    `retire` names outputs of an earlier build that must not look current any more (an annex
    when nothing is confidential now): removed under the same lock, once the new set is in place.

    A name may have one folder part (`slug-answers/q1.txt`): that folder is replaced whole, so a
    file the new set no longer has does not linger in it.

    Raises CoproduceError with a "build.locked" problem when another build holds the
    folder for longer than LOCK_TIMEOUT, or "build.write-failed" naming the file the
    disk refused. Either way, and on KeyboardInterrupt, the previous outputs are as they were.
    """
    out_dir = Path(out_dir)
    folder = out_dir.resolve()  # stage beside the real folder, so it is on the same disk
    failing = out_dir  # what was being written when the disk said no, as the user knows it
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(folder.parent / f".{folder.name}.lock", timeout=LOCK_TIMEOUT):
            _remove_stale(folder, outputs)
            folder.mkdir(exist_ok=True)
            stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}{STAGING}", dir=folder.parent))
            try:
                for name, data in outputs.items():
                    failing = out_dir / name
                    _write_file(stage / _checked(name), data)
                units = list(dict.fromkeys(name.split("/")[0] for name in outputs))  # a file, or a whole folder
                for unit in units:
                    if (stage / unit).is_dir():
                        _fsync_folder(stage / unit)
                (stage / ".previous").mkdir()
                moved: list[tuple[str, bool]] = []
                with _signals_held():
                    try:
                        for unit in units:
                            failing = out_dir / unit
                            moved.append((unit, _keep_previous(folder / unit, stage / ".previous" / unit)))
                            os.replace(stage / unit, folder / unit)
                    except BaseException:
                        _put_back(folder, stage / ".previous", moved)
                        raise
                for name in retire:
                    (folder / _checked(name)).unlink(missing_ok=True)
                _fsync_folder(folder)
            finally:
                shutil.rmtree(stage, ignore_errors=True)
    except Timeout:
        raise CoproduceError([_locked(out_dir)], "nothing was written") from None
    except OSError as exc:
        raise CoproduceError([_write_failed(failing, exc)], "the previous outputs are unchanged") from None
    return [out_dir / name for name in outputs]


def _checked(name: str) -> str:
    """An output's name: a file name, or `folder/file name` for a folder of outputs that is replaced whole."""
    parts = name.split("/")
    if len(parts) > 2 or any(p in ("", ".", "..") or "\\" in p for p in parts):
        raise ValueError(f"not an output name: {name!r}")
    return name


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(exist_ok=True)  # the folder of a `folder/file` output, inside the staging folder
    with open(path, "xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())  # on the disk before any rename, or a power cut could leave an empty file in place
    os.chmod(path, 0o644)


def _fsync_folder(path: Path) -> None:
    """Make the renames in `path` durable. Windows cannot open a folder to flush it, nor needs to."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _keep_previous(target: Path, copy: Path) -> bool:
    """Keep the file about to be replaced, so it can be put back if a later one fails. False if there is none."""
    if not os.path.lexists(target):
        return False
    if os.path.isdir(target) and not os.path.islink(target):
        os.replace(target, copy)  # a folder of outputs is replaced whole: the old one moves aside
        return True
    if os.path.islink(target):
        shutil.copy2(target, copy, follow_symlinks=False)  # the link itself, not what it points to
        return True
    try:
        os.link(target, copy)  # a second name: instant, and no space needed
    except OSError:
        shutil.copy2(target, copy)  # a disk without hard links
    return True


def _put_back(folder: Path, previous: Path, moved: list[tuple[str, bool]]) -> None:
    for name, existed in reversed(moved):
        with contextlib.suppress(OSError):  # best effort: the original failure is what the user must see
            if (folder / name).is_dir() and not (folder / name).is_symlink():
                shutil.rmtree(folder / name)  # the new folder of outputs, if it went in
            if existed:
                os.replace(previous / name, folder / name)
            else:
                (folder / name).unlink(missing_ok=True)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C and kill: they arrive once every file is in place, never between two renames.

    Blocking the signals in this thread is not enough when other threads exist (a library's
    worker): the system may hand the signal to one of them, and Python then raises it here
    all the same. So the Python handlers are swapped too, for ones that only note the signal;
    it is raised when the set is complete. Handlers can be set only from the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    wanted = [s for s in (signal.SIGINT, signal.SIGTERM) if s is not None]
    previous = {s: signal.signal(s, lambda signum, frame: noted.append(signum)) for s in wanted}
    blocked = hasattr(signal, "pthread_sigmask")
    old = signal.pthread_sigmask(signal.SIG_BLOCK, set(wanted)) if blocked else set()
    try:
        yield
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)  # a signal held back by the mask is noted now
        for s, handler in previous.items():
            signal.signal(s, handler)
        if noted:
            signal.raise_signal(noted[0])  # as if it came now, to the handler the program had


def _remove_stale(folder: Path, outputs: Mapping[str, bytes]) -> None:
    """What a killed build left: its staging folder, and the .part files of the older one-file-at-a-time writer.

    Called with the lock held, so no running build owns any of them.
    """
    for stale in folder.parent.glob(f".{glob.escape(folder.name)}{STAGING}*"):
        shutil.rmtree(stale, ignore_errors=True)
    for name in outputs:
        for part in folder.glob(f".{glob.escape(name)}.*.part"):
            part.unlink(missing_ok=True)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _locked(out_dir: Path) -> Problem:
    return Problem(
        _shown(out_dir),
        None,
        f"another build of this response is running and writing to this folder (waited {LOCK_TIMEOUT:g} seconds)",
        "wait for the other build to finish, then build again",
        code="build.locked",
    )


_FIXES = {
    errno.ENOSPC: "free some space on that disk, then build again",
    getattr(errno, "EDQUOT", -1): "free some space (you have used your quota on that disk), then build again",
    errno.EACCES: "check you may write to that folder, and close the file if another program has it open",
    errno.EPERM: "check you may write to that folder, and close the file if another program has it open",
    errno.EROFS: "that disk is read-only: build somewhere else with --out",
    errno.EISDIR: "a folder has the output's name: move or rename that folder",
    errno.ENOTDIR: "part of the path is a file, not a folder: choose another folder with --out",
}


def _write_failed(path: Path, exc: OSError) -> Problem:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return Problem(
        _shown(path),
        None,
        f"could not write this file: {reason}",
        _FIXES.get(exc.errno or 0, "check the folder can be written to, then build again"),
        code="build.write-failed",
    )
