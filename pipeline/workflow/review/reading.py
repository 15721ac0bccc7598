"""Read a reviewed Word file as Word shows it with and without its tracked changes.

Each paragraph of the body gives its provenance mark (the `_cp_` bookmark it sits in, if any), its text as
built (tracked insertions left out, tracked deletions kept), its text as the reviewer left it, and the
tracked changes in it, each with the author Word recorded. Comments come with their words, their author
and the text they are anchored to. XML is read with the intake's safe parser (no DTD, no network).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import CoproduceError, Problem
from pipeline.render.docx_marks import MARK
from pipeline.workflow.intake.refusal import Refused
from pipeline.workflow.intake.safe_xml import parse

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART = 50 * 1024 * 1024
# what each element that stands for text reads as (Word's no-break hyphen is a hyphen; a soft hyphen, nothing)
_TEXT = {
    f"{W}t": "",
    f"{W}delText": "",
    f"{W}tab": " ",
    f"{W}br": " ",
    f"{W}cr": " ",
    f"{W}noBreakHyphen": "-",
    f"{W}softHyphen": "",
}


@dataclass
class Change:
    """One tracked change: `old` deleted and `new` inserted, between `before` and `after` in the paragraph."""

    old: str
    new: str
    authors: list[str]
    before: str = ""
    after: str = ""


@dataclass
class Comment:
    cid: str
    author: str
    words: str
    anchored: str = ""
    mark: str | None = None  # the provenance mark of the paragraph it starts in
    paragraph: int = -1


@dataclass
class Para:
    mark: str | None  # the `_cp_<n>_<hash8>` bookmark it sits in
    original: str  # as it was before the tracked changes
    revised: str  # as the reviewer left it
    changes: list[Change] = field(default_factory=list)


@dataclass
class Reviewed:
    paragraphs: list[Para]
    comments: list[Comment]


def read_reviewed(path: Path, shown: str) -> Reviewed:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _not_word(shown, exc.strerror or str(exc)) from None
    return read_bytes(data, shown)


def read_bytes(data: bytes, shown: str = "the built Word file") -> Reviewed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {
                n: z.read(n)
                for n in ("word/document.xml", "word/comments.xml")
                if n in z.namelist() and z.getinfo(n).file_size <= MAX_PART
            }
    except (zipfile.BadZipFile, OSError) as exc:
        raise _not_word(shown, str(exc)) from None
    if "word/document.xml" not in parts:
        raise _not_word(shown, "it has no document part")
    try:
        body = parse(parts["word/document.xml"], "word/document.xml")
        comments = parse(parts["word/comments.xml"], "word/comments.xml") if "word/comments.xml" in parts else None
    except Refused as exc:
        raise CoproduceError(
            [Problem(shown, None, f"could not be read: {exc.message}", exc.fix, code="review.unreadable")]
        ) from None
    said = _comments(comments)
    return _walk(body, said)


def _not_word(shown: str, why: str) -> CoproduceError:
    return CoproduceError(
        [
            Problem(
                shown,
                None,
                f"is not a Word file ({why})",
                "give the .docx the reviewer sent back; save it as .docx in Word or LibreOffice if it is another kind",
                code="review.not-docx",
            )
        ]
    )


def _comments(root: Any) -> dict[str, Comment]:
    found: dict[str, Comment] = {}
    if root is None:
        return found
    for c in root.iter(f"{W}comment"):
        cid = c.get(f"{W}id", "")
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p")]
        found[cid] = Comment(cid, c.get(f"{W}author", ""), "\n".join(p for p in paragraphs if p).strip())
    return found


class _Walker:
    def __init__(self, said: dict[str, Comment]) -> None:
        self.said = said
        self.open_marks: dict[str, str] = {}  # bookmark id -> name, for the `_cp_` ones
        self.open_comments: set[str] = set()
        self.paragraphs: list[Para] = []
        self.segments: list[tuple[str, str, str]] | None = None  # (same|ins|del, text, author) of the paragraph
        self.mark: str | None = None
        self.p: Any = None

    def walk(self, body: Any) -> None:
        """Every element in document order: bookmarks and comment ranges may sit between paragraphs too."""
        for el in body.iter():
            tag = el.tag
            if tag == f"{W}p":
                self.finish()
                self.p, self.segments = el, []
                self.mark = self._latest()
            elif tag == f"{W}bookmarkStart" and MARK.match(el.get(f"{W}name", "")):
                self.open_marks[el.get(f"{W}id", "")] = el.get(f"{W}name", "")
                # begun before the paragraph's first text: the paragraph is this contribution's
                self.mark = el.get(f"{W}name") if not self.segments else (self.mark or el.get(f"{W}name"))
            elif tag == f"{W}bookmarkEnd":
                self.open_marks.pop(el.get(f"{W}id", ""), None)
            elif tag in (f"{W}commentRangeStart", f"{W}commentReference"):
                cid = el.get(f"{W}id", "")
                if tag == f"{W}commentRangeStart":
                    self.open_comments.add(cid)
                if cid in self.said and self.said[cid].paragraph < 0:
                    self.said[cid].paragraph = len(self.paragraphs)
                    self.said[cid].mark = self.mark
            elif tag == f"{W}commentRangeEnd":
                self.open_comments.discard(el.get(f"{W}id", ""))
            elif tag in _TEXT and self.segments is not None:
                text = (el.text or "") if tag in (f"{W}t", f"{W}delText") else _TEXT[tag]
                kind, author = _tracked(el, self.p)
                self.segments.append((kind, text, author))
                for cid in self.open_comments:
                    if cid in self.said and kind != "ins":
                        self.said[cid].anchored += text
        self.finish()

    def _latest(self) -> str | None:
        """The mark most recently begun: LibreOffice may leave one unclosed and begin it again further on."""
        return next(reversed(self.open_marks.values()), None)

    def finish(self) -> None:
        if self.segments is not None:
            self.paragraphs.append(_para(self.mark, self.segments))
        self.segments = None


def _tracked(el: Any, p: Any) -> tuple[str, str]:
    """Whether this text is a tracked insertion, deletion or neither, and by whom."""
    node = el.getparent()
    while node is not None and node is not p:
        if node.tag in (f"{W}ins", f"{W}moveTo"):
            return "ins", node.get(f"{W}author", "")
        if node.tag in (f"{W}del", f"{W}moveFrom"):
            return "del", node.get(f"{W}author", "")
        node = node.getparent()
    return "same", ""


CONTEXT = 40  # characters of unchanged text kept on each side of a change, to find its place again


def _para(mark: str | None, segments: list[tuple[str, str, str]]) -> Para:
    original = "".join(t for k, t, _ in segments if k != "ins")
    revised = "".join(t for k, t, _ in segments if k != "del")
    runs: list[str | Change] = []
    for kind, text, author in segments:
        if kind == "same":
            if runs and isinstance(runs[-1], str):
                runs[-1] += text
            else:
                runs.append(text)
            continue
        if not runs or not isinstance(runs[-1], Change):
            runs.append(Change("", "", []))
        change = runs[-1]
        assert isinstance(change, Change)
        if kind == "del":
            change.old += text
        else:
            change.new += text
        if author not in change.authors:
            change.authors.append(author)
    changes: list[Change] = []
    for i, run in enumerate(runs):
        if isinstance(run, Change):
            before, after = runs[i - 1] if i else "", runs[i + 1] if i + 1 < len(runs) else ""
            run.before = before[-CONTEXT:] if isinstance(before, str) else ""
            run.after = after[:CONTEXT] if isinstance(after, str) else ""
            changes.append(run)
    return Para(mark, original, revised, changes)


def _walk(root: Any, said: dict[str, Comment]) -> Reviewed:
    walker = _Walker(said)
    body = root.find(f"{W}body")
    if body is not None:
        walker.walk(body)
    return Reviewed(walker.paragraphs, list(said.values()))
