"""Results kept while the workbench's files stay the same: so a second view of a page in `coproduce serve` does not
load, assemble and check the whole workbench again.

`memo` wraps a function that reads only the workbench (its files, its git state, the day it is given). The wrapper
keeps a result only while a web request is being answered (`caching()`, entered by pipeline/web/app.py): the
command line never keeps anything, so `check` and `build` always read afresh. A kept result is used again only
when the *fingerprint* of the workbench is what it was when the result was made:

- every file under the workbench folder (but not build/, .venv, caches or other dot-folders): its path, size,
  modification and change times (nanoseconds) and inode; a file changed in the last few seconds is read and
  hashed as well, since a file system's clock may not tick between two quick saves of the same size;
- the git state the history is read from (HEAD, the index, the refs), found at or above the workbench;
- the computer's date (a withdrawal is in force from it whatever day a run is given) and the environment
  variables the pipeline reads (COPRODUCE_TODAY, SOURCE_DATE_EPOCH, GIT_DIR).

The arguments (the folder, the day, the settings) are part of the key. A result is made from a fingerprint taken
*before* it is computed, so a file saved while it is being made leaves a key that never matches again. Errors the
user must see (`CoproduceError`) are kept and raised again the same way. Nothing is written to disk here.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from pipeline import vocabulary
from pipeline.errors import CoproduceError

P = ParamSpec("P")
R = TypeVar("R")

SKIPPED = frozenset({"build", ".git", ".venv", "__pycache__", "node_modules"})  # folders that are not the user's work
ENVIRONMENT = ("COPRODUCE_TODAY", "SOURCE_DATE_EPOCH", "GIT_DIR")
RACY_NS = 3_000_000_000  # a file changed this recently is hashed too: its times alone may not show a second save
KEPT = 8  # results kept per function, the least recently used dropped first: a few responses and days

_active: contextvars.ContextVar[bool] = contextvars.ContextVar("coproduce_cache_active", default=False)
_stores: list[OrderedDict[Any, Any]] = []  # one per kept function, so `clear` empties them all
_lock = threading.Lock()
counts = {"made": 0, "kept": 0}  # how often a result was made and how often a kept one was used (for tests, bench)


@contextlib.contextmanager
def caching() -> Iterator[None]:
    """Keep and reuse results of `memo` functions inside this block (and threads started from it)."""
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)


def active() -> bool:
    """Whether results are being kept (inside `caching()`)."""
    return _active.get()


def store() -> OrderedDict[Any, Any]:
    """A store of kept results for a module that keeps its own (emptied by `clear` with every other)."""
    made: OrderedDict[Any, Any] = OrderedDict()
    with _lock:
        _stores.append(made)
    return made


def clear() -> None:
    with _lock:
        for store in _stores:
            store.clear()


def _files(folder: str, out: list[tuple[Any, ...]], now: int, seen: set[str] | None = None) -> None:
    """Every file under `folder`, through links to folders too (a loader may follow them), each folder once."""
    seen = set() if seen is None else seen
    real = os.path.realpath(folder)
    if real in seen:
        out.append(("again", folder))
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir():  # a link to a folder too
                if entry.name not in SKIPPED and not entry.name.startswith("."):
                    out.append(("dir", entry.path, entry.is_symlink() and os.path.realpath(entry.path)))
                    _files(entry.path, out, now, seen)
                continue
        except OSError:
            pass
        _one(entry.path, out, now)


def _one(path: str, out: list[tuple[Any, ...]], now: int) -> None:
    try:
        info = os.stat(path)  # follows a link: what a reader of the file would read
    except OSError:
        out.append(("gone", path))
        return
    row: tuple[Any, ...] = (path, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    if now - max(info.st_mtime_ns, info.st_ctime_ns) < RACY_NS:
        row += (_digest(path),)
    out.append(row)


def _digest(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return "unreadable"


def _git_state(root: Path, now: int) -> list[tuple[Any, ...]]:
    """HEAD, the index and every ref of the repository the history is read from (GIT_DIR, else the .git at or above
    `root`; a worktree's `.git` file is followed to its own folder and the shared one): a commit changes one."""
    named = os.environ.get("GIT_DIR")
    found = [Path(named)] if named else [f / ".git" for f in (root, *root.parents) if (f / ".git").exists()][:1]
    if not found:
        return []
    git = found[0]
    out: list[tuple[Any, ...]] = [("git", str(git))]
    if git.is_file():  # a worktree or submodule: `gitdir: <folder>`
        out.append(("gitfile", _digest(str(git))))
        text = git.read_text(encoding="utf-8", errors="replace").strip()
        git = (git.parent / text.removeprefix("gitdir:").strip()).resolve()
    folders = [git]
    if (git / "commondir").is_file():  # a worktree's refs and packed refs are in the shared folder
        folders.append((git / (git / "commondir").read_text(encoding="utf-8", errors="replace").strip()).resolve())
    for folder in folders:
        for name in ("HEAD", "index", "packed-refs", "ORIG_HEAD", "MERGE_HEAD"):
            out.append((name, _digest(str(folder / name)) if (folder / name).exists() else None))
        _files(str(folder / "refs"), out, 0)  # as if just changed: every ref is read (they are tiny)
    return out


def fingerprint(root: Path, only: list[Path] | None = None) -> str:
    """The workbench at `root` as it stands now (see the module's note): equal fingerprints, equal inputs.

    `only`: just these files and folders (and not git), for a function that reads nothing else."""
    now = time.time_ns()  # only to tell whether a file's times can be trusted; never a date anything prints
    rows: list[tuple[Any, ...]] = [("today", vocabulary.system_today().isoformat())]
    rows += [(name, os.environ.get(name)) for name in ENVIRONMENT]
    if only is None:
        _files(str(root), rows, now)
        rows += _git_state(Path(root).resolve(), now)
    for path in only or ():
        rows.append(("only", str(path)))
        if path.is_dir():
            _files(str(path), rows, now)
        else:
            _one(str(path), rows, now)
    return hashlib.sha256(repr(rows).encode("utf-8", "surrogateescape")).hexdigest()


def _frozen(value: Any) -> Any:
    """An argument as part of a key: lists and other iterables of paths become tuples."""
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, Path):
        return str(value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def memo(
    root_of: Callable[..., Path], *, reads: Callable[..., list[Path]] | None = None, size: int = KEPT
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Keep `fn`'s results (inside `caching()`) while the workbench `root_of(*args, **kwargs)` is unchanged.

    `fn` must read nothing but that workbench, the arguments and what `fingerprint` covers, and its callers must
    not change what it returns (the same object is handed to every caller). Generators and iterators given as
    arguments are not supported: pass lists. With `reads`, only the files and folders it names are fingerprinted
    (so a save elsewhere keeps the result): `fn`'s answer must depend on nothing else, and an error it raises is
    not kept (it may come from a file outside them). `size`: how many results of `fn` are kept."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        _kept: OrderedDict[tuple[Any, ...], tuple[bool, Any]] = OrderedDict()
        _stores.append(_kept)

        @functools.wraps(fn)
        def kept(*args: P.args, **kwargs: P.kwargs) -> R:
            if not _active.get():
                return fn(*args, **kwargs)
            try:
                root = root_of(*args, **kwargs)
            except (OSError, ValueError, IndexError):
                return fn(*args, **kwargs)
            only = [Path(p) for p in reads(*args, **kwargs)] if reads is not None else None
            key = (fn.__module__, fn.__qualname__, _frozen(args), _frozen(kwargs), fingerprint(root, only))
            with _lock:
                found = _kept.get(key)
                if found is not None:
                    _kept.move_to_end(key)
                    counts["kept"] += 1
            if found is not None:
                raised, value = found
                if raised:
                    raise value.with_traceback(None)
                return value  # type: ignore[no-any-return]
            try:
                made: tuple[bool, Any] = (False, fn(*args, **kwargs))
            except CoproduceError as exc:
                if reads is not None:
                    raise
                made = (True, exc)
            with _lock:
                counts["made"] += 1
                _kept[key] = made
                while len(_kept) > size:
                    _kept.popitem(last=False)
            if made[0]:
                raise made[1]
            return made[1]  # type: ignore[no-any-return]

        return kept

    return wrap


def memo_by_value(maxsize: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Keep (inside `caching()`) the results of a function of its arguments alone, such as Markdown's tokens of a
    text: the arguments are the whole key. Callers must not change what it returns."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        kept_here: OrderedDict[Any, R] = OrderedDict()
        _stores.append(kept_here)

        @functools.wraps(fn)
        def kept(*args: P.args, **kwargs: P.kwargs) -> R:
            if not _active.get():
                return fn(*args, **kwargs)
            key = (args, tuple(sorted(kwargs.items())))
            with _lock:
                if key in kept_here:
                    kept_here.move_to_end(key)
                    return kept_here[key]
            made = fn(*args, **kwargs)
            with _lock:
                kept_here[key] = made
                while len(kept_here) > maxsize:
                    kept_here.popitem(last=False)
            return made

        return kept

    return wrap


def workbench_of(folder: Path | str) -> Path:
    """The workbench folder of a response folder (responses/<slug>), or of the workbench itself."""
    folder = Path(folder).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "contributors").is_dir():
            return candidate
    return folder
