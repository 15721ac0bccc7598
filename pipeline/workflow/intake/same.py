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
import unicodedata
from pathlib import PurePosixPath

from pipeline.load.sync_copies import original_name
from pipeline.workflow.intake.reading import Reading


def original_of(source: str) -> str | None:
    """For a sync client's copy (`answers/x (1).docx`), the path of the file it copies (`answers/x.docx`).

    The names are the load stage's one rule (`load.sync_copies.original_name`)."""
    path = PurePosixPath(source)
    original = original_name(path.name)
    return None if original is None else str(path.with_name(original))


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
