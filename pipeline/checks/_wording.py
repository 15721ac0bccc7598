"""What the checks of wording (language.py, plain_english.py) share: which printed words
are someone else's, and where a stretch of printed text was written.

Both read `printed_texts()`, never the Markdown. Two things a `Printed` does not say
are taken from the model here: which blocks sit inside a block quote (quoted words,
lived-experience or not, are never edited), and where inline code falls in a
paragraph's text (`code` is not prose).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pipeline import model as m
from pipeline.assemble.printed import Printed, SourceLines
from pipeline.privacy.normalise import fold

CODE = "\0"  # stands for each character of inline code: neither a word nor a space, so nothing matches across it


@dataclass
class Wording:
    quoted: set[m.Source] = field(default_factory=set)  # blocks inside a block quote
    # (block, printed text) -> the same text with inline code replaced by CODE, character for character
    masks: dict[tuple[m.Source, str], str] = field(default_factory=dict)

    def prose(self, printed: Printed) -> str:
        """`printed.text` with inline code masked out (same length, so positions agree)."""
        return self.masks.get((printed.source, printed.text), printed.text)


def _inline(nodes: Iterable[m.Inline]) -> tuple[str, str]:
    """(text, masked): the text as printed.py joins it, and that text with inline code masked."""
    text: list[str] = []
    masked: list[str] = []
    for n in nodes:
        if isinstance(n, m.Text):
            text.append(n.text)
            masked.append(n.text)
        elif isinstance(n, m.Code):
            text.append(n.text)
            masked.append(CODE * len(n.text))
        elif isinstance(n, m.Strong | m.Emphasis | m.Link):
            t, k = _inline(n.children)
            text.append(t)
            masked.append(k)
        elif isinstance(n, m.LineBreak):
            text.append("\n")
            masked.append("\n")
    return "".join(text), "".join(masked)


def _walk(blocks: Iterable[m.Block], into: Wording, quoted: bool = False) -> None:
    for b in blocks:
        if quoted:
            into.quoted.add(b.source)
        rows: Iterable[Iterable[m.Inline]] = ()
        if isinstance(b, m.Paragraph | m.Heading):
            rows = (b.children,)
        elif isinstance(b, m.Table):
            rows = (cell.children for row in (b.header, *b.rows) for cell in row)
        elif isinstance(b, m.BulletList | m.OrderedList):
            for item in b.items:
                _walk(item.blocks, into, quoted)
        elif isinstance(b, m.Quote | m.LivedQuote):
            _walk(b.blocks, into, True)
        for children in rows:
            text, masked = _inline(children)
            if text == masked:
                continue
            key = (b.source, text)
            if (other := into.masks.get(key)) is not None:  # the same words twice in one table: mask both ways
                masked = "".join(a if a == o else CODE for a, o in zip(masked, other, strict=True))
            into.masks[key] = masked


_LAST: list[tuple[m.Document, Wording]] = []  # the last document asked about: both wording checks ask of it


def wording(doc: m.Document) -> Wording:
    """Which blocks are quoted and where inline code is, for `doc` (worked out once for the same document: it is
    frozen, and language.py and plain_english.py read, never change, what they are given)."""
    last = _LAST[-1] if _LAST else None
    if last is not None and last[0] is doc:
        return last[1]
    found = _wording(doc)
    _LAST[:] = [(doc, found)]
    return found


def _wording(doc: m.Document) -> Wording:
    found = Wording()
    for section in doc.sections:
        _walk(section.blocks, found)
        for answer in section.answers:
            _walk(answer.blocks, found)
    for note in doc.footnotes:
        _walk(note.blocks, found)
    return found


Place = Callable[[int, int], tuple[int, int]]


def placed(texts: Iterable[Printed], lines: SourceLines) -> Iterator[tuple[Printed, Place]]:
    """Each printed text with a function that gives the file line and column where
    `printed.text[start:end]` was written.

    The words are found in the block's source by their folded form and how many times
    they were printed before in that block (the cells of a table share its source)."""
    earlier: dict[m.Source, list[str]] = {}
    for printed in texts:
        before = earlier.setdefault(printed.source, [])
        yield printed, _placer(lines, printed, before, len(before))
        before.append(printed.text)


def _placer(lines: SourceLines, printed: Printed, before: list[str], count: int) -> Place:
    def place(start: int, end: int) -> tuple[int, int]:
        phrase = fold(printed.text[start:end])
        if phrase == " ":
            return printed.source.line, 1
        head = " ".join([*before[:count], printed.text[:start]])
        at = len(fold(head)) - 1  # where the phrase starts in the folded text, at its leading space
        folded = fold(f"{head}{printed.text[start:]}")
        nth, found = 0, folded.find(phrase)
        while 0 <= found < at:
            nth += 1
            found = folded.find(phrase, found + 1)
        return lines.locate(printed.source, phrase, nth)

    return place
