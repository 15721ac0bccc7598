"""Write text as Markdown that says only what the text says: escaping, emphasis, links, tables."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# characters that start inline Markdown (our parser: CommonMark, tables, footnotes; no raw HTML)
_INLINE = re.compile(r"([\\`*_\[\]<>|&!])")
# what would start a block at the beginning of a line: heading, quote, list, rule, setext underline, indent code
_BLOCK_START = re.compile(r"^(\s*)([#>+=~-]|\d+(?=[.)]))")


def escape(text: str) -> str:
    return _INLINE.sub(r"\\\1", text)


def escape_line_start(line: str) -> str:
    """Keep a line that looks like Markdown block syntax as plain text."""
    line = line.lstrip()
    match = _BLOCK_START.match(line)
    if not match:
        return line
    marker = match.group(2)
    if marker.isdigit():  # "1. " would start a list: escape the dot instead
        return marker + "\\" + line[len(marker) :]
    return "\\" + line


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


def _emphasis(text: str, bold: bool, italic: bool) -> str:
    core = text.strip()
    if not core:
        return text
    marker = "*" * ((2 if bold else 0) + (1 if italic else 0))
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{escape(core)}{marker}{trail}" if marker else escape(text)


def _merge(spans: Sequence[Span]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if not s.text:
            continue
        if out and (out[-1].bold, out[-1].italic, out[-1].href) == (s.bold, s.italic, s.href):
            out[-1] = Span(out[-1].text + s.text, s.bold, s.italic, s.href)
        else:
            out.append(s)
    return out


def link_destination(url: str) -> str:
    url = url.strip().replace("<", "%3C").replace(">", "%3E")
    return f"<{url}>" if re.search(r"[\s()]", url) else url


def inline(spans: Sequence[Span]) -> str:
    """Spans as one paragraph of Markdown; a line break inside becomes a hard break."""
    merged = _merge(spans)
    parts: list[str] = []
    i = 0
    while i < len(merged):
        href = merged[i].href
        group = [merged[i]]
        while i + 1 < len(merged) and merged[i + 1].href == href:
            i += 1
            group.append(merged[i])
        text = "".join(_emphasis(s.text, s.bold, s.italic) for s in group)
        if href and text.strip():
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            text = f"{lead}[{text.strip()}]({link_destination(href)}){trail}"
        parts.append(text)
        i += 1
    lines = "".join(parts).replace("\t", " ").split("\n")
    lines = [re.sub(r" {2,}", " ", ln).strip() for ln in lines]
    lines = [escape_line_start(ln) for ln in lines if ln]
    return "\\\n".join(lines)


def table(rows: Sequence[Sequence[str]]) -> str:
    """A GFM pipe table; the first row is its header, as Word has no other way to say so."""
    width = max(len(r) for r in rows)

    def line(cells: Sequence[str]) -> str:
        padded = [c.replace("\\\n", " ").replace("\n", " ") for c in cells] + [""] * (width - len(cells))
        return "| " + " | ".join(padded) + " |"

    return "\n".join([line(rows[0]), "|" + "---|" * width, *(line(r) for r in rows[1:])])


@dataclass(frozen=True)
class Block:
    """One block of Markdown made from a document, Word's or LibreOffice's alike."""

    markdown: str
    words: str  # the inline text alone, for table cells and notes
    list_depth: int = -1  # -1: not a list item
    marker: str = ""


class TableWalker:
    """What the Word and LibreOffice walkers share for a table: a table inside a table is counted
    (its words are taken into the cell, and the report says so), and a table left blank is dropped."""

    in_table: int
    found: Any  # the walker's findings; this counts `found.nested_tables`

    def table_rows(self, element: Any) -> list[list[str]]:
        raise NotImplementedError  # each walker reads its own format's rows

    def table_block(self, element: Any) -> Block | None:
        if self.in_table:
            self.found.nested_tables += 1
        self.in_table += 1
        try:
            rows = self.table_rows(element)
        finally:
            self.in_table -= 1
        if not any(any(cells) for cells in rows):
            return None
        return Block(table(rows), " ".join(c for cells in rows for c in cells if c))


def join_blocks(blocks: Sequence[Block]) -> str:
    """Blank lines between blocks; items of one list on consecutive lines, so the list stays tight."""
    out: list[str] = []
    for i, b in enumerate(blocks):
        if i:
            before = blocks[i - 1]
            same_list = b.list_depth >= 0 and before.list_depth >= 0 and (b.list_depth or b.marker == before.marker)
            out.append("\n" if same_list else "\n\n")
        out.append(b.markdown)
    return "".join(out)
