"""Turn a Word document into Markdown, walking its XML in order.

python-docx gives styles, run formatting and relationships, but skips runs
inside tracked insertions, so the body is walked here. Tracked changes are
taken as if accepted (inserted and moved-to text kept, deleted and moved-from
text dropped). Hidden text is never taken in, only counted. Text boxes are
taken in after the paragraph they are anchored to, and footnotes and endnotes
become Markdown footnotes. Pictures are taken in with their alt text
(`pictures.py` cleans and places them). Comments, shapes, charts and odd links
are left out. All of these are counted in `Reading.notes` so the coordinator
hears about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.rel import Relationships
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from pipeline.vocabulary import LINK_SCHEMES
from pipeline.workflow.intake.docx_elements import (
    ALTERNATE,
    CONTAINERS,
    DRAWINGS,
    MATH,
    NOTE_REFS,
    SKIPPED,
    Found,
    alt_text,
    boxes_in,
    branch_of,
    coordinator_notes,
    equation,
    has_drop_cap,
    heading_level,
    images_in,
    is_quote,
    nearest,
    numbering,
    plain_words,
    run_text,
    tracked_changes,
    w_val,
)
from pipeline.workflow.intake.docx_hidden import HiddenText, says_hidden
from pipeline.workflow.intake.docx_package import open_docx
from pipeline.workflow.intake.inline_marks import LIST_INDENT, RAISED, SUBSCRIPT, SUPERSCRIPT, note_mark, numbered_notes
from pipeline.workflow.intake.markdown_text import Block, Span, TableWalker, inline, join_blocks
from pipeline.workflow.intake.marks import marked
from pipeline.workflow.intake.pictures import Pictures
from pipeline.workflow.intake.reading import Reading, plural
from pipeline.workflow.intake.refusal import Refused


@dataclass(frozen=True)
class _Notes:
    """The footnotes or endnotes part: its own relationships (for links) and its notes by id."""

    rels: Relationships
    notes: dict[str, etree._Element]


class _Walker(TableWalker):
    def __init__(self, document: Document) -> None:
        self.document = document
        self.part = document.part
        self.rels = self.part.rels  # links are read from the document's relationships, or a notes part's
        self.found = Found()
        self.pictures = Pictures()
        # (numId, ilvl) -> whose count a list level goes on: lists made from one abstract list share it in
        # Word, unless the list restarts the level (w:lvlOverride)
        self.list_keys: dict[tuple[str, str], str] = {}
        self.numbering = self._numbering()
        self.hidden = HiddenText(document.styles.element)
        self.note_parts = {
            "footnote": self._notes(RT.FOOTNOTES, "w:footnote"),
            "endnote": self._notes(RT.ENDNOTES, "w:endnote"),
        }
        self.referred: list[tuple[str, str]] = []  # (kind, id) of each note referred to, in order
        self.pending: list[etree._Element] = []  # text boxes met in the paragraph being read
        self.list_depth = -1
        self.counters: dict[tuple[str, int], int] = {}  # (list key, level) -> the last number given
        self.list_ids: dict[int, str] = {}  # depth -> the numId of the list item last read at that depth
        self.delimiters: dict[int, str] = {}  # depth -> "." or ")", switched to part two lists that touch
        self.drop_cap: list[Span] = []  # a drop cap's letter, joined to the paragraph after it
        self.in_table = 0

    # ------------------------------------------------------------ lookups

    def _numbering(self) -> dict[tuple[str, str], tuple[str, int]]:
        return numbering(self.part, self.list_keys)

    def _notes(self, reltype: str, tag: str) -> _Notes:
        try:
            part = self.part.part_related_by(reltype)
        except KeyError:
            return _Notes(self.part.rels, {})
        # already checked by the hardened parser; python-docx's parser gives its element classes
        root = parse_xml(part.blob)
        # separator and continuation notes are the line above the notes, not words
        notes = {n.get(qn("w:id")) or "": n for n in root.iter(qn(tag)) if n.get(qn("w:type"), "normal") == "normal"}
        return _Notes(part.rels, notes)

    # ------------------------------------------------------------ blocks

    def blocks(self, container: etree._Element) -> Iterator[Block]:
        for child in container:
            if child.tag == qn("w:p"):
                block = self.paragraph(child)
                self.list_depth = block.list_depth if block else self.list_depth
                boxes, self.pending = self.pending, []
                if block:
                    yield block
                for box in boxes:  # a text box's paragraphs follow the paragraph it is anchored to
                    yield from self.blocks(box)
            elif child.tag == qn("w:tbl"):
                yield from self.lone_drop_cap()
                self.list_depth = -1
                if (tbl := self.table_block(child)) is not None:
                    yield tbl
            elif child.tag in CONTAINERS:
                yield from self.blocks(child)
            elif child.tag == ALTERNATE and (branch := branch_of(child)) is not None:
                yield from self.blocks(branch)

    def lone_drop_cap(self) -> Iterator[Block]:
        """A drop cap with no paragraph after it to join: its letters are kept as a paragraph of their own."""
        spans, self.drop_cap = self.drop_cap, []
        text = inline(spans)
        if text:
            yield Block(text, text)

    def paragraph(self, p: etree._Element) -> Block | None:
        para = Paragraph(p, self.document)
        spans = list(self.spans(p, para, None))
        self.found.hidden.append("\n")
        if has_drop_cap(p):  # a large first letter in a frame of its own: it belongs to the next paragraph's word
            self.drop_cap.extend(spans)
            return None
        spans, self.drop_cap = [*self.drop_cap, *spans], []
        text = inline(spans)
        if not text:
            return None
        style = para.style
        level = heading_level(style, p)
        if level:
            words = text.replace("\\\n", " ")
            return Block("#" * level + " " + words, words)
        numbering = self._list_format(p, style)
        if numbering:
            depth, fmt, number, num_id = numbering
            depth = min(depth, self.list_depth + 1)  # a list cannot start deeper than one level in
            before = self.list_ids.get(depth) if depth <= self.list_depth else None
            self.list_ids[depth] = "" if fmt in ("bullet", "none") else num_id
            if fmt in ("bullet", "none"):
                return Block(LIST_INDENT * depth + "- " + text, text, depth, "-")
            if before and before != num_id:  # another list straight after: Markdown needs 1) for 1.
                self.delimiters[depth] = "." if self.delimiters.get(depth, ".") == ")" else ")"
            marker = "1" + self.delimiters.get(depth, ".")
            # within a Markdown list only its first number counts; a list that goes on after a paragraph
            # keeps its number, as Markdown starts an ordered list at its first number
            shown = marker if before == num_id or number < 1 else f"{min(number, 999_999_999)}{marker[1]}"
            return Block(LIST_INDENT * depth + shown + " " + text, text, depth, marker)
        if is_quote(style):
            return Block("> " + text.replace("\n", "\n> "), text)
        return Block(text, text)

    def _list_format(self, p: etree._Element, style: BaseStyle | None) -> tuple[int, str, int, str] | None:
        """The item's depth, number format, number (counted as Word counts, across paragraphs) and list."""
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        while num_pr is None and style is not None:  # numbering may come from the style or its base
            num_pr = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            style = style.base_style if isinstance(style, ParagraphStyle) else None
        if num_pr is None:
            return None
        num_id = w_val(num_pr.find(qn("w:numId")))
        ilvl = w_val(num_pr.find(qn("w:ilvl"))) or "0"
        if not num_id or num_id == "0":  # numId 0 switches numbering off
            return None
        fmt, start = self.numbering.get((num_id, ilvl), ("bullet", 1))
        depth = min(int(ilvl), 8) if ilvl.isdigit() else 0
        key = self.list_keys.get((num_id, ilvl), f"num {num_id}")
        number = self.counters.get((key, depth), start - 1) + 1
        self.counters[(key, depth)] = number
        deeper = {self.list_keys.get((num_id, str(d)), f"num {num_id}") for d in range(depth + 1, 9)}
        for old in [k for k in self.counters if k[0] in deeper and k[1] > depth]:
            del self.counters[old]  # a deeper level starts again under each item
        return depth, fmt, number, key

    def table_rows(self, tbl: etree._Element) -> list[list[str]]:
        rows = []
        for tr in tbl.iter(qn("w:tr")):
            if nearest(tr, qn("w:tbl")) is not tbl:
                continue  # a nested table's row: read with its cell
            if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None:
                continue  # a deleted row, taken as accepted
            cells: list[str] = []
            for tc in tr.iter(qn("w:tc")):
                if nearest(tc, qn("w:tr")) is not tr:
                    continue
                cells.append(" ".join(b.words for b in self.blocks(tc)))
                span = w_val(tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}"))
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
                target, dropped = self._link(child)
                inner = list(self.spans(child, para, target))
                if dropped and any(s.text.strip() for s in inner):  # a hidden link's address is not shown either
                    self.found.dropped_links.append(dropped)
                yield from inner
            elif tag in DRAWINGS:
                yield Span(self._drawing(child), href=href)
            elif tag == MATH + "oMath":
                self.found.equations += 1
                for mr in child.iter(MATH + "r"):
                    if says_hidden(mr.find(qn("w:rPr"))):
                        self.found.hidden.append(" " + "".join(t.text or "" for t in mr.iter(MATH + "t")) + " ")
                yield Span(" " + equation(child).strip() + " ", href=href)
            else:  # w:ins, w:moveTo, w:smartTag, w:fldSimple, w:sdt, w:customXml, ...
                yield from self.spans(child, para, href)

    def run(self, r: etree._Element, para: Paragraph, href: str | None) -> Iterator[Span]:
        if self.hidden.run(r):
            self._hide(r)
            return
        run = Run(r, para)
        style = run.style
        bold = run.bold if run.bold is not None else bool(style is not None and style.font.bold)
        italic = run.italic if run.italic is not None else bool(style is not None and style.font.italic)
        font, style_font = run.font, style.font if style is not None else None

        def said(name: str) -> bool:
            value = getattr(font, name)
            return bool(value if value is not None else style_font is not None and getattr(style_font, name))

        raised = SUPERSCRIPT if said("superscript") else SUBSCRIPT if said("subscript") else None
        if raised is None:  # raised or lowered by a number of half-points, as LibreOffice writes <sup> and <sub>
            position = w_val(r.find(f"{qn('w:rPr')}/{qn('w:position')}")) or ""
            shift = int(position) if re.fullmatch(r"-?\d{1,6}", position) else 0
            raised = SUPERSCRIPT if shift > 0 else SUBSCRIPT if shift < 0 else None
        struck = said("strike") or said("double_strike")

        def span(words: str) -> Span:
            if struck:
                self.found.struck += len(words.split())
            if raised is not None and words.strip():
                if set(words) <= RAISED:
                    words = words.translate(raised)
                else:
                    self.found.raised += 1
            return Span(words, bold=bold, italic=italic, href=href)

        text: list[str] = []
        for child in r:  # in order: a note's mark sits between the words around it
            if child.tag in NOTE_REFS:
                yield span("".join(text))
                text = []
                yield self._note_mark(NOTE_REFS[child.tag], child.get(qn("w:id")) or "")
            elif child.tag in DRAWINGS:
                text.append(self._drawing(child))
            else:
                text.append(run_text(child))
        self.found.hidden.append("\n")
        yield span("".join(text))

    def _hide(self, r: etree._Element) -> None:
        """Count a hidden run's words, with those of any note or text box it holds; take in none of them."""
        words: list[str] = []
        for child in r:
            if child.tag in NOTE_REFS:
                note = self.note_parts[NOTE_REFS[child.tag]].notes.get(child.get(qn("w:id")) or "")
                words.append(f" {plain_words(note)} " if note is not None else "")
            elif child.tag in DRAWINGS:
                words.extend(f" {plain_words(box)} " for box in boxes_in(child))
            else:
                words.append(run_text(child))
        self.found.hidden.append("".join(words))

    def _drawing(self, el: etree._Element) -> str:
        """Text boxes kept for after the paragraph; pictures taken in, their marks returned; shapes counted."""
        boxes = boxes_in(el)
        if boxes:
            self.found.text_boxes += 1
            self.found.walked.extend(boxes)
            self.pending.extend(boxes)
            return ""
        images = images_in(el)
        if not images:
            self.found.pictures += 1
        return "".join(self._picture(image) for image in images)

    def _picture(self, image: etree._Element) -> str:
        """The mark of one picture (a:blip or v:imagedata), taken from this part's own relationships."""
        rid = image.get(qn("r:embed")) or image.get(qn("r:id")) or image.get(qn("r:link")) or ""
        rel = self.rels.get(rid) if rid else None
        if rel is None or rel.is_external:  # a linked picture is never fetched
            target = rel.target_ref if rel is not None else "a picture"
            self.pictures.skipped.append(
                f"{target.replace(chr(92), '/').rsplit('/', 1)[-1]} is linked, not in the file"
            )
            return ""
        part = rel.target_part
        return self.pictures.take(part.blob, str(part.partname), alt_text(image))

    def _link(self, hyperlink: etree._Element) -> tuple[str | None, str | None]:
        """The link to keep, or None; and the address of a link left out, if any."""
        rid = hyperlink.get(qn("r:id"))
        if not rid or rid not in self.rels:
            return None, None  # a link to a place inside the document: keep the words only
        target = self.rels[rid].target_ref.strip()
        if target.split(":", 1)[0].lower() in LINK_SCHEMES and ":" in target:
            return target, None
        return None, target

    def _note_mark(self, kind: str, note_id: str) -> Span:
        if note_id not in self.note_parts[kind].notes:
            return Span("")  # a mark with no note: there are no words to keep
        key = (kind, note_id)
        if key not in self.referred:
            self.referred.append(key)
        return Span(note_mark(self.referred.index(key)))

    def note_texts(self) -> list[str]:
        """The text of each note referred to, on one line, in `referred` order; a note may refer to more."""
        texts: list[str] = []
        while len(texts) < len(self.referred):
            kind, note_id = self.referred[len(texts)]
            part = self.note_parts[kind]
            note = part.notes[note_id]
            self.rels = part.rels  # a link in a note is one of its own part's relationships
            self.found.walked.append(note)
            texts.append(" ".join(b.words.replace("\\\n", " ") for b in self.blocks(note)))
        self.rels = self.part.rels
        return texts


def read_docx(data: bytes) -> Reading:
    package = open_docx(data)
    for ext in package.externals:
        if ext.active and ext.remote:
            raise Refused(
                f"it asks Word to load {ext.target} ({ext.kind}) from another computer when it is opened; "
                "that is how some attacks work, so it was not taken in and the address was not visited",
                "ask the writer to copy the text into a new document (or our template) and send that",
                code="intake.external-content",
            )
    document = package.document
    try:
        walker = _Walker(document)
        body = document.element.body
        blocks = [*walker.blocks(body), *walker.lone_drop_cap()]
        text, taken = numbered_notes(join_blocks(blocks), walker.referred, walker.note_texts())
        notes = coordinator_notes(document, package, walker.found, [body, *walker.found.walked], taken)
        notes += walker.pictures.notes()
        elsewhere = package.media - len(walker.pictures.kept) - len(walker.pictures.skipped)
        if elsewhere > 0 and not walker.pictures.kept and not walker.found.pictures:
            what = plural(elsewhere, "picture or file", "pictures or files")
            notes.append(f"it has {what} outside the text (in a page header, say): not taken in")
    except Exception as exc:  # a malformed body python-docx half-understands: refuse, never crash
        raise Refused(
            f"its text could not be read ({type(exc).__name__})",
            "open it in Word and save it again",
            code="intake.damaged",
        ) from None
    return Reading(text, notes, walker.pictures.kept, marked(document, tracked_changes([body, *walker.found.walked])))
