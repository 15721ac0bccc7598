"""Whether a file is one already taken in: the same words, however the file was saved again.

A cloud drive re-saves a document with new bytes (its own metadata, a new zip) and a sync client
that meets two edits keeps both, naming one a copy: `x (1).docx` (Google Drive), `x-DESKTOP-AB12CD3.docx`
(OneDrive), `x (conflicted copy 2026-11-20).docx` (Dropbox, Nextcloud), `x.sync-conflict-20261120-101010-ABCDEFG.docx`
(Syncthing), `x - Copy.docx` (Windows). A file is the same as one taken in when its words are the same, so none is
taken in twice; a copy whose words differ is taken in, with a note saying which file it is a copy of. Only the
same file counts (its own name, or a copy's): another file with the same words, an .odt saved from the .docx
say, is taken in with a note, as two people may send the same words.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePosixPath

from pipeline.workflow.intake.reading import Reading

_COPY = re.compile(
    r"^(?P<stem>.+?)(?:"
    r"\s*\(\d{1,3}\)"  # x (1)
    r"|\s*\([^()]*conflict(?:ed)?\s+copy[^()]*\)"  # x (conflicted copy 2026-11-20), x (Ada's conflicted copy ...)
    r"|\s*\((?:copy|case conflict)(?:\s+\d+)?\)"  # x (copy), x (case conflict)
    r"|\s+-\s+copy(?:\s+\(\d+\))?"  # x - Copy, x - Copy (2)
    r"|\.sync-conflict-[\dA-Za-z-]+"  # Syncthing
    r"|-(?:DESKTOP|LAPTOP|PC)-[A-Z0-9]{3,}(?:-\d+)?"  # OneDrive adds the computer's name
    r")$",
    re.IGNORECASE,
)


def original_of(source: str) -> str | None:
    """For a sync client's copy (`answers/x (1).docx`), the path of the file it copies (`answers/x.docx`)."""
    path = PurePosixPath(source)
    match = _COPY.match(path.stem)
    if match is None or not match["stem"].strip():
        return None
    return str(path.with_name(match["stem"].rstrip() + path.suffix))


def family(source: str) -> str:
    """The file a source is, or is a sync client's copy of: equal for `x.docx` and `x (1).docx`."""
    return original_of(source) or source


def words_of(reading: Reading) -> str:
    """A fingerprint of what a file says (its text as read, and its pictures), not of how it was saved:
    Unicode forms and spacing do not count, so a re-save by another program gives the same one."""
    text = " ".join(unicodedata.normalize("NFC", reading.text).split())
    digest = hashlib.sha256(text.encode("utf-8"))
    for picture in reading.pictures:
        digest.update(hashlib.sha256(picture.data).digest())
    return "sha256:" + digest.hexdigest()
