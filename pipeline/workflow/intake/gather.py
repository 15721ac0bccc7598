"""Reading the shared folder: which files to look at, and each one read and converted, or why not.

The shared folder is only read: each file is read once into memory, and the bytes that were checked are the
bytes that are converted, hashed and copied. Whatever goes wrong with one file, the others still come in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.workflow.intake import same
from pipeline.workflow.intake.docx_reader import read_docx
from pipeline.workflow.intake.header import Header, split_header
from pipeline.workflow.intake.odt_reader import read_odt
from pipeline.workflow.intake.reading import Reading
from pipeline.workflow.intake.record import Entry
from pipeline.workflow.intake.refusal import Refused
from pipeline.workflow.intake.text_reader import read_markdown, read_plain_text

MAX_TEXT_FILE = 5 * 1024 * 1024
MAX_WORD_FILE = 50 * 1024 * 1024
READERS: dict[str, Callable[[bytes], Reading]] = {
    ".docx": read_docx,
    ".odt": read_odt,
    ".fodt": read_odt,  # LibreOffice's flat (one XML file) form of .odt
    ".md": read_markdown,
    ".txt": read_plain_text,
}
DOCUMENTS = (".docx", ".odt", ".fodt")  # files whose lines are not the Markdown's lines
# things a sync client or an editor leaves behind, never a volunteer's work
IGNORED = re.compile(r"^(\..*|~\$.*|desktop\.ini|thumbs\.db|icon\r?)$", re.IGNORECASE)
WRONG_KIND = {
    ".docm": "it is a macro-enabled Word document, and macros are never taken in",
    ".dotm": "it is a macro-enabled Word template, and macros are never taken in",
    ".doc": "it is an old-style Word file (.doc)",
    ".ods": "it is a spreadsheet (.ods)",
    # no maintained pure-Python reader keeps an .rtf's footnotes, hides its hidden text and drops its tracked
    # deletions, and the one that comes nearest (striprtf) slows to minutes on a small hostile file
    ".rtf": "it is a Rich Text file (.rtf), which intake cannot read without losing footnotes or showing hidden text",
    ".pdf": "it is a PDF, which cannot be turned back into text reliably",
}
SAVE_AS = "save it as Word Document (.docx), or as plain text (.txt), and put that in the folder"

Status = Literal["taken in", "unsorted", "already", "refused"]


@dataclass
class Outcome:
    source: str  # path inside the shared folder, with /
    shown: str  # the file as the user would find it
    status: Status
    became: str = ""  # the contribution, as shown
    message: str = ""
    fix: str = ""
    line: int | None = None
    code: str = ""  # why it was refused, as a stable kind (docs/CODES.md)
    notes: list[str] = field(default_factory=list)
    earlier: Entry | None = None
    placed_by: str = ""  # what said where it goes and who wrote it, in words
    marked: list[str] = field(default_factory=list)  # what its comments and tracked changes say (reading.py)
    revision_of: str = ""  # the contribution it is a new version of, as shown (revision.py)
    changes: list[str] = field(default_factory=list)  # what the new version changed, word by word
    decided: str = ""  # a new version or a second answer, in words
    change: str = ""  # "separate" (a new version that could be its own) or "revision" (an answer that could be one)


@dataclass
class ReadFile:
    """A file read and converted, not yet matched to a response."""

    path: Path
    source: str
    shown: str
    data: bytes
    sha256: str
    folders: tuple[str, ...]  # the subfolders it was in, outermost first
    reading: Reading
    header: Header
    words: str = ""  # what it says, however it was saved (`same.words_of`)


def printable(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]", "?", text)


MOST_FOLDERS = 2  # shared/<person>/<question>/file: deeper than that is not looked in


def gather(shared: Path) -> tuple[list[tuple[Path, tuple[str, ...]]], list[Outcome]]:
    """The files to read, with the subfolders they were in; and what was found but cannot be read."""
    files: list[tuple[Path, tuple[str, ...]]] = []
    refused: list[Outcome] = []

    def look(folder: Path, folders: tuple[str, ...]) -> None:
        for entry in sorted(folder.iterdir()):
            if IGNORED.match(entry.name):
                continue
            if entry.is_symlink():
                if folders:
                    message = "it is a link, which intake does not look in"
                    refused.append(refused_outcome(entry, shared, message, "", code="intake.not-looked-in"))
                else:
                    what = "it is a link to somewhere else, so it was not followed"
                    refused.append(refused_outcome(entry, shared, what, SAVE_AS, code="intake.link"))
            elif entry.is_dir():
                if len(folders) < MOST_FOLDERS:
                    look(entry, (*folders, entry.name))
                else:
                    message = "it is a folder three folders deep, which intake does not look in"
                    refused.append(refused_outcome(entry, shared, message, "", code="intake.not-looked-in"))
            elif entry.is_file():
                files.append((entry, folders))

    look(shared, ())
    return files, refused


def refused_outcome(path: Path, shared: Path, message: str, fix: str, line: int | None = None, *, code: str) -> Outcome:
    source = printable(path.relative_to(shared).as_posix())
    return Outcome(source, printable(str(path)), "refused", message=message, fix=fix, line=line, code=code)


def read_one(path: Path, shared: Path, folders: tuple[str, ...]) -> ReadFile | Outcome:
    """The file read and converted, or why not; whatever goes wrong with one file, the others still come in."""
    try:
        return _read_one(path, shared, folders)
    except (OSError, ValueError, KeyError, IndexError, LookupError, TypeError, AttributeError, RecursionError) as exc:
        kind = {".docx": "Word document", ".odt": "OpenDocument text"}.get(path.suffix.lower(), "file")
        return refused_outcome(
            path,
            shared,
            f"it could not be read as a {kind} ({type(exc).__name__}), so it was skipped",
            "open it and save it again (as Word Document (.docx), or as plain text), then put that in the folder",
            code="intake.unreadable",
        )


def _read_one(path: Path, shared: Path, folders: tuple[str, ...]) -> ReadFile | Outcome:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        what = WRONG_KIND.get(
            suffix, f"intake takes in .docx, .odt, .md and .txt files, not {suffix or 'files with no ending'}"
        )
        return refused_outcome(path, shared, what, SAVE_AS, code="intake.wrong-kind")
    size = path.stat().st_size
    limit = MAX_WORD_FILE if suffix in DOCUMENTS else MAX_TEXT_FILE
    if size > limit:
        what = f"it is {size // (1024 * 1024)} MB, too big to be a written answer"
        return refused_outcome(path, shared, what, SAVE_AS, code="intake.too-large")
    data = path.read_bytes()
    try:
        reading = READERS[suffix](data)
    except Refused as exc:
        return refused_outcome(
            path, shared, exc.message, exc.fix, exc.line if suffix not in DOCUMENTS else None, code=exc.code
        )
    source = printable(path.relative_to(shared).as_posix())
    sha = hashlib.sha256(data).hexdigest()
    header = split_header(reading.text)
    return ReadFile(path, source, printable(str(path)), data, sha, folders, reading, header, same.words_of(reading))
