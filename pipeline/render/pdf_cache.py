"""Laid-out PDF parts kept between builds (issue 23, item 2, the PDF's part): build/.cache/pdf/.

Each part (pdf_parts.py) is kept as two files named by a SHA-256 of what its layout read (`key`): the
part's whole HTML (CSS and pictures included), the fonts fontconfig lists, the tool's and WeasyPrint's
versions, the language, the fixed font timestamp and the prefix of the part's IDs; the files it fetched
(a font of the look, say) are in its record, each by its path from the response folder and its SHA-256,
and must read the same again.
A copy of a workbench with its build folder keeps what it laid out.
The HTML holds every name as printed, so a withdrawal or a change of credit is a new key and an old part
is never used again. No file name holds anything but the hash.

`<key>.pdf` is the part's bytes; `<key>.json` what pdf_join.py needs to know of it (pages, anchors,
bookmarks, the prefix of its IDs) and the SHA-256 of those bytes. Only bytes and JSON are read back, never
a pickle (promise 3).
A file that is missing, truncated, or not what its record says is ignored and the part laid out again.
Each file is written to a temporary name and renamed (the record last), so a kill leaves nothing half
written under a key. Deleting the folder is always safe. The guard still reads the joined PDF every time;
when it refuses a build, build.guard_stage removes the whole cache. Each response and edition (large
print) has a folder of its own, named by a hash, and after each build only what that build used is left
in it (`prune`): an old part, with words since withdrawn, is not kept.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

_INFO_KEYS = {"pages", "anchors", "bookmarks", "ids", "refused", "read", "sha256"}


@functools.cache
def _fonts() -> str:
    """The fonts fontconfig offers (file, and when it changed): a font installed or replaced is a new key."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    lines = []
    for name in sorted(set(listed.splitlines())):
        try:
            stat = os.stat(name)
            lines.append(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}")
        except OSError:
            lines.append(name)
    return "\n".join(lines)


def key(html: str, *, lang: str, epoch: str, tagged: bool, ids: str = "") -> str:
    """The SHA-256 of what laying out `html` reads but the files it fetches (those are in its record)."""
    import weasyprint

    from pipeline import __version__

    digest = hashlib.sha256()
    for piece in (
        "coproduce-pdf-part/2",
        __version__,
        weasyprint.__version__,
        _fonts(),
        lang,
        epoch,
        str(tagged),
        ids,
        html,
    ):
        digest.update(piece.encode("utf-8", "surrogatepass") + b"\0\0")
    return digest.hexdigest()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _still_read(read: Any, base: Path, roots: tuple[Path, ...]) -> bool:
    """Each file the layout fetched (a font, a picture: by its path from the response folder) is still there,
    inside the look or the response folder, with the same bytes."""
    if not isinstance(read, dict):
        return False
    for relative, sha in read.items():
        path = Path(os.path.normpath(base / str(relative)))
        if not any(path.is_relative_to(root) for root in roots):
            return False
        try:
            if digest(path.read_bytes()) != sha:
                return False
        except OSError:
            return False
    return True


def get(folder: Path | None, name: str, base: Path, roots: tuple[Path, ...]) -> tuple[bytes, dict[str, Any]] | None:
    """The part kept under `name`, or None when there is none, it is not whole, or a file it read changed."""
    if folder is None or folder.is_symlink():
        return None
    try:
        info = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        data = (folder / f"{name}.pdf").read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or set(info) != _INFO_KEYS:
        return None
    if info["sha256"] != digest(data) or not data.startswith(b"%PDF-"):
        return None
    if not _still_read(info["read"], base, roots):
        return None
    return data, info


def put(folder: Path | None, name: str, data: bytes, info: dict[str, Any]) -> None:
    """Keep a part; a folder that cannot be written is no failure (the build goes on without it)."""
    if folder is None or folder.is_symlink() or folder.parent.is_symlink():
        return
    record = {**info, "sha256": digest(data)}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _atomic(folder / f"{name}.pdf", data)
        _atomic(folder / f"{name}.json", json.dumps(record, sort_keys=True).encode("utf-8"))
    except OSError:
        return


def prune(folder: Path | None, used: set[str]) -> None:
    """Remove every file of `folder` but those of the keys this build used: what a withdrawal or a change of
    credit left out is not kept beside the outputs, and the folder does not grow."""
    if folder is None or not folder.is_dir() or folder.is_symlink():
        return
    for path in folder.iterdir():
        if path.name.split(".")[0] not in used or path.name.startswith("."):
            path.unlink(missing_ok=True)


def _atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
