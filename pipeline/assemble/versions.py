"""The versions of contributions git holds, read for `assemble/history.py`: every blob it names read through
one `git cat-file --batch` process, and whether two versions print alike (`vocabulary.fingerprint` of the body
and the printed front-matter fields), so a commit that only signs off is told from one that edits."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

from pipeline.load.files import decode_text
from pipeline.load.schema import FrontMatter, validate
from pipeline.load.workbench import split_front_matter
from pipeline.vocabulary import fingerprint, front_matter_end

if TYPE_CHECKING:
    from git import Repo


class Versions:
    """The versions of contributions that the log's changes name (`blobs`), each read once; whether two print alike.

    Every blob is read by one `git cat-file --batch`, given them all at once. Front
    matter is parsed only when the body is the same and the front matter as written is not
    (then only a printed field, vocabulary.PRINTED_FRONT_MATTER, makes the change an edit),
    and each distinct front matter once: a file's versions mostly share a few.
    """

    def __init__(self, repo: Repo, blobs: list[str]) -> None:
        self._text: dict[str, str | None] = {
            blob: decode_text(data, "git")[0] for blob, data in read_blobs(repo, blobs).items()
        }
        self._body: dict[str, str] = {}
        self._front: dict[str, str | None] = {}
        self._records: dict[str, tuple[str, ...] | None] = {}

    def record(self, blob: str) -> tuple[str, ...] | None:
        """(by, on, text, covers) of the approval record this version holds, read as `load` reads it; else None."""
        parts = self._parts(blob) if blob.strip("0") else None
        if parts is None:
            return None
        if parts[0] not in self._records:
            located, _, _, _ = split_front_matter(f"---\n{parts[0]}\n---\n", "git")
            meta, _ = validate(FrontMatter, located, "git") if located is not None else (None, [])
            a = meta.approved if meta is not None else None
            self._records[parts[0]] = (a.by, str(a.on), a.text, a.covers or "") if a is not None else None
        return self._records[parts[0]]

    def _parts(self, blob: str) -> tuple[str, str] | None:
        """(front matter as written, body), or None when the version has no front matter or was not read."""
        text = self._text.get(blob)
        lines = text.split("\n") if text is not None else []
        end = front_matter_end(lines)
        return ("\n".join(lines[1:end]), "\n".join(lines[end + 1 :])) if end is not None else None

    def _body_printed(self, blob: str, body: str) -> str:
        if blob not in self._body:
            self._body[blob] = fingerprint(None, body)  # no fields: the body alone
        return self._body[blob]

    def _printed(self, front: str) -> str | None:
        """The fingerprint of the printed fields of this front matter, read as `load` reads it; None if it
        would not load."""
        if front not in self._front:
            located, _, _, _ = split_front_matter(f"---\n{front}\n---\n", "git")
            meta, _ = validate(FrontMatter, located, "git") if located is not None else (None, [])
            self._front[front] = fingerprint(meta, "") if meta is not None else None
        return self._front[front]

    def differ(self, before: str, after: str) -> bool | None:
        """Whether the two versions print differently; None when that cannot be told (one would not load)."""
        old, new = self._parts(before), self._parts(after)
        if old is None or new is None:
            return None
        if self._body_printed(before, old[1]) != self._body_printed(after, new[1]):
            return True  # the body changed
        if old[0] == new[0]:
            return False  # the same body and the same front matter, byte for byte
        printed_before, printed_after = self._printed(old[0]), self._printed(new[0])
        if printed_before is None or printed_after is None:
            return None
        return printed_before != printed_after


def read_blobs(repo: Repo, blobs: list[str]) -> dict[str, bytes]:
    """Blob id -> its bytes, for every id given, from ONE `git cat-file --batch` (a missing blob is left out)."""
    if not blobs:
        return {}
    proc = repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
    out, _ = proc.proc.communicate(("\n".join(blobs) + "\n").encode("ascii"))
    found: dict[str, bytes] = {}
    at = 0
    for blob in blobs:  # each answer: "<id> blob <size>\n<bytes>\n", or "<id> missing\n"
        eol = out.find(b"\n", at)
        if eol < 0:
            break
        header = out[at:eol].split()
        at = eol + 1
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            found[blob] = out[at : at + size]
            at += size + 1
    return found
