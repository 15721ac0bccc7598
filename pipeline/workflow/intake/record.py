"""`responses/<slug>/intake/record.yaml`: every file taken in, so none is taken in twice.

Files are known by their SHA-256 and by their words (`same.words_of`), not their name: a volunteer may
send the same name twice with new words, or the same words under a new name, and a cloud drive may save
the same words again as new bytes. A new version of a contribution (`revision.py`) is an entry of its own
with the same `became` and its `revision` number; each keeps its original (`copy`), its sha256, the sha256
of the text intake wrote (`wrote`, to know whether the text was changed in the workbench since) and where
that text is kept (`kept`, under intake/revisions/).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import CoproduceError, Problem
from pipeline.render.write import write_atomic

INTAKE_DIR = "intake"
RECORD_NAME = "record.yaml"
HEADING = (
    "# What coproduce intake took in from shared folders, and what each file became.\n"
    "# Files are matched by sha256, so a file is never taken in twice. The originals are beside this file.\n"
)


@dataclass(frozen=True)
class Entry:
    source: str  # the file's path inside the shared folder
    sha256: str
    taken_in: str  # ISO 8601, UTC
    copy: str  # the original, relative to the response folder
    became: str  # the contribution's file name
    notes: list[str] = field(default_factory=list)
    words: str = ""  # what it says (`same.words_of`), so a copy saved again is known; "" in older records
    wrote: str = ""  # sha256 of the text intake wrote (`revision.body_sha`), to know if it was changed since
    revision: int = 0  # 2, 3, ... when it is a new version of the contribution `became` (0: the first)
    kept: str = ""  # a revision's text as intake wrote it, relative to the response folder


@dataclass
class Record:
    path: Path
    entries: list[Entry] = field(default_factory=list)

    def find(
        self, sha256: str, words: str = "", family: Callable[[str], str] | None = None, source: str = ""
    ) -> Entry | None:
        """The entry of the same bytes; or else, with `family`, of the same words in the same file saved again
        (the same `family(source)`: its own name, or a sync client's copy of it)."""
        same = next((e for e in self.entries if e.sha256 == sha256), None)
        if same or not words or family is None:
            return same
        return next((e for e in self.entries if e.words == words and family(e.source) == family(source)), None)

    def same_words(self, words: str) -> Entry | None:
        return next((e for e in self.entries if words and e.words == words), None)

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self.save()

    def moved(self, old: str, new: str) -> None:
        """A contribution that was `old` (like unsorted/notes-intake.md) is now `new`."""
        if any(e.became == old for e in self.entries):
            self.entries = [replace(e, became=new) if e.became == old else e for e in self.entries]
            self.save()

    def replace_entry(self, old: Entry, new: Entry) -> None:
        self.entries = [new if e is old else e for e in self.entries]
        self.save()

    def save(self) -> None:
        data = {"taken_in": [_plain(e) for e in self.entries]}
        text = HEADING + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        write_atomic(self.path, text.encode("utf-8"))


def _plain(entry: Entry) -> dict[str, Any]:
    data = asdict(entry)
    for key in ("notes", "words", "wrote", "revision", "kept"):
        if not data[key]:
            del data[key]
    return data


def record_path(response_dir: Path) -> Path:
    return response_dir / INTAKE_DIR / RECORD_NAME


def load_record(response_dir: Path, shown: str) -> Record:
    """The record of `response_dir`; a damaged one stops the run, as taking files in twice is worse."""
    path = record_path(response_dir)
    if not path.is_file():
        return Record(path)
    fix = "fix it by hand (each entry needs source, sha256, taken_in, copy and became), or restore it from git"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = [Entry(**e) for e in data.get("taken_in") or []]
    except (yaml.YAMLError, UnicodeDecodeError, TypeError, AttributeError) as exc:
        problem = Problem(shown, None, f"the intake record cannot be read ({exc})", fix, code="intake.bad-record")
        raise CoproduceError([problem]) from None
    return Record(path, entries)
