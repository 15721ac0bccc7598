"""Plain text from model blocks: for word counts and for pasting into online forms."""

from __future__ import annotations

import textwrap
import threading
from collections.abc import Iterable, Mapping, Sequence

from pipeline import model as m
from pipeline.load.labels import LABELS
from pipeline.model import Visitor

COUNTING_RULE = LABELS["en"]["counting_rule"]  # stated in every language the labels have


def count_words(text: str) -> int:
    """Words as Word and online forms count them: runs of characters without a space (COUNTING_RULE)."""
    return len(text.split())


def form_value(text: str) -> str:
    """The text as a browser submits it from a form's box: every line break as CR LF (the HTML standard's
    form submission), whatever the file had (LF, CR LF, a lone CR)."""
    return "\r\n".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def count_chars(text: str) -> int:
    """Characters as a web form counts them (COUNTING_RULE): UTF-16 code units, JavaScript's `length` and
    the unit of `maxlength`, of the text as the browser submits it, so each line break is two (CR LF), an
    emoji or a letter outside the Basic Multilingual Plane two, a flag four, and a combining accent one
    more than the letter it sits on. The count is never below what the form counts or receives."""
    return len(form_value(text).encode("utf-16-le")) // 2


_TEXTS: dict[tuple[object, ...], tuple[m.Block, str]] = {}  # PlainText._kept
TEXTS_KEPT = 100_000
_texts_lock = threading.Lock()


class PlainText(Visitor):
    """Renders blocks as plain text: paragraphs split by blank lines, lists with - and 1., quotes in quotation marks."""

    def __init__(self, width: int = 0, content_note: str = "Content note", renumber: bool = False) -> None:
        self.width = width  # 0 = do not wrap (online forms wrap for themselves)
        self.content_note = content_note  # the label, in the response's language
        # renumber: footnotes numbered 1, 2... in the order this text refers to them (one pasted answer)
        self.notes: dict[int, int] | None = {} if renumber else None

    KEEPS = True  # each block's text is kept (`_kept`); a subclass keeps only when it says so itself
    _refs = 0  # footnote references written so far: a block that wrote one is not kept (renumbering has state)

    def blocks(self, blocks: Iterable[m.Block]) -> str:
        keeps = type(self).__dict__.get("KEEPS", False)
        return "\n\n".join(t for t in (self._kept(b) if keeps else self.visit(b) for b in blocks) if t)

    def _kept(self, b: m.Block) -> str:
        """A block's text, kept by the block itself (blocks are frozen all the way down) and how it is written
        (this visitor's class, width and label): word counts, the length of evidence and the answers export walk
        the same blocks many times, and in `serve` a contribution's blocks are the same objects from save to save."""
        key = (id(b), type(self), self.width, self.content_note)
        found = _TEXTS.get(key)
        if found is not None and found[0] is b:
            return found[1]
        refs = self._refs
        out: str = self.visit(b)
        if self._refs == refs:
            with _texts_lock:
                _TEXTS[key] = (b, out)
                while len(_TEXTS) > TEXTS_KEPT:
                    _TEXTS.pop(next(iter(_TEXTS)))
        return out

    def inlines(self, nodes: Iterable[m.Inline]) -> str:
        return "".join(self.visit(n) for n in nodes)

    def _wrap(self, text: str, indent: str = "") -> str:
        if not self.width:
            return "\n".join(indent + line for line in text.split("\n"))
        return "\n".join(
            textwrap.fill(line, self.width, initial_indent=indent, subsequent_indent=indent)
            for line in text.split("\n")
        )

    # inline
    def visit_Text(self, n: m.Text) -> str:
        return n.text

    def visit_Strong(self, n: m.Strong) -> str:
        return self.inlines(n.children)

    def visit_Emphasis(self, n: m.Emphasis) -> str:
        return self.inlines(n.children)

    def visit_Code(self, n: m.Code) -> str:
        return n.text

    def visit_Link(self, n: m.Link) -> str:
        text = self.inlines(n.children)
        return text if text == n.href or n.href == f"mailto:{text}" else f"{text} ({n.href})"

    def visit_LineBreak(self, n: m.LineBreak) -> str:
        return "\n"

    def visit_Image(self, n: m.Image) -> str:
        return f"[Image: {n.alt}]"

    def visit_FootnoteRef(self, n: m.FootnoteRef) -> str:
        self._refs += 1
        if self.notes is None:
            return f"[{n.number}]"
        return f"[{self.notes.setdefault(n.number, len(self.notes) + 1)}]"

    # blocks
    def visit_Paragraph(self, n: m.Paragraph) -> str:
        return self._wrap(self.inlines(n.children))

    def visit_Heading(self, n: m.Heading) -> str:
        return self.inlines(n.children)

    def _items(self, items: Iterable[m.ListItem], marks: Iterable[str]) -> str:
        lines = []
        for mark, item in zip(marks, items, strict=False):
            body = self.blocks(item.blocks)
            pad = " " * (len(mark) + 1)
            lines.append(f"{mark} " + body.replace("\n", "\n" + pad))
        return "\n".join(lines)

    def visit_BulletList(self, n: m.BulletList) -> str:
        return self._items(n.items, ["-"] * len(n.items))

    def visit_OrderedList(self, n: m.OrderedList) -> str:
        return self._items(n.items, [f"{n.start + k}." for k in range(len(n.items))])

    def visit_Quote(self, n: m.Quote) -> str:
        return f"“{self.blocks(n.blocks)}”"

    def visit_LivedQuote(self, n: m.LivedQuote) -> str:
        text = f"“{self.blocks(n.blocks)}”"
        return f"{text}\n— {n.attribution}" if n.attribution else text

    def visit_TableCell(self, n: m.TableCell) -> str:
        return self.inlines(n.children)

    def visit_Table(self, n: m.Table) -> str:
        """Readable lines, one a row, each cell after its column's heading: `Session: Workshop; Hours: 2.5`."""
        heads = [self.visit(c).strip() for c in n.header]
        if not n.rows:
            return "; ".join(h for h in heads if h)
        lines = []
        for row in n.rows:
            cells = [self.visit(c).strip() for c in row]
            pairs = [f"{h}: {c}" if h else c for h, c in zip(heads + [""] * len(cells), cells, strict=False) if c]
            lines.append("; ".join(pairs))
        return "\n".join(lines)

    def visit_CodeBlock(self, n: m.CodeBlock) -> str:
        return n.text

    def visit_ThematicBreak(self, n: m.ThematicBreak) -> str:
        return "* * *"

    def visit_ContentNote(self, n: m.ContentNote) -> str:
        return f"{self.content_note}: {n.text}"


def answer_text(blocks: Iterable[m.Block], footnotes: Mapping[int, Sequence[m.Block]]) -> str:
    """Exactly what is pasted into a form's box for one answer, and what its words and characters count:
    the answer without its content note (that is ours, not part of the answer), tables as readable
    lines, and its own footnotes straight after it, numbered from 1 in the order it refers to them."""
    text = PlainText(renumber=True)
    body = text.blocks(b for b in blocks if not isinstance(b, m.ContentNote))
    assert text.notes is not None
    notes: list[str] = []
    while len(notes) < len(text.notes):  # a footnote may refer to another: each is added once
        number = list(text.notes)[len(notes)]
        notes.append(f"[{text.notes[number]}] {text.blocks(footnotes.get(number, ()))}")
    return "\n\n".join(p for p in (body.strip(), "\n".join(notes).strip()) if p)


def content_notes(blocks: Iterable[m.Block]) -> list[str]:
    """The content notes of an answer: shown beside the text to paste, never inside it."""
    return [b.text for b in blocks if isinstance(b, m.ContentNote)]
