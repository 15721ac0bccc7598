"""Plain text from model blocks: for word counts and for pasting into online forms."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from pipeline import model as m
from pipeline.model import Visitor

WORD = re.compile(r"[\w’'][\w’'.-]*")


def count_words(text: str) -> int:
    """Words as an online form counts them: runs of letters and digits, with inner apostrophes and hyphens."""
    return len(WORD.findall(text))


class PlainText(Visitor):
    """Renders blocks as plain text: paragraphs split by blank lines, lists with - and 1., quotes in quotation marks."""

    def __init__(self, width: int = 0, content_note: str = "Content note") -> None:
        self.width = width  # 0 = do not wrap (online forms wrap for themselves)
        self.content_note = content_note  # the label, in the response's language

    def blocks(self, blocks: Iterable[m.Block]) -> str:
        return "\n\n".join(t for t in (self.visit(b) for b in blocks) if t)

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
        return f"[{n.number}]"

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
        rows = [n.header, *n.rows]
        return "\n".join(" | ".join(self.visit(c) for c in row) for row in rows)

    def visit_CodeBlock(self, n: m.CodeBlock) -> str:
        return n.text

    def visit_ThematicBreak(self, n: m.ThematicBreak) -> str:
        return "* * *"

    def visit_ContentNote(self, n: m.ContentNote) -> str:
        return f"{self.content_note}: {n.text}"


def words_in(blocks: Iterable[m.Block]) -> int:
    """Words an online form would count; a content note is ours, not part of the answer."""
    return count_words(PlainText().blocks(b for b in blocks if not isinstance(b, m.ContentNote)))
