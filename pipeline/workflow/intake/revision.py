"""Whether a file is a volunteer's new version of an answer intake took in before, and what changed.

A file is a revision of an earlier contribution when the same person wrote it for the same place (question or
section) and either its name says so (the earlier file's name with "v2", "final", "(2)", "revised", "updated"
and the like added) or its words are mostly the same: at least `SIMILAR` of them in the same order, as
`difflib.SequenceMatcher` counts the two texts' words folded the one way names are compared
(`privacy.normalise.fold`: Word's smart quotes, invisible characters, case and accents do not count).
Anything else by the same person for the same place is a second answer, taken in as its own contribution.

Only contributions intake wrote are candidates (their file is in the intake record). A contribution changed in
the workbench since intake last wrote it is never overwritten: the new version is taken in beside it, and the
coordinator is told to merge the two by hand.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.privacy.normalise import fold
from pipeline.workflow.intake import same
from pipeline.workflow.intake.record import INTAKE_DIR, Entry, Record

SIMILAR = 0.6  # the share of words, in order, two texts must have in common to be versions of one answer
REVISIONS_DIR = "revisions"  # under intake/: the text of each revision as intake wrote it
_MARK = r"(?:\(\d+\)|v(?:ersion)?[\s_.-]*\d+|final|revised|revision|updated|update|edited|latest|new|amended)"
_MARKS = re.compile(rf"(?:[\s_.-]*{_MARK})+$", re.IGNORECASE)
_MOST_CHANGES = 6
_MOST_WORDS = 12


def base_name(source: str) -> str:
    """A file's name without its ending and the words that say it is a new version: "q3 answer v2 final.docx"
    and "Q3_answer (2).odt" are both "q3 answer"."""
    stem = PurePosixPath(same.family(source)).stem
    stem = _MARKS.sub("", stem)
    return " ".join(re.sub(r"[\s_.-]+", " ", stem).lower().split())


def says_version(source: str) -> bool:
    """Whether a file's name has a version mark: "v2", "final", "(2)", "revised", "updated" and the like."""
    return bool(_MARKS.search(PurePosixPath(source).stem))


def name_says(source: str, earlier: str) -> bool:
    """Whether `source`'s name says it is a new version of `earlier`'s: the same name with a version mark."""
    if same.family(source) == same.family(earlier) and PurePosixPath(source).suffix == PurePosixPath(earlier).suffix:
        # the same file saved again with new words, or "x (2).docx" beside "x.docx", says so; a sync client's
        # conflicted copy says only that two edits met
        return source == earlier or bool(re.search(r"\(\d+\)$", PurePosixPath(source).stem))
    marked = says_version(source) or source.rsplit("/", 1)[-1] == earlier.rsplit("/", 1)[-1]
    return marked and bool(base_name(source)) and base_name(source) == base_name(earlier)


def _keys(text: str) -> list[str]:
    return fold(text).split()


def similarity(old: str, new: str) -> float:
    """The share of words the two texts have in common in order (0 to 1), Word's punctuation folded away."""
    a, b = _keys(old), _keys(new)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _shown(words: list[str]) -> str:
    cut = words[:_MOST_WORDS]
    return "\u201c" + " ".join(cut) + (" …" if len(words) > _MOST_WORDS else "") + "\u201d"


def word_diff(old: str, new: str) -> list[str]:
    """What changed from `old` to `new`, word by word, in a few short lines a coordinator can read."""
    a, b = old.split(), new.split()
    ka, kb = [" ".join(fold(w).split()) for w in a], [" ".join(fold(w).split()) for w in b]
    lines: list[str] = []
    changes = [op for op in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes() if op[0] != "equal"]
    for tag, i1, i2, j1, j2 in changes[:_MOST_CHANGES]:
        if tag == "replace":
            lines.append(f"{_shown(a[i1:i2])} \u2192 {_shown(b[j1:j2])}")
        elif tag == "delete":
            lines.append(f"taken out: {_shown(a[i1:i2])}")
        else:
            lines.append(f"added: {_shown(b[j1:j2])}")
    if len(changes) > _MOST_CHANGES:
        lines.append(f"and {len(changes) - _MOST_CHANGES} more changes")
    return lines or ["no change to the words (only how they are laid out)"]


def body_sha(body: str) -> str:
    """What a contribution's text is, for knowing whether someone changed it since intake wrote it."""
    return hashlib.sha256(body.strip("\n").encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Earlier:
    """A contribution intake wrote for the same person and place: its file, its text now, and its last entry."""

    path: Path
    name: str  # relative to the response folder
    body: str
    entry: Entry  # the last revision taken in
    revision: int  # how many revisions it has had (1 for the first)
    edited: bool  # changed since intake last wrote it (or not known: a record from before revisions were kept)
    sources: tuple[str, ...] = ()  # the files each revision was taken in from


@dataclass(frozen=True)
class Decision:
    """What intake decided about a file by the same person for the same place as an earlier contribution."""

    earlier: Earlier
    revision: bool
    share: float  # how much of the words are the same
    by_name: bool  # its name says it is a new version


def revisions_of(record: Record, name: str) -> list[Entry]:
    """The entries of the file `name` (relative to the response folder), in order taken in."""
    return [e for e in record.entries if e.became == name]


def decide(earlier: list[Earlier], source: str, body: str) -> Decision | None:
    """The revision, or the second answer, a file is: the earlier contribution it is closest to."""
    if not earlier:
        return None
    scored = []
    for e in earlier:
        by_name = any(name_says(source, entry_source) for entry_source in _sources(e))
        scored.append(Decision(e, False, similarity(e.body, body), by_name))
    best = max(scored, key=lambda d: (d.by_name, d.share, d.earlier.name))
    return Decision(best.earlier, best.by_name or best.share >= SIMILAR, best.share, best.by_name)


def _sources(e: Earlier) -> tuple[str, ...]:
    return e.sources or (e.entry.source,)


def kept_path(response_dir: Path, name: str, revision: int) -> Path:
    """Where the text of a revision of contribution `name` is kept: intake/revisions/<its stem>/r<N>.md."""
    return response_dir / INTAKE_DIR / REVISIONS_DIR / PurePosixPath(name).stem / f"r{revision}.md"
