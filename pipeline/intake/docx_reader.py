"""Turn a Word document into Markdown, walking its XML in order.

python-docx gives styles, run formatting, run text and relationships, but skips
runs inside tracked insertions, so the body is walked here. Tracked changes are
taken as if accepted (inserted and moved-to text kept, deleted and moved-from
text dropped); comments, pictures and odd links are left out, and each is
counted in `Reading.notes` so the coordinator hears about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from .docx_package import Package, open_docx
from .markdown_text import LINK_SCHEMES, Span, inline, table
from .reading import Reading, plural
from .refusal import Refused

ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
# deleted and moved-away text is dropped: tracked changes are taken as accepted
SKIPPED = {qn(t) for t in ("w:del", "w:moveFrom", "w:pPr", "w:rPr", "w:instrText", "w:delText", "w:sectPr")}
PICTURES = {qn("w:drawing"), qn("w:pict"), qn("w:object"), ALTERNATE}  # text boxes and shapes are in ALTERNATE
CONTAINERS = {qn(t) for t in ("w:sdt", "w:sdtContent", "w:customXml", "w:ins", "w:moveTo")}
# changes to paragraph marks (inside w:rPr) are not counted: taking them changes no words
CHANGES = (
    ".//w:ins[not(parent::w:rPr)] | .//w:del[not(parent::w:rPr)] | .//w:moveFrom | .//w:moveTo"
    " | .//w:rPrChange | .//w:pPrChange"
)
QUOTE_STYLES = ("Quote", "Intense Quote")
LIST_INDENT = "   "  # 3 spaces: deep enough under "- " and "1. " alike


@dataclass
class _Found:
    pictures: int = 0
    dropped_links: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Block:
    markdown: str
    words: str  # the inline text alone, for table cells
    list_depth: int = -1  # -1: not a list item
    marker: str = ""


class _Walker:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.part = document.part
        self.found = _Found()
        self.numbering = self._numbering()
        self.footnote_xml = self._footnotes()
        self.list_depth = -1

    # ------------------------------------------------------------ lookups

    def _numbering(self) -> dict[tuple[str, str], str]:
        """(numId, ilvl) -> the level's number format: 'bullet', 'decimal', ..."""
        try:
            root = self.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return {}
        abstract = {
            a.get(qn("w:abstractNumId")): {lvl.get(qn("w:ilvl")): _format(lvl) for lvl in a.iter(qn("w:lvl"))}
            for a in root.iter(qn("w:abstractNum"))
        }
        formats: dict[tuple[str, str], str] = {}
        for num in root.iter(qn("w:num")):
            levels = dict(abstract.get(_val(num.find(qn("w:abstractNumId"))), {}))
            for override in num.iter(qn("w:lvlOverride")):
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[override.get(qn("w:ilvl"))] = _format(lvl)
            for ilvl, fmt in levels.items():
                formats[(num.get(qn("w:numId")) or "", ilvl or "0")] = fmt
        return formats

    def _footnotes(self) -> dict[str, etree._Element]:
        try:
            part = self.part.part_related_by(RT.FOOTNOTES)
        except KeyError:
            return {}
        # already checked by the hardened parser; python-docx's parser gives its element classes
        root = parse_xml(part.blob)
        return {n.get(qn("w:id")) or "": n for n in root.iter(qn("w:footnote")) if not n.get(qn("w:type"))}

    # ------------------------------------------------------------ blocks

    def blocks(self, container: etree._Element) -> Iterator[_Block]:
        for child in container:
            if child.tag == qn("w:p"):
                block = self.paragraph(child)
                self.list_depth = block.list_depth if block else self.list_depth
                if block:
                    yield block
            elif child.tag == qn("w:tbl"):
                self.list_depth = -1
                rows = self.table_rows(child)
                if any(any(cells) for cells in rows):
                    yield _Block(table(rows), " ".join(c for cells in rows for c in cells if c))
            elif child.tag in CONTAINERS:
                yield from self.blocks(child)

    def paragraph(self, p: etree._Element) -> _Block | None:
        para = Paragraph(p, self.document)  # type: ignore[arg-type]
        text = inline(list(self.spans(p, para, None)))
        if not text:
            return None
        style = para.style
        level = _heading_level(style, p)
        if level:
            words = text.replace("\\\n", " ")
            return _Block("#" * level + " " + words, words)
        numbering = self._list_format(p, style)
        if numbering:
            depth, fmt = numbering
            depth = min(depth, self.list_depth + 1)  # a list cannot start deeper than one level in
            marker = "-" if fmt in ("bullet", "none") else "1."
            return _Block(LIST_INDENT * depth + marker + " " + text, text, depth, marker)
        if style is not None and style.name in QUOTE_STYLES:
            return _Block("> " + text.replace("\n", "\n> "), text)
        return _Block(text, text)

    def _list_format(self, p: etree._Element, style: BaseStyle | None) -> tuple[int, str] | None:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        while num_pr is None and style is not None:  # numbering may come from the style or its base
            num_pr = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            style = style.base_style if isinstance(style, ParagraphStyle) else None
        if num_pr is None:
            return None
        num_id = _val(num_pr.find(qn("w:numId")))
        ilvl = _val(num_pr.find(qn("w:ilvl"))) or "0"
        if not num_id or num_id == "0":  # numId 0 switches numbering off
            return None
        fmt = self.numbering.get((num_id, ilvl), "bullet")
        return (min(int(ilvl), 8) if ilvl.isdigit() else 0), fmt

    def table_rows(self, tbl: etree._Element) -> list[list[str]]:
        rows = []
        for tr in tbl.iter(qn("w:tr")):
            if _nearest(tr, qn("w:tbl")) is not tbl:
                continue  # a nested table's row: read with its cell
            if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None:
                continue  # a deleted row, taken as accepted
            cells: list[str] = []
            for tc in tr.iter(qn("w:tc")):
                if _nearest(tc, qn("w:tr")) is not tr:
                    continue
                cells.append(" ".join(b.words for b in self.blocks(tc)))
                span = _val(tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}"))
                cells.extend([""] * (min(int(span), 64) - 1 if span and span.isdigit() else 0))
            self.list_depth = -1
            if cells:
                rows.append(cells)
        return rows

    # ------------------------------------------------------------ runs

    def spans(self, el: etree._Element, para: Paragraph, href: str | None) -> Iterator[Span]:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag == qn("w:r"):
                yield from self.run(child, para, href)
            elif tag == qn("w:hyperlink"):
                yield from self.spans(child, para, self._link(child))
            elif tag in PICTURES:
                self.found.pictures += 1
            else:  # w:ins, w:moveTo, w:smartTag, w:fldSimple, w:sdt, w:customXml, ...
                yield from self.spans(child, para, href)

    def run(self, r: etree._Element, para: Paragraph, href: str | None) -> Iterator[Span]:
        for child in r:
            if child.tag in PICTURES:
                self.found.pictures += 1
            elif child.tag == qn("w:footnoteReference"):
                yield Span(self._footnote(child.get(qn("w:id")) or "", para))
        run = Run(r, para)  # type: ignore[arg-type]
        style = run.style
        bold = run.bold if run.bold is not None else bool(style is not None and style.font.bold)
        italic = run.italic if run.italic is not None else bool(style is not None and style.font.italic)
        yield Span(run.text, bold=bold, italic=italic, href=href)

    def _link(self, hyperlink: etree._Element) -> str | None:
        rid = hyperlink.get(qn("r:id"))
        if not rid or rid not in self.part.rels:
            return None  # a link to a place inside the document: keep the words only
        target = self.part.rels[rid].target_ref.strip()
        if target.split(":", 1)[0].lower() in LINK_SCHEMES and ":" in target:
            return target
        self.found.dropped_links.append(target)
        return None

    def _footnote(self, note_id: str, para: Paragraph) -> str:
        note = self.footnote_xml.pop(note_id, None)  # pop: a footnote cannot refer to itself forever
        if note is None:
            return ""
        paragraphs = (inline(list(self.spans(p, para, None))) for p in note.iter(qn("w:p")))
        self.found.footnotes.append(" ".join(t.replace("\\\n", " ") for t in paragraphs if t))
        return f"[^{len(self.found.footnotes)}]"


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(qn("w:val"))


def _format(lvl: etree._Element) -> str:
    return _val(lvl.find(qn("w:numFmt"))) or "decimal"


def _nearest(el: etree._Element, tag: str) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _heading_level(style: BaseStyle | None, p: etree._Element) -> int:
    outline = _val(p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}"))
    if outline and outline.isdigit() and int(outline) < 9:
        return min(int(outline) + 1, 6)
    name = (style.name if style is not None else "") or ""
    if name == "Title":
        return 1
    match = re.fullmatch(r"(?i)heading\s*(\d)", name)
    return min(int(match.group(1)), 6) if match else 0


def _join(blocks: list[_Block]) -> str:
    """Blank lines between blocks; items of one list on consecutive lines, so the list stays tight."""
    out: list[str] = []
    for i, b in enumerate(blocks):
        if i:
            before = blocks[i - 1]
            same_list = b.list_depth >= 0 and before.list_depth >= 0 and (b.list_depth or b.marker == before.marker)
            out.append("\n" if same_list else "\n\n")
        out.append(b.markdown)
    return "".join(out)


def read_docx(data: bytes) -> Reading:
    package = open_docx(data)
    for ext in package.externals:
        if ext.active and ext.remote:
            raise Refused(
                f"it asks Word to load {ext.target} ({ext.kind}) from another computer when it is opened; "
                "that is how some attacks work, so it was not taken in and the address was not visited",
                "ask the writer to copy the text into a new document (or our template) and send that",
            )
    document = package.document
    body = document.element.body
    walker = _Walker(document)
    try:
        blocks = list(walker.blocks(body))
    except Exception as exc:  # a malformed body python-docx half-understands: refuse, never crash
        raise Refused(
            f"its text could not be read ({type(exc).__name__})", "open it in Word and save it again"
        ) from None
    text = _join(blocks)
    found = walker.found
    if found.footnotes:
        text += "\n\n" + "\n".join(f"[^{i}]: {t}" for i, t in enumerate(found.footnotes, 1))
    return Reading(text, _notes(document, package, found, body))


def _notes(document: Document, package: Package, found: _Found, body: etree._Element) -> list[str]:
    notes: list[str] = []
    comments = len(document.comments)
    changes = len(body.xpath(CHANGES))  # python-docx elements know the w: prefix
    if comments or changes:
        what = " and ".join(x for x in (plural(comments, "comment"), plural(changes, "tracked change")) if x)
        done = [
            x
            for x, n in (
                ("took the text as if every change were accepted", changes),
                ("left the comments out", comments),
            )
            if n
        ]
        fix = "accept or reject the changes in Word and send it again" if changes else "read them in the original"
        notes.append(f"it has {what}: we {' and '.join(done)}; if that is not right, {fix}")
    pictures = found.pictures or package.media
    if pictures:
        what = plural(pictures, "picture or shape", "pictures or shapes")
        notes.append(f"it has {what}: pictures are not taken in; add them by hand with alt text")
    for target in found.dropped_links:
        notes.append(f"the link to {target} was left out (only web and e-mail links are kept); its words are kept")
    for ext in package.externals:
        notes.append(f"it refers to {ext.target} ({ext.kind}) outside the file; that was not opened or fetched")
    return notes
