"""Write outputs so that a failed or interrupted build leaves the last good set, whole.

A build's outputs are one set, and the output folder holds exactly one set: what
the last build made, nothing from an earlier one. `write_all` writes every file
into a staging folder beside the output folder (on the same disk, so a rename is
atomic) and flushes it to the disk; it then swaps folders with three renames:

    .<name>.staging-XXXX  ->  .<name>.new     the new set is complete
    <name>                ->  .<name>.old     the last good set steps aside
    .<name>.new           ->  <name>          the new set is in place

and removes `.<name>.old`. Ctrl-C and kill are held back during the renames; a
SIGKILL or a power cut cannot be, so every build first repairs what an
interrupted one left (`repair`): a complete `.new` is put in place, a stale
`.old` removed, an unfinished staging folder thrown away. "Complete" is checked,
not assumed: before `.new` is made, `.<name>.new.sha256` lists every file of the
set with its SHA-256 (as `sha256sum` writes it), and a `.new` that does not match
it exactly (a build folder synced half-way from another computer) is thrown away. Whatever moment a
build stopped at, the folder then holds the last good set or the new one, never
a mix. A lock beside the output folder stops two builds writing it at once.

Because the whole folder is replaced, nothing may be in it that the build did
not make: `out_folder.in_the_way` refuses, naming it, before anything moves.

`write_atomic` replaces a single file the same way, for the commands that edit
one file (YAML, contributions): a hidden part file beside it, renamed over it
(part_files.py names them, and removes those a killed command left).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import CoproduceError, Problem
from pipeline.render import part_files
from pipeline.render.out_folder import in_the_way

LOCK_TIMEOUT = 60.0  # seconds a build waits for another build of the same response to finish writing
STAGING = ".staging-"
NEW = ".new"  # beside the output folder: a complete new set, not yet swapped in
OLD = ".old"  # beside the output folder: the set being replaced, removed once the new one is in place
SUMS = ".new.sha256"  # beside the output folder: what `.new` must hold, written before it is made
FOLDER_MODE = 0o755  # mkdtemp makes the staging folder 0o700; the outputs' folder is readable like any other


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part_files.sweep(path.parent)  # what a killed write left here
    fd, tmp = part_files.make(path)
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


BATCH = 64  # files written before the disk is asked to keep them: at most this many .part files after a SIGKILL
# (removed by the next write into their folder: part_files.py)


def write_atomic_many(files: Collection[tuple[Path, bytes]]) -> None:
    """`write_atomic` for many files (`approve` of thousands): each is still replaced whole, its bytes on the disk
    before its rename, but a batch is written before any is flushed, so the disk does them together. Stopped part
    way, every file is its old or its new self; what was not renamed yet is removed."""
    items = list(files)
    for folder in dict.fromkeys(path.parent for path, _ in items):
        if folder.is_dir():
            part_files.sweep(folder)  # what a killed write left there
    for start in range(0, len(items), BATCH):
        made: list[tuple[str, Path]] = []
        opened: list[int] = []
        try:
            for path, data in items[start : start + BATCH]:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = part_files.make(path)
                opened.append(fd)
                made.append((tmp, path))
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            for fd in opened:
                os.fsync(fd)
            while opened:
                os.close(opened.pop())
            for tmp, _ in made:
                os.chmod(tmp, 0o644)
            while made:
                os.replace(*made[0])
                made.pop(0)
        except BaseException:
            for fd in opened:
                with contextlib.suppress(OSError):
                    os.close(fd)
            for tmp, _ in made:
                Path(tmp).unlink(missing_ok=True)
            raise


def write_all(out_dir: Path, outputs: Mapping[str, bytes], replaces: Collection[str] = ()) -> list[Path]:
    """Make `outputs` (file name: bytes) the whole content of `out_dir`: all of them, or none.

    The folder then holds this set and nothing else: an output an earlier build made that this
    one did not (a format not asked for this time, an annex when nothing is confidential now)
    goes with the old set. `replaces` names what an earlier build may have left there (a folder
    of outputs ends in `/`); anything else in the folder stops the build ("build.in-the-way"),
    since nothing coproduce did not make is ever deleted.

    A name may have one folder part (`slug-answers/q1.txt`), for a folder of outputs.

    Raises CoproduceError with "build.locked" when another build holds the folder for longer
    than LOCK_TIMEOUT, "build.in-the-way", or "build.write-failed" naming what the disk refused.
    Either way, and on KeyboardInterrupt, the previous outputs are as they were.
    """
    out_dir = Path(out_dir)
    folder = _real(out_dir)  # stage beside the real folder, so it is on the same disk
    failing = out_dir  # what was being written when the disk said no, as the user knows it
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(lock_file(folder), timeout=LOCK_TIMEOUT):
            _repair(folder)
            blocked = in_the_way(folder, out_dir, [_checked(n) for n in outputs], replaces)
            if blocked:
                raise CoproduceError(blocked, "nothing was written; the previous outputs are unchanged")
            stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}{STAGING}", dir=folder.parent))
            try:
                for name, data in outputs.items():
                    failing = out_dir / name
                    _write_file(stage / name, data)
                for sub in {stage / name.split("/")[0] for name in outputs if "/" in name}:
                    _fsync_folder(sub)
                os.chmod(stage, FOLDER_MODE)
                _fsync_folder(stage)
                failing = out_dir
                with _signals_held():
                    _swap(folder, stage, manifest(outputs))
            finally:
                shutil.rmtree(stage, ignore_errors=True)  # gone already when the swap went through
    except Timeout:
        raise CoproduceError([_locked(out_dir)], "nothing was written") from None
    except OSError as exc:
        raise CoproduceError([_write_failed(failing, exc)], "the previous outputs are unchanged") from None
    return [out_dir / name for name in outputs]


def repair(out_dir: Path) -> None:
    """Finish or undo what a build killed while writing `out_dir` left, under the build's lock."""
    folder = _real(Path(out_dir))
    if not folder.parent.is_dir():
        return
    try:
        with FileLock(lock_file(folder), timeout=LOCK_TIMEOUT):
            _repair(folder)
    except Timeout:
        raise CoproduceError([_locked(Path(out_dir))], "nothing was written") from None
    except OSError as exc:
        raise CoproduceError([_write_failed(Path(out_dir), exc)], "nothing was written") from None


def _real(out_dir: Path) -> Path:
    """The folder a path leads to, links followed; one that leads round in a loop is the user's to fix."""
    try:
        return out_dir.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop of links
        problem = Problem(
            _shown(out_dir),
            None,
            "this path is a link that leads round in a loop, so nothing can be written there",
            "remove or correct the link, or build into another folder with --out",
            code="build.write-failed",
        )
        raise CoproduceError([problem], "nothing was written") from None


def lock_file(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.lock"


def beside(folder: Path, what: str) -> Path:
    """`.new` or `.old` for `folder`: hidden, in the same parent folder, so a rename between them is atomic."""
    return folder.parent / f".{folder.name}{what}"


def manifest(outputs: Mapping[str, bytes]) -> bytes:
    """What a complete set holds, in `sha256sum`'s format: a repair checks `.new` against it."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(outputs.items())]
    return "".join(lines).encode("utf-8")


def _swap(folder: Path, stage: Path, listed: bytes) -> None:
    """The three renames that put a complete set in place; see the module's docstring."""
    new, old, sums = beside(folder, NEW), beside(folder, OLD), beside(folder, SUMS)
    with open(sums, "wb") as f:  # written first: a repair puts `.new` in place only if it holds just this
        f.write(listed)
        f.flush()
        os.fsync(f.fileno())
    os.replace(stage, new)  # from here on the new set is complete, and a repair puts it in place
    _fsync_folder(folder.parent)
    had_one = os.path.lexists(folder)
    try:
        if had_one:
            os.replace(folder, old)
        os.replace(new, folder)
    except BaseException:
        # a folder held open (Windows) or a disk gone: put the last good set back, drop the new one
        with contextlib.suppress(OSError):
            if had_one and not os.path.lexists(folder) and os.path.isdir(old):
                os.replace(old, folder)
            shutil.rmtree(new, ignore_errors=True)
            sums.unlink(missing_ok=True)
        raise
    _fsync_folder(folder.parent)
    sums.unlink(missing_ok=True)
    shutil.rmtree(old, ignore_errors=True)  # if this is cut short, the next build removes the rest


def _repair(folder: Path) -> None:
    """Called with the lock held, so no running build owns any of what is found here.

    A killed build leaves one of: a staging folder (unfinished: thrown away); `.new` beside the
    last good set (complete: swapped in); `.new` and `.old` with no set (swapped in, `.old`
    removed); `.old` beside the new set (removed). The renames are held in that order by `_swap`.
    A `.new` that does not hold exactly what its list says (cut short, half copied by a sync
    client from another computer, or not made by a build at all) is thrown away instead, and
    the last good set stays.
    """
    for stale in folder.parent.glob(f".{glob.escape(folder.name)}{STAGING}*"):
        shutil.rmtree(stale, ignore_errors=True)
    new, old, sums = beside(folder, NEW), beside(folder, OLD), beside(folder, SUMS)
    with _signals_held():
        if os.path.lexists(new):
            if _complete(new, sums):
                if os.path.lexists(folder):
                    if os.path.lexists(old):
                        _remove(old)
                    os.replace(folder, old)
                os.replace(new, folder)
            else:
                _remove(new)
        sums.unlink(missing_ok=True)
        if os.path.lexists(old):
            if os.path.lexists(folder):
                _remove(old)
            else:  # `.old` without a set: a `.new` was thrown away, or the set was moved by hand; keep the last good
                os.replace(old, folder)
    _fsync_folder(folder.parent)


def _complete(new: Path, sums: Path) -> bool:
    """Whether `new` is a folder holding exactly the files its list names, each with its bytes."""
    if not new.is_dir() or new.is_symlink() or not sums.is_file():
        return False
    try:
        listed = sums.read_bytes().decode("utf-8")
        found: dict[str, bytes] = {}
        for path in sorted(new.rglob("*")):
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                return False
            if path.is_file():
                found[path.relative_to(new).as_posix()] = path.read_bytes()
    except (OSError, UnicodeDecodeError):
        return False
    return manifest(found).decode("utf-8") == listed


def _remove(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def _checked(name: str) -> str:
    """An output's name: a file name, or `folder/file name` for a folder of outputs."""
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


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the current folder, or a loop of links
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
    errno.EACCES: "check you may write to that folder, and close any output another program has open",
    errno.EPERM: "check you may write to that folder, and close any output another program has open",
    errno.EROFS: "that disk is read-only: build somewhere else with --out",
    errno.EISDIR: "a folder has the output's name: move or rename that folder",
    errno.ENOTDIR: "part of the path is a file, not a folder: choose another folder with --out",
}


def _write_failed(path: Path, exc: OSError) -> Problem:
    reason = exc.strerror or str(exc) or type(exc).__name__
    what = "replace this folder of outputs" if path.is_dir() else "write this file"
    return Problem(
        _shown(path),
        None,
        f"could not {what}: {reason}",
        _FIXES.get(exc.errno or 0, "check the folder can be written to, then build again"),
        code="build.write-failed",
    )
