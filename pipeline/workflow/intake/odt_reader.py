"""Turn an OpenDocument text file (.odt from LibreOffice, or its flat .fodt form) into Markdown.

The XML is read here with the hardened parser (`safe_xml`), walking the body in
order, as the Word reader does: no ODF library is needed for reading, and none
would be safer. Headings, paragraphs, bold and italic, lists (numbers going on
where the file says so), tables, links, text boxes and footnotes and endnotes
(as Markdown footnotes) are kept. Hidden text (hidden paragraphs, hidden text
fields, text or sections set not to display) is never taken in, only counted.
Pictures are taken in with their alt text (`pictures.py` cleans and places
them). Tracked changes are taken as accepted; comments, shapes and page headers
and footers are left out. Each is reported in `Reading.notes`.
"""

from __future__ import annotations

import base64
import binascii
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from pipeline.vocabulary import LINK_SCHEMES
from pipeline.workflow.intake import safe_xml
from pipeline.workflow.intake.docx_package import check_zip_directory
from pipeline.workflow.intake.inline_marks import LIST_INDENT, RAISED, SUBSCRIPT, SUPERSCRIPT, note_mark, numbered_notes
from pipeline.workflow.intake.markdown_text import Block, Span, TableWalker, inline, join_blocks
from pipeline.workflow.intake.marks import odt_marked
from pipeline.workflow.intake.pictures import Pictures
from pipeline.workflow.intake.reading import Changed, Reading, notes_on
from pipeline.workflow.intake.refusal import Refused

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
MATHML = "{http://www.w3.org/1998/Math/MathML}"
TEXT_MIME = "application/vnd.oasis.opendocument.text"
LIBRARY_LISTS = re.compile(r"(script|dialog)-l[bc]\.xml")  # the lists of an empty macro library
# the parts that hold the text, and the styles and page furniture (made so as not to look like a problem code)
CONTENT, STYLES = (f"{part}.xml" for part in ("content", "styles"))
SAVE_AS_ODT = "open it in LibreOffice and save it as ODF Text Document (.odt) or Word Document (.docx), then send that"
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


@dataclass(frozen=True)
class _Style:
    parent: str = ""
    bold: bool | None = None
    italic: bool | None = None
    hidden: bool | None = None
    raised: str | None = None  # "super" or "sub"
    struck: bool | None = None
    display: str = ""  # the style's display name, for quote styles
    outline: int = 0


@dataclass
class _Found:
    hidden: int = 0  # words
    text_boxes: int = 0
    pictures: int = 0  # shapes and frames with no picture in them, not taken in
    comments: int = 0
    changes: int = 0
    struck: int = 0
    raised: int = 0  # superscript or subscript spans with letters, kept as ordinary text
    nested_tables: int = 0
    equations: int = 0
    dropped_links: list[str] = field(default_factory=list)
    people: set[str] = field(default_factory=set)  # who commented or changed: counted, never named


def _raised(position: str) -> str | None:
    """ "super" or "sub" from style:text-position, which says so in words or as a percentage of the line."""
    first = (position.split() or [""])[0]
    if first in ("super", "sub"):
        return first
    number = first.removesuffix("%")
    try:
        value = float(number)
    except ValueError:
        return None
    return "super" if value > 0 else "sub" if value < 0 else None


def _styles(
    *roots: etree._Element | None,
) -> tuple[dict[tuple[str, str], _Style], dict[str, list[tuple[bool, int]]]]:
    """Every style by (family, name), and each list style's levels (numbered or not, and the first number)."""
    styles: dict[tuple[str, str], _Style] = {}
    lists: dict[str, list[tuple[bool, int]]] = {}
    for root in roots:
        if root is None:
            continue
        for s in root.iter(STYLE + "style"):
            props = s.find(STYLE + "text-properties")
            weight = None if props is None else props.get(FO + "font-weight")
            slant = None if props is None else props.get(FO + "font-style")
            display = None if props is None else props.get(TEXT + "display")
            position = (None if props is None else props.get(STYLE + "text-position")) or ""
            strike = None if props is None else props.get(STYLE + "text-line-through-style")
            outline = s.get(STYLE + "default-outline-level") or ""
            styles[(s.get(STYLE + "family") or "", s.get(STYLE + "name") or "")] = _Style(
                parent=s.get(STYLE + "parent-style-name") or "",
                bold=None if weight is None else weight in ("bold", "600", "700", "800", "900"),
                italic=None if slant is None else slant in ("italic", "oblique"),
                hidden=None if display is None else display != "true",
                raised=_raised(position),
                struck=None if strike is None else strike != "none",
                display=s.get(STYLE + "display-name") or s.get(STYLE + "name") or "",
                outline=int(outline) if outline.isdigit() else 0,
            )
        for ls in root.iter(TEXT + "list-style"):
            levels = sorted(
                (_digits(lvl.get(TEXT + "level"), 1), lvl.tag == TEXT + "list-level-style-number", _start(lvl))
                for lvl in ls
                if lvl.tag in (TEXT + "list-level-style-number", TEXT + "list-level-style-bullet")
            )
            lists[ls.get(STYLE + "name") or ""] = [(numbered, start) for _, numbered, start in levels]
    return styles, lists


class _Walker(TableWalker):
    def __init__(
        self, content: etree._Element, styles: etree._Element | None, part: Callable[[str], bytes | None]
    ) -> None:
        self.styles, self.lists = _styles(content, styles)
        self.found = _Found()
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
                self.found.hidden += len(_plain(child).split())
            else:  # text:section, table:table-header-rows, ... hold blocks of their own
                yield from self.blocks(child, depth, list_style)

    def paragraph(self, el: etree._Element) -> Block | None:
        hidden_mark = next(el.iter(TEXT + "hidden-paragraph"), None)
        if self.hidden(el, "paragraph") or hidden_mark is not None:
            self.found.hidden += len(_plain(el).split())
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
                self.found.people.update(_creators(child))
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
                self.found.hidden += len(_plain(child).split())
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
            self.found.hidden += len(_plain(child).split())
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
            if body is not None and _plain(body).strip():
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
            self.found.hidden += len(_plain(child).split())  # a field set not to show (text:display="none")
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
        return _mathml(math).strip()

    def _picture(self, frame: etree._Element) -> str:
        """One frame's picture: a PNG, JPEG or GIF of its images if it has one (LibreOffice may add an SVG)."""
        images = frame.findall(DRAW + "image")
        usable = [i for i in images if re.search(r"\.(png|jpe?g|gif)$", i.get(XLINK + "href") or "", re.I)]
        image = (usable or images)[0]
        alt = _child_text(frame, SVG + "desc") or _child_text(frame, SVG + "title")
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


def _creators(el: etree._Element) -> set[str]:
    """Who wrote a comment or made a change, as the file says: for counting people, never for output."""
    return {(c.text or "").strip() for c in el.iter("{http://purl.org/dc/elements/1.1/}creator")} - {""}


def _mathml(el: etree._Element) -> str:
    """MathML as a line of text, as the Word reader writes equations: (a)/(b), x², √(x)."""
    tag = el.tag.removeprefix(MATHML) if isinstance(el.tag, str) else ""
    if tag in ("annotation", "annotation-xml", ""):
        return ""  # the formula again, in another notation
    if tag in ("mi", "mn", "mo", "mtext", "ms"):
        return "".join(el.itertext()).strip()
    parts = [_mathml(child) for child in el]
    if tag == "mfrac" and len(parts) == 2:
        return f"({parts[0]})/({parts[1]})"
    if tag in ("msup", "msub") and len(parts) == 2:
        table, mark = (SUPERSCRIPT, "^") if tag == "msup" else (SUBSCRIPT, "_")
        return parts[0] + (parts[1].translate(table) if set(parts[1]) <= RAISED else f"{mark}({parts[1]})")
    if tag == "msqrt":
        return f"√({''.join(parts)})"
    if tag == "mroot" and len(parts) == 2:
        return f"({parts[1]})√({parts[0]})"
    return "".join(parts)


def _digits(value: str | None, default: int) -> int:
    return min(int(value), 999_999) if value and value.isdigit() else default


def _start(level: etree._Element) -> int:
    """The number a list level starts at (ODF says so on the level's style; LibreOffice's HTML import uses it)."""
    return _digits(level.get(TEXT + "start-value"), 1) if level.tag == TEXT + "list-level-style-number" else 1


def _child_text(el: etree._Element, tag: str) -> str:
    found = el.find(tag)
    return "" if found is None else "".join(found.itertext()).strip()


def _plain(el: etree._Element) -> str:
    """The words under `el`, for counting what was held back, never for output."""
    return " ".join(t for t in el.itertext() if t)


Opened = tuple[etree._Element, etree._Element | None, Callable[[str], bytes | None]]


def _open(data: bytes) -> Opened:
    """content.xml and styles.xml of a packaged .odt (the one document of a flat .fodt for both), and a
    way to read the package's other files (a flat .fodt has none)."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        root = safe_xml.parse(data, "the document")
        return _check_kind(root), root, lambda name: None
    try:
        archive = check_zip_directory(data)
    except Refused as exc:
        if exc.code != "intake.not-docx":
            raise
        raise Refused(
            "this is not an OpenDocument text file (.odt): it is not a zip file", SAVE_AS_ODT, code="intake.not-odt"
        ) from None
    names = set(archive.namelist())
    mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    if mimetype != TEXT_MIME:
        what = f"an OpenDocument file of another kind ({mimetype})" if mimetype else "not an OpenDocument text file"
        raise Refused(f"it is {what}", SAVE_AS_ODT, code="intake.not-odt")
    if any(_macro(n) for n in names):
        raise Refused(
            "it contains macros (programs), which are never taken in",
            "open it in LibreOffice, delete the macros (Tools, Macros), save it and send that",
            code="intake.macros",
        )
    if "META-INF/manifest.xml" in names:
        manifest = safe_xml.parse(archive.read("META-INF/manifest.xml"), "META-INF/manifest.xml")
        if any(str(el.tag).endswith("encryption-data") for el in manifest.iter()):
            raise Refused(
                "it is protected with a password",
                "save it again without a password, then send that",
                code="intake.not-odt",
            )
    if CONTENT not in names:
        raise Refused("it has no text (content.xml is missing)", SAVE_AS_ODT, code="intake.damaged")
    content = safe_xml.parse(archive.read(CONTENT), CONTENT)
    styles = safe_xml.parse(archive.read(STYLES), STYLES) if STYLES in names else None
    return _check_kind(content), styles, lambda name: _member(archive, name)


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """A file of the package (its size already checked with the zip directory), or None if it is not there."""
    try:
        return archive.read(name)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return None


def _macro(name: str) -> bool:
    """A Basic module or a script; LibreOffice's empty library lists are not macros."""
    if name.endswith("/"):
        return False
    if name.startswith("Scripts/"):
        return True
    return name.startswith("Basic/") and not LIBRARY_LISTS.fullmatch(name.rsplit("/", 1)[-1])


def _check_kind(root: etree._Element) -> etree._Element:
    if (
        root.tag not in (OFFICE + "document", OFFICE + "document-content")
        or root.find(f"{OFFICE}body/{OFFICE}text") is None
    ):
        raise Refused("it is not an OpenDocument text document", SAVE_AS_ODT, code="intake.not-odt")
    return root


def read_odt(data: bytes) -> Reading:
    content, styles, part = _open(data)
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    assert body is not None  # checked by _check_kind
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
        found.people.update(_creators(region))
    notes = _notes(found, taken, styles) + walker.pictures.notes()
    return Reading(text, notes, walker.pictures.kept, odt_marked(body))


def _notes(found: _Found, taken: dict[str, int], styles: etree._Element | None) -> list[str]:
    furniture = 0
    if styles is not None:
        for master in styles.iter(STYLE + "master-page"):
            for part in master:
                if isinstance(part.tag, str) and re.search(r"}(header|footer)(-left|-first)?$", part.tag):
                    furniture += len(_plain(part).split())
    changed = Changed(
        hidden=found.hidden,
        comments=found.comments,
        changes=found.changes,
        people=len(found.people),
        text_boxes=found.text_boxes,
        footnotes=taken["footnote"],
        endnotes=taken["endnote"],
        raised=found.raised,
        struck=found.struck,
        equations=found.equations,
        nested_tables=found.nested_tables,
        furniture=furniture,
        pictures=found.pictures,
        dropped_links=found.dropped_links,
    )
    return notes_on(changed, HIDDEN_FIX)
