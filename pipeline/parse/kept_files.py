"""Parses kept on disk from one run of a command to the next (build/.cache/parse/), so a second `check` or `build`
of a response parses again only the contributions that changed (issue 23: nothing redone that did not change).

One file per response, named by a hash of its folder's path, never by anything in it. It holds, for each
contribution parsed in the last run, what parse/kept.py keeps in memory in `serve`: the parse, and what the parse
asked of the rest (each person's decision, each hand-written signature, each footnote number), asked again
before a kept parse is used, so a withdrawal, a change of credit or another day parses afresh.

- **What is never written here:** a parse that read a picture file, that left anything out (a withdrawn
  person's words, a quote without consent), or that holds a `coproduce-ignore:` phrase (never printed, and it may
  be a name). Such a contribution is parsed afresh each run, and nothing of it is copied into one more file.
- **A file that is not ours is not read:** each file is signed (HMAC-SHA256) with a key that only this computer's
  user can read, kept outside the workbench (`<user cache folder>/coproduce/kept-parses-key`, made on first use),
  so a file someone else put in a shared or synced build/ folder is a miss, never unpickled. And the pickle is
  read by an unpickler that can make only the document model's classes and plain values (`_Reader.find_class`, as
  the pickle documentation's "restricting globals" shows). A file that does not read, or was written by other
  code, is a miss, written afresh; with no key (no cache folder can be written) nothing is kept.
- **Other code parses afresh:** the file's first line is its signature, the second a fingerprint of the tool (its
  version, Python's, markdown-it-py's and its plugins' (read from their `__init__`, without importing them), and
  the size and time of every module under pipeline/).
- **Written by a build that succeeded, and only then:** after the build's outputs are written (its guard has read
  every one for names), whole or not at all (the build's atomic write, passed in), and only when the run parsed
  something new or no longer needs something kept. A refused build and a `check` read the file and write nothing;
  a file that cannot be written is no problem.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import enum
import functools
import gc
import hashlib
import hmac
import importlib
import importlib.util
import io
import os
import pickle
import secrets
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pipeline
from pipeline import errors, model
from pipeline.load import cache

FORMAT = b"coproduce parses 1"
# what a kept parse may be made of, beside the model's classes (checked in find_class) and what pickle's own
# opcodes make (strings, numbers, bytes, tuples, lists, dicts, sets): no function, nothing else of the library
_PLAIN = {
    "datetime": {"date"},
    "pathlib": {"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"},
}
# the modules whose classes a parse holds (by their names: this package's blocks and kept import this module)
_OURS = frozenset({model.__name__, errors.__name__, f"{__package__}.blocks", f"{__package__}.kept"})

Write = Callable[[Path, bytes], None]
_active: contextvars.ContextVar[Pack | None] = contextvars.ContextVar("coproduce_kept_parses", default=None)


class _Reader(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if name in _PLAIN.get(module, ()):
            return super().find_class(module, name)
        if module in _OURS:
            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type) and (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a parse")


@functools.cache  # once a process: the code it runs is the code it imported
def tool_fingerprint() -> bytes:
    """What the code that parses is: a change to any module (a new version, an edit) parses afresh."""
    h = hashlib.sha256(FORMAT)
    for part in (pipeline.__version__, sys.version):
        h.update(part.encode() + b"\0")
    for library in ("markdown_it", "mdit_py_plugins"):  # the parser's: each package's __init__ holds its version,
        spec = importlib.util.find_spec(library)  # read without importing it (a check of kept parses needs neither)
        h.update(library.encode() + b"\0" + (Path(spec.origin).read_bytes() if spec and spec.origin else b"") + b"\0")
    root = Path(pipeline.__file__).parent
    modules = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        modules += [os.path.join(folder, name) for name in files if name.endswith(".py")]
    for module in sorted(modules):
        st = os.stat(module)
        h.update(f"{os.path.relpath(module, root)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest().encode()


KEY_BYTES = 32


def key_path() -> Path:
    """Where this user's signing key is kept: their own cache folder, never the workbench."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "coproduce" / "kept-parses-key"


def _key() -> bytes | None:
    """This user's key, made the first time (readable by them alone); None when it cannot be read or made."""
    path = key_path()
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:  # made meanwhile by another run (read it next time), or nowhere to keep it
            return None
        key = secrets.token_bytes(KEY_BYTES)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
    except OSError:
        return None
    return key if len(key) == KEY_BYTES else None


def _signature(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).hexdigest().encode()


def pack_path(cache: Path, response_dir: Path) -> Path:
    """build/.cache/parse/<hash of the response folder's path>.pickle: no name from the workbench in it."""
    digest = hashlib.sha256(str(response_dir.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return cache / "parse" / f"{digest}.pickle"


def key_of(parts: tuple[str, str, int, str]) -> str:
    body, shown, line, folder = parts
    text = "\0".join((body, shown, str(line), folder))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclasses.dataclass
class Pack:
    """The kept parses of one response, as read at the start of a run, and what this run used or made."""

    path: Path
    write: Write | None  # None: read only (a `check`)
    held: dict[str, Any]
    used: dict[str, Any] = dataclasses.field(default_factory=dict)
    made: bool = False

    def get(self, key: str) -> Any:
        return self.held.get(key)

    def keep(self, key: str, record: Any) -> None:
        self.used[key] = record

    def put(self, key: str, record: Any) -> None:
        # words left out, and a `coproduce-ignore:` phrase (the one text a parse holds that is never printed, and it
        # may be a name), stay only in the contribution's own file
        if not record.parsed.left_out and not record.parsed.withdrawn_text and not record.parsed.ignores:
            self.used[key] = record
            self.made = True

    def save(self) -> None:
        if self.write is None or (not self.made and self.used.keys() == self.held.keys()):
            return  # read only, or nothing new and nothing to forget: the file stays as it is
        if (key := _key()) is None:
            return
        with contextlib.suppress(OSError, pickle.PicklingError):  # the cache is a help, never a requirement
            data = tool_fingerprint() + b"\n" + pickle.dumps(dict(sorted(self.used.items())), protocol=5)
            self.write(self.path, _signature(key, data) + b"\n" + data)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    signature, _, signed = data.partition(b"\n")
    key = _key()
    if key is None or not hmac.compare_digest(signature, _signature(key, signed)):
        return {}  # not written by this user's coproduce: never unpickled
    head, _, rest = signed.partition(b"\n")
    if head != tool_fingerprint():
        return {}
    was_collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new objects, none of them garbage: the collector would walk them for nothing
    try:
        held = _Reader(io.BytesIO(rest)).load()
    except Exception:  # noqa: BLE001  # any file that does not read as ours is a miss, however it fails
        return {}
    finally:
        if was_collecting:
            gc.enable()
    return held if isinstance(held, dict) else {}


@contextlib.contextmanager
def keeping(path: Path | None, write: Write | None) -> Iterator[None]:
    """Inside this block, parse/kept.py takes a parse from `path` when it may (None: from nowhere). With `write`,
    what this run used and made is saved there when the block ends without an error: the build calls it so,
    after its outputs are written, so a refused build (or a `check`) writes nothing. Inside `serve`'s caching,
    or inside another `keeping`, this does nothing: memory, or the outer block, keeps the parses."""
    if path is None or cache.active() or _active.get() is not None:
        yield
        return
    pack = Pack(path, write, _read(path))
    token = _active.set(pack)
    try:
        yield
    finally:
        _active.reset(token)
    pack.save()


def active() -> Pack | None:
    return _active.get()
