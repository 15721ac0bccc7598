"""Turn an OpenDocument text file (.odt from LibreOffice, or its flat .fodt form) into Markdown.

The XML is read here with the hardened parser (`safe_xml`), walking the body in
order, as the Word reader does: no ODF library is needed for reading, and none
would be safer. Headings, paragraphs, bold and italic, lists (numbers going on
where the file says so), tables, links, text boxes and footnotes and endnotes
(as Markdown footnotes) are kept. Hidden text (hidden paragraphs, hidden text
fields, text or sections set not to display) is never taken in, only counted.
Pictures are taken in with their alt text (`pictures.py` cleans and places
them). Tracked changes are taken as accepted; comments, shapes and page headers
and footers are left out. Each is reported in `Reading.notes`. The file is opened by
`odt_package.py`; its styles and formulas are read by `odt_elements.py`.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator

from lxml import etree

from pipeline.vocabulary import LINK_SCHEMES
from pipeline.workflow.intake import safe_xml
from pipeline.workflow.intake.inline_marks import LIST_INDENT, RAISED, SUBSCRIPT, SUPERSCRIPT, note_mark, numbered_notes
from pipeline.workflow.intake.markdown_text import Block, Span, TableWalker, inline, join_blocks
from pipeline.workflow.intake.marks import odt_marked
from pipeline.workflow.intake.odt_elements import (
    Found,
    child_text,
    coordinator_notes,
    creators,
    mathml_text,
    plain_words,
    read_styles,
)
from pipeline.workflow.intake.odt_package import DRAW, MATHML, OFFICE, SAVE_AS_ODT, SVG, TABLE, TEXT, XLINK, open_odt
from pipeline.workflow.intake.pictures import Pictures
from pipeline.workflow.intake.reading import Reading
from pipeline.workflow.intake.refusal import Refused

HIDDEN_FIX = (
    "hidden text was not taken in: if it should be part of the answer, "
    "show it in LibreOffice (Format, Character, untick Hidden) and drop the file in again"
)
QUOTE_STYLES = ("Quotations", "Quote", "Intense Quote", "Block Text")
# elements whose words are never text: what was deleted, comments, the index of changes, fields' settings
SKIPPED = {
    TEXT + "tracked-changes",
    OFFICE + "annotation",
    OFFICE + "annotation-end",
    TEXT + "note-citation",
    TEXT + "sequence-decls",
    TEXT + "variable-decls",
    TEXT + "user-field-decls",
    TEXT + "soft-page-break",
    TEXT + "bookmark",
    TEXT + "bookmark-start",
    TEXT + "bookmark-end",
    TEXT + "table-of-content",
    OFFICE + "forms",
}


class _Walker(TableWalker):
    def __init__(
        self, content: etree._Element, styles: etree._Element | None, part: Callable[[str], bytes | None]
    ) -> None:
        self.styles, self.lists = read_styles(content, styles)
        self.found = Found()
        self.part = part  # a file inside the package by its name, or None
        self.pictures = Pictures()
        self.referred: list[tuple[str, str]] = []
        self.notes: dict[tuple[str, str], etree._Element] = {}
        self.pending: list[etree._Element] = []
        self.counters: dict[tuple[str, int], int] = {}  # (list style, depth) -> last number
        self.in_table = 0
        # deletions LibreOffice marks in the text (change-start .. change-end) with the deleted words left
        # between the marks, as its flat .fodt does: taken as accepted, so the words between are dropped
        self.deletions = {
            region.get(TEXT + "id") or ""
            for region in content.iter(TEXT + "changed-region")
            if region.find(TEXT + "deletion") is not None
        } - {""}
        self.deleting: set[str] = set()  # the deletions open where the walk is

    # ------------------------------------------------------------ styles

    def _says(self, family: str, name: str, what: str) -> bool | str | None:
        seen: set[str] = set()
        while name and name not in seen:
            seen.add(name)
            style = self.styles.get((family, name))
            if style is None:
                return None
            value = getattr(style, what)
            if value is not None:
                return value  # type: ignore[no-any-return]
            name = style.parent
        return None

    def hidden(self, el: etree._Element, family: str) -> bool:
        name = el.get(TEXT + "style-name") or ""
        return bool(self._says(family, name, "hidden"))

    def _paragraph_style(self, el: etree._Element) -> tuple[str, int]:
        """The paragraph style's display name along its parents, and the outline level it gives."""
        name, seen = el.get(TEXT + "style-name") or "", set()
        display, outline = "", 0
        while name and name not in seen:
            seen.add(name)
            style = self.styles.get(("paragraph", name))
            if style is None:
                break
            display = display if display in QUOTE_STYLES else style.display
            outline = outline or style.outline
            name = style.parent
        return display, outline

    # ------------------------------------------------------------ blocks

    def blocks(self, container: etree._Element, depth: int = -1, list_style: str = "") -> Iterator[Block]:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag in (TEXT + "p", TEXT + "h"):
                block = self.paragraph(child)
                boxes, self.pending = self.pending, []
                if block:
                    yield block
                for box in boxes:
                    yield from self.blocks(box)
            elif tag == TEXT + "list":
                yield from self.items(child, depth + 1, list_style)
            elif tag == TABLE + "table":
                if (tbl := self.table_block(child)) is not None:
                    yield tbl
            elif tag == TEXT + "section" and (
                (child.get(TEXT + "display") or "true") != "true" or child.get(TEXT + "is-hidden") == "true"
            ):
                self.found.hidden += len(plain_words(child).split())
            else:  # text:section, table:table-header-rows, ... hold blocks of their own
                yield from self.blocks(child, depth, list_style)

    def paragraph(self, el: etree._Element) -> Block | None:
        hidden_mark = next(el.iter(TEXT + "hidden-paragraph"), None)
        if self.hidden(el, "paragraph") or hidden_mark is not None:
            self.found.hidden += len(plain_words(el).split())
            return None
        text = inline(list(self.spans(el, {}, None)))
        if not text:
            return None
        display, outline = self._paragraph_style(el)
        level = el.get(TEXT + "outline-level") or ""
        if el.tag == TEXT + "h" or outline:
            depth = int(level) if level.isdigit() else outline or 1
            words = text.replace("\\\n", " ")
            return Block("#" * min(max(depth, 1), 6) + " " + words, words)
        if display in QUOTE_STYLES:
            return Block("> " + text.replace("\n", "\n> "), text)
        return Block(text, text)

    def items(self, el: etree._Element, depth: int, style: str) -> Iterator[Block]:
        style = el.get(TEXT + "style-name") or style
        levels = self.lists.get(style, [])
        numbered, first_number = levels[min(depth, len(levels) - 1)] if levels else (False, 1)
        key = (style, depth)
        if el.get(TEXT + "continue-numbering") != "true" and not el.get(TEXT + "continue-list"):
            self.counters.pop(key, None)
        first = True
        for list_item in el:
            if list_item.tag not in (TEXT + "list-item", TEXT + "list-header"):
                continue
            start = list_item.get(TEXT + "start-value") or ""
            number = int(start) if start.isdigit() else self.counters.get(key, first_number - 1) + 1
            if list_item.tag == TEXT + "list-item":
                self.counters[key] = number
            for key_deeper in [k for k in self.counters if k[0] == style and k[1] > depth]:
                del self.counters[key_deeper]
            lead = True
            for block in self.blocks(list_item, depth, style):
                if block.list_depth >= 0 or not lead:
                    if block.list_depth < 0:  # a second paragraph in one item: indented under it
                        block = Block(LIST_INDENT * (depth + 1) + block.markdown, block.words, depth, "-")
                    yield block
                    continue
                lead = False
                marker = "1." if numbered else "-"
                shown = f"{min(number, 999_999_999)}." if numbered and first and number != 1 else marker
                first = False
                body = block.markdown.replace("\n", "\n" + LIST_INDENT * (depth + 1))
                yield Block(LIST_INDENT * depth + shown + " " + body, block.words, depth, marker)

    def table_rows(self, tbl: etree._Element) -> list[list[str]]:
        rows: list[list[str]] = []
        for tr in tbl.iter(TABLE + "table-row"):
            if next(tr.iterancestors(TABLE + "table")) is not tbl:
                continue
            cells: list[str] = []
            for tc in tr:
                if tc.tag == TABLE + "covered-table-cell":
                    cells.append("")
                elif tc.tag == TABLE + "table-cell":
                    repeat = tc.get(TABLE + "number-columns-repeated") or "1"
                    words = " ".join(b.words for b in self.blocks(tc))
                    # a repeated cell is how ODF writes empty cells to the row's end: repeat only empty ones
                    cells.extend([words] + ([""] * min(int(repeat) - 1, 64) if repeat.isdigit() and not words else []))
            while cells and not cells[-1] and len(cells) > 1:
                cells.pop()
            if cells:
                rows.append(cells)
        width = max((len(r) for r in rows), default=0)
        return [r + [""] * (width - len(r)) for r in rows]

    # ------------------------------------------------------------ inline

    def spans(self, el: etree._Element, style: dict[str, bool], href: str | None) -> Iterator[Span]:
        if el.text:
            yield self._span(el.text, style, href)
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and tag not in SKIPPED:
                yield from self._inline(child, style, href)
            elif tag == OFFICE + "annotation":
                self.found.comments += 1
                self.found.people.update(creators(child))
            if child.tail:
                yield self._span(child.tail, style, href)

    def _span(self, text: str, style: dict[str, bool], href: str | None) -> Span:
        if self.deleting:
            return Span("")
        text = re.sub(r"[ \t\r\n]+", " ", text)  # ODF's white space is one space; text:s, text:tab say more
        if style.get("struck"):
            self.found.struck += len(text.split())
        raised = SUPERSCRIPT if style.get("super") else SUBSCRIPT if style.get("sub") else None
        if raised is not None and text.strip():
            if set(text) <= RAISED:
                text = text.translate(raised)
            else:
                self.found.raised += 1
        return Span(text, bold=style.get("bold", False), italic=style.get("italic", False), href=href)

    def _inline(self, child: etree._Element, style: dict[str, bool], href: str | None) -> Iterator[Span]:
        tag = child.tag
        if tag in (TEXT + "change-start", TEXT + "change-end"):
            self._mark_change(child)
            return
        if self.deleting:  # inside a deletion: nothing is taken in, but a deletion may end inside
            for mark in child.iter(TEXT + "change-start", TEXT + "change-end"):
                self._mark_change(mark)
            return
        if tag == TEXT + "span":
            if self.hidden(child, "text"):
                self.found.hidden += len(plain_words(child).split())
                return
            name = child.get(TEXT + "style-name") or ""
            inner = dict(style)
            for what in ("bold", "italic", "struck"):
                said = self._says("text", name, what)
                if said is not None:
                    inner[what] = bool(said)
            position = self._says("text", name, "raised")
            if position is not None:
                inner["super"], inner["sub"] = position == "super", position == "sub"
            yield from self.spans(child, inner, href)
        elif tag in (TEXT + "hidden-text", TEXT + "hidden-paragraph"):
            self.found.hidden += len(plain_words(child).split())
        elif tag == TEXT + "s":
            count = child.get(TEXT + "c") or "1"
            yield Span(" " * min(int(count) if count.isdigit() else 1, 8))
        elif tag == TEXT + "tab":
            yield Span("\t")
        elif tag == TEXT + "line-break":
            yield Span("\n")
        elif tag == TEXT + "a":
            target = (child.get(XLINK + "href") or "").strip()
            keep = target.split(":", 1)[0].lower() in LINK_SCHEMES and ":" in target
            linked = list(self.spans(child, style, target if keep else href))
            if target and not keep and not target.startswith("#") and any(s.text.strip() for s in linked):
                self.found.dropped_links.append(target)
            yield from linked
        elif tag == TEXT + "note":
            kind = "endnote" if child.get(TEXT + "note-class") == "endnote" else "footnote"
            key = (kind, str(len(self.notes)))
            body = child.find(TEXT + "note-body")
            if body is not None and plain_words(body).strip():
                self.notes[key] = body
                self.referred.append(key)
                yield Span(note_mark(len(self.referred) - 1))
        elif tag == TEXT + "change":
            return  # where a deletion was: what was deleted is kept apart, in text:tracked-changes
        elif tag == DRAW + "frame" or tag == DRAW + "a":
            boxes = list(child.iter(DRAW + "text-box"))
            if boxes:
                self.found.text_boxes += len(boxes)
                self.pending.extend(boxes)
            elif formulas := [f for o in child.iter(DRAW + "object") if (f := self._formula(o)) is not None]:
                self.found.equations += len(formulas)
                yield Span(" " + " ".join(formulas) + " ", href=href)
            elif frames := [f for f in child.iter(DRAW + "frame") if f.find(DRAW + "image") is not None]:
                yield Span("".join(self._picture(frame) for frame in frames), href=href)
            else:
                self.found.pictures += 1
        elif tag.startswith(DRAW):
            if next(child.iter(TEXT + "p"), None) is not None:
                self.found.text_boxes += 1
                self.pending.append(child)
        elif child.get(TEXT + "display") == "none" or child.get(TEXT + "is-hidden") == "true":
            self.found.hidden += len(plain_words(child).split())  # a field set not to show (text:display="none")
        else:  # fields, text:meta, text:ruby, ...: their words are what the reader sees
            yield from self.spans(child, style, href)

    def _mark_change(self, mark: etree._Element) -> None:
        change = mark.get(TEXT + "change-id") or ""
        if change in self.deletions:
            if mark.tag == TEXT + "change-start":
                self.deleting.add(change)
            else:
                self.deleting.discard(change)

    def _formula(self, obj: etree._Element) -> str | None:
        """An embedded formula (LibreOffice Math) as a line of text; None for any other kind of object."""
        math = obj.find(MATHML + "math")  # a flat .fodt holds the formula itself
        if math is None:
            href = (obj.get(XLINK + "href") or "").strip().removeprefix("./").rstrip("/")
            raw = self.part(f"{href}/content.xml") if href and not href.startswith(("/", "..")) else None
            if raw is None:
                return None
            try:
                math = safe_xml.parse(raw, f"{href}/content.xml")
            except Refused:
                return None
        if math.tag != MATHML + "math":
            return None
        return mathml_text(math).strip()

    def _picture(self, frame: etree._Element) -> str:
        """One frame's picture: a PNG, JPEG or GIF of its images if it has one (LibreOffice may add an SVG)."""
        images = frame.findall(DRAW + "image")
        usable = [i for i in images if re.search(r"\.(png|jpe?g|gif)$", i.get(XLINK + "href") or "", re.I)]
        image = (usable or images)[0]
        alt = child_text(frame, SVG + "desc") or child_text(frame, SVG + "title")
        href = (image.get(XLINK + "href") or "").strip()
        binary = image.find(OFFICE + "binary-data")
        if binary is not None:  # a flat .fodt holds its pictures in the XML, as base64
            try:
                raw: bytes | None = base64.b64decode("".join((binary.text or "").split()), validate=True)
            except (binascii.Error, ValueError):
                raw = b""
            return self.pictures.take(raw, href or "picture.png", alt)
        if not href or ":" in href.split("/", 1)[0] or href.startswith(("/", "..")):  # linked: never fetched
            self.pictures.skipped.append(f"{href.rsplit('/', 1)[-1] or 'a picture'} is linked, not in the file")
            return ""
        return self.pictures.take(self.part(href.removeprefix("./")), href, alt)

    def note_texts(self) -> list[str]:
        texts: list[str] = []
        while len(texts) < len(self.referred):
            body = self.notes[self.referred[len(texts)]]
            texts.append(" ".join(b.words.replace("\\\n", " ") for b in self.blocks(body)))
        return texts


def read_odt(data: bytes) -> Reading:
    content, styles, part = open_odt(data)
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    assert body is not None  # checked by check_kind
    try:
        walker = _Walker(content, styles, part)
        blocks = list(walker.blocks(body))
        text, taken = numbered_notes(join_blocks(blocks), walker.referred, walker.note_texts())
    except (ValueError, KeyError, IndexError, RecursionError) as exc:
        raise Refused(
            f"its text could not be read ({type(exc).__name__})", SAVE_AS_ODT, code="intake.damaged"
        ) from None
    found = walker.found
    regions = body.findall(f"{TEXT}tracked-changes/{TEXT}changed-region")
    found.changes = len(regions)
    for region in regions:
        found.people.update(creators(region))
    notes = coordinator_notes(found, taken, styles, HIDDEN_FIX) + walker.pictures.notes()
    return Reading(text, notes, walker.pictures.kept, odt_marked(body))
