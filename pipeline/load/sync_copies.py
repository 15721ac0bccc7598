"""Which files are copies a sync client or a file manager made of another, by their names.

Workbenches live in synced folders (OneDrive, SharePoint, Google Drive, Dropbox,
iCloud). When two people change a file at once, or a file is copied by hand,
a second file appears beside the first under a name like these:

    40-q1 (conflicted copy 2026-11-03).md       Dropbox (also "(Jo's conflicted copy ...)", "(Case Conflict)")
    40-q1-DESKTOP-1AB2C3D.md                    OneDrive and SharePoint: the computer's name
    40-q1 (1).md, Copy of 40-q1.md              Google Drive, Windows, browsers
    40-q1 - Copy.md, 40-q1 copy 2.md            Windows Explorer, macOS Finder
    40-q1 2.md                                  iCloud Drive
    40-q1.sync-conflict-20261103-101010-AB12CD3.md   Syncthing

A name counts as a copy only when the file it copies is beside it, so
`40-q1 (1).md` alone is just a file with an odd name. The one rule here is used
by the load stage (a contributor's two files), by `checks/sync_conflicts.py`
(a response's contributions and response.yaml), and by intake (`original_name`:
a file dropped in twice, once under a copy's name).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.errors import Problems

# What a sync client or a file manager adds at the end of a name, before its ending. These say "copy"
# whether or not the original is beside it: nobody names a file of their own so.
_SURE = (
    r"\s*\([^()]*\bconflict[^()]*\)"  # Dropbox, Nextcloud: "(Jo's conflicted copy 2026-11-03)", "(Case Conflict)"
    r"|\s*\(copy(?:\s+\d{1,3})?\)"  # "(copy)", "(copy 2)"
    r"|\.sync-conflict-[\dA-Za-z-]+"  # Syncthing
    r"|_conflict-\d{8}-\d{6}"  # ownCloud
    r"|\s*\(\d{1,3}\)"  # Google Drive, Windows, browsers: "(1)"
    r"|\s+-\s+copy(?:\s*\(\d{1,3}\))?"  # Windows Explorer: " - Copy", " - Copy (2)"
    r"|-(?:DESKTOP|LAPTOP|PC)-[A-Z0-9]{3,}(?:-\d+)?"  # OneDrive: a Windows computer's own name
)
# These could be part of a name of one's own ("Question 2"): a copy only when the original is beside it.
_LIKELY = (
    r"|\s+copy(?:\s+\d{1,3})?"  # macOS Finder: " copy", " copy 2"
    r"|\s+\d{1,3}"  # iCloud Drive: " 2"
)
_SURE_AFTER = re.compile(rf"(?:{_SURE})$", re.IGNORECASE)
_AFTER = re.compile(rf"(?:{_SURE}{_LIKELY})$", re.IGNORECASE)
_BEFORE = re.compile(r"^copy\s+of\s+", re.IGNORECASE)  # Google Drive: "Copy of ..."
# OneDrive and SharePoint add "-" and the computer's name: DESKTOP-1AB2C3D, LAPTOP-XYZ, Jo's MacBook Pro
_MACHINE = re.compile(r"[^\W_][\w '’-]*")
_ENDINGS = {".yml": ".yaml"}  # one file, either ending


def _key(name: str) -> str:
    """A name as the disks of Windows and macOS compare it, .yml and .yaml alike."""
    folded = unicodedata.normalize("NFC", name).casefold()
    stem, dot, ending = folded.rpartition(".")
    return f"{stem}{_ENDINGS.get(dot + ending, dot + ending)}" if dot else folded


def _split(name: str) -> tuple[str, str]:
    stem, dot, ending = name.rpartition(".")
    return (stem, dot + ending) if dot and stem else (name, "")


def original_name(name: str) -> str | None:
    """The name of the file `name` says it copies, by its name alone: `x (1).docx` gives `x.docx`.

    Only the marks nobody puts in a name of their own count here (intake asks, and compares the
    two files' words); `copy_of` also knows the rest, when the original is beside the copy."""
    stem, ending = _split(unicodedata.normalize("NFC", name))
    mark = _SURE_AFTER.search(stem)
    if mark is None or not stem[: mark.start()].strip():
        return None
    return stem[: mark.start()].rstrip() + ending


def copy_of(name: str, siblings: Iterable[str]) -> str | None:
    """The sibling that `name` is a copy of, if its name says it is one and that sibling exists."""
    return _copy_of(name, {_key(s): s for s in siblings})


def _copy_of(name: str, present: dict[str, str]) -> str | None:
    """`copy_of` with the siblings by `_key` made once for a whole folder (issue 23: once for each file made a
    folder of n files cost n x n); a file is never its own original, so its own key is passed over."""
    own = _key(name)
    name = unicodedata.normalize("NFC", name)
    stem, ending = _split(name)
    candidates: list[str] = []
    for cut in reversed([m.start() for m in re.finditer("-", stem)]):  # OneDrive: the longest original first
        machine = stem[cut + 1 :]
        if _MACHINE.fullmatch(machine) and any(c.isupper() for c in machine):
            candidates.append(stem[:cut])
    shorter = stem
    for _ in range(4):  # "x (1) (1)", "Copy of x - Copy": a copy of a copy
        before = shorter
        shorter = _BEFORE.sub("", _AFTER.sub("", shorter)).strip()
        if not shorter or shorter == before:
            break
        candidates.append(shorter)
    for candidate in candidates:
        key = _key(candidate + ending)
        found = present.get(key) if key != own else None
        if found is not None:
            return found
    return None


def sync_copies(names: Iterable[str]) -> dict[str, str]:
    """{copy: the file it copies} among `names`, the files of one folder."""
    every = list(names)
    present = {_key(s): s for s in every}
    found = {name: _copy_of(name, present) for name in every}
    return {copy: original for copy, original in sorted(found.items()) if original is not None}


def conflict_message(original: str, consequence: str) -> str:
    return (
        f"this looks like a copy of {original} that a sync client (OneDrive, SharePoint, Dropbox,"
        f" Google Drive) or a copy and paste made, {consequence}"
    )


def conflict_fix(original: str) -> str:
    return (
        f"compare the two, keep what should stay in {original}, then delete this copy; if it is"
        " a file of its own, rename it in lowercase letters, digits and -, like 41-q1-more.md"
    )


def set_aside_copies(
    paths: list[Path], shown: Callable[[Path], str], problems: Problems, unusable: set[str]
) -> list[Path]:
    """Contributors' files, less a sync client's copies and the files they copy, each copy a problem.

    Either file could hold the person's latest consent or their withdrawal, so neither is used
    until one is kept (the id goes into `unusable`): using one could undo the other (promise 2)."""
    copies = sync_copies(p.name for p in paths)
    for path in paths:
        original = copies.get(path.name)
        if original is None:
            continue
        problems.add(
            shown(path),
            None,
            conflict_message(original, "so neither is used: either could hold their consent or their withdrawal"),
            f"compare the two, keep in {original} what records their consent and any withdrawal, then delete this copy",
            code="file.sync-conflict",
        )
        unusable.add(Path(original).stem)
    return [p for p in paths if p.name not in copies and p.stem not in unusable]
