"""Turn a Word document into Markdown, walking its XML in order.

python-docx gives styles, run formatting and relationships, but skips runs
inside tracked insertions, so the body is walked here. Tracked changes are
taken as if accepted (inserted and moved-to text kept, deleted and moved-from
text dropped). Hidden text is never taken in, only counted. Text boxes are
taken in after the paragraph they are anchored to, and footnotes and endnotes
become Markdown footnotes. Comments, pictures and odd links are left out. All
of these are counted in `Reading.notes` so the coordinator hears about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.rel import Relationships
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import parse_xml
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from pipeline.vocabulary import LINK_SCHEMES
from pipeline.workflow.intake.docx_hidden import HiddenText
from pipeline.workflow.intake.docx_package import Package, open_docx
from pipeline.workflow.intake.markdown_text import Span, inline, table
from pipeline.workflow.intake.reading import Reading, plural
from pipeline.workflow.intake.refusal import Refused

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
ALTERNATE = MC + "AlternateContent"
BRANCHES = (MC + "Choice", MC + "Fallback")
TEXT_BOX = qn("w:txbxContent")
# deleted and moved-away text is dropped: tracked changes are taken as accepted
SKIPPED = {qn(t) for t in ("w:del", "w:moveFrom", "w:pPr", "w:rPr", "w:instrText", "w:delText", "w:sectPr")}
DRAWINGS = {qn("w:drawing"), qn("w:pict"), qn("w:object"), ALTERNATE}  # pictures, shapes and text boxes
CONTAINERS = {qn(t) for t in ("w:sdt", "w:sdtContent", "w:customXml", "w:ins", "w:moveTo")}
NOTE_REFS = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}
# changes to paragraph marks (inside w:rPr) are not counted: taking them changes no words
CHANGES = etree.XPath(
    ".//w:ins[not(parent::w:rPr)] | .//w:del[not(parent::w:rPr)] | .//w:moveFrom | .//w:moveTo"
    " | .//w:rPrChange | .//w:pPrChange",
    namespaces={"w": nsmap["w"]},
)
# a note reference until every note is known: XML text can never hold a NUL, so no text looks like it
NOTE_MARK = re.compile("\x00(\\d+)\x00(:?)")
QUOTE_STYLES = ("Quote", "Intense Quote")
LIST_INDENT = "   "  # 3 spaces: deep enough under "- " and "1. " alike
HIDDEN_FIX = (
    "hidden text was not taken in: if it should be part of the answer, "
    "unhide it in Word (Font, untick Hidden) and drop the file in again"
)


@dataclass
class _Found:
    pictures: int = 0
    text_boxes: int = 0
    hidden: list[str] = field(default_factory=list)  # hidden text, with a line break where visible text came between
    dropped_links: list[str] = field(default_factory=list)
    walked: list[etree._Element] = field(default_factory=list)  # text boxes and notes taken in, for counting changes


@dataclass(frozen=True)
class _Notes:
    """The footnotes or endnotes part: its own relationships (for links) and its notes by id."""

    rels: Relationships
    notes: dict[str, etree._Element]


@dataclass(frozen=True)
class _Block:
    markdown: str
    words: str  # the inline text alone, for table cells and notes
    list_depth: int = -1  # -1: not a list item
    marker: str = ""


class _Walker:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.part = document.part
        self.rels = self.part.rels  # links are read from the document's relationships, or a notes part's
        self.found = _Found()
        self.numbering = self._numbering()
        self.hidden = HiddenText(document.styles.element)
        self.note_parts = {
            "footnote": self._notes(RT.FOOTNOTES, "w:footnote"),
            "endnote": self._notes(RT.ENDNOTES, "w:endnote"),
        }
        self.referred: list[tuple[str, str]] = []  # (kind, id) of each note referred to, in order
        self.pending: list[etree._Element] = []  # text boxes met in the paragraph being read
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

    def blocks(self, container: etree._Element) -> Iterator[_Block]:
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
                self.list_depth = -1
                rows = self.table_rows(child)
                if any(any(cells) for cells in rows):
                    yield _Block(table(rows), " ".join(c for cells in rows for c in cells if c))
            elif child.tag in CONTAINERS:
                yield from self.blocks(child)
            elif child.tag == ALTERNATE and (branch := _branch(child)) is not None:
                yield from self.blocks(branch)

    def paragraph(self, p: etree._Element) -> _Block | None:
        para = Paragraph(p, self.document)  # type: ignore[arg-type]
        text = inline(list(self.spans(p, para, None)))
        self.found.hidden.append("\n")
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
                target, dropped = self._link(child)
                inner = list(self.spans(child, para, target))
                if dropped and any(s.text.strip() for s in inner):  # a hidden link's address is not shown either
                    self.found.dropped_links.append(dropped)
                yield from inner
            elif tag in DRAWINGS:
                self._drawing(child)
            else:  # w:ins, w:moveTo, w:smartTag, w:fldSimple, w:sdt, w:customXml, ...
                yield from self.spans(child, para, href)

    def run(self, r: etree._Element, para: Paragraph, href: str | None) -> Iterator[Span]:
        if self.hidden.run(r):
            self._hide(r)
            return
        run = Run(r, para)  # type: ignore[arg-type]
        style = run.style
        bold = run.bold if run.bold is not None else bool(style is not None and style.font.bold)
        italic = run.italic if run.italic is not None else bool(style is not None and style.font.italic)
        text: list[str] = []
        for child in r:  # in order: a note's mark sits between the words around it
            if child.tag in NOTE_REFS:
                yield Span("".join(text), bold=bold, italic=italic, href=href)
                text = []
                yield self._note_mark(NOTE_REFS[child.tag], child.get(qn("w:id")) or "")
            elif child.tag in DRAWINGS:
                self._drawing(child)
            else:
                text.append(_run_text(child))
        self.found.hidden.append("\n")
        yield Span("".join(text), bold=bold, italic=italic, href=href)

    def _hide(self, r: etree._Element) -> None:
        """Count a hidden run's words, with those of any note or text box it holds; take in none of them."""
        words: list[str] = []
        for child in r:
            if child.tag in NOTE_REFS:
                note = self.note_parts[NOTE_REFS[child.tag]].notes.get(child.get(qn("w:id")) or "")
                words.append(f" {_plain(note)} " if note is not None else "")
            elif child.tag in DRAWINGS:
                words.extend(f" {_plain(box)} " for box in _boxes(child))
            else:
                words.append(_run_text(child))
        self.found.hidden.append("".join(words))

    def _drawing(self, el: etree._Element) -> None:
        boxes = _boxes(el)
        if boxes:
            self.found.text_boxes += 1
            self.found.walked.extend(boxes)
            self.pending.extend(boxes)
        else:
            self.found.pictures += 1

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
        return Span(f"\x00{self.referred.index(key)}\x00")

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


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(qn("w:val"))


def _format(lvl: etree._Element) -> str:
    return _val(lvl.find(qn("w:numFmt"))) or "decimal"


def _nearest(el: etree._Element, tag: str) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _run_text(el: etree._Element) -> str:
    """A run's inner element as text, as python-docx's Run.text reads it."""
    tag = el.tag
    if tag == qn("w:t"):
        return el.text or ""
    if tag in (qn("w:tab"), qn("w:ptab")):
        return "\t"
    if tag == qn("w:cr") or tag == qn("w:br") and el.get(qn("w:type"), "textWrapping") == "textWrapping":
        return "\n"
    return "-" if tag == qn("w:noBreakHyphen") else ""


def _plain(el: etree._Element) -> str:
    """The words under `el`, a paragraph at a time: for counting what was held back, never for output."""
    return " ".join(
        "".join(t.text or "" for t in p.iter(qn("w:t")) if _nearest(t, qn("w:p")) is p) for p in el.iter(qn("w:p"))
    )


def _branch(alternate: etree._Element) -> etree._Element | None:
    """The one branch of mc:AlternateContent to read: both hold the same text, so never both."""
    for branch in alternate:
        if branch.tag in BRANCHES and next(branch.iter(TEXT_BOX, qn("w:t")), None) is not None:
            return branch
    return None


def _boxes(el: etree._Element) -> list[etree._Element]:
    """The text boxes' contents in a drawing, a VML picture or one branch of mc:AlternateContent."""
    if el.tag == TEXT_BOX:
        return [el]
    if el.tag == ALTERNATE:
        branch = _branch(el)
        return _boxes(branch) if branch is not None else []
    return [box for child in el for box in _boxes(child)]


def _changes(roots: list[etree._Element]) -> list[etree._Element]:
    """Tracked changes in the text that was read: a text box's are counted in its own root, once."""
    found = []
    for root in roots:
        for el in CHANGES(root):
            parent = el.getparent()
            while parent is not None and parent is not root and parent.tag not in (ALTERNATE, TEXT_BOX):
                parent = parent.getparent()
            if parent is root:
                found.append(el)
    return found


def _numbered(text: str, referred: list[tuple[str, str]], texts: list[str]) -> tuple[str, dict[str, int]]:
    """Note marks made `[^n]` and the notes' `[^n]: text` added; endnotes are numbered after footnotes.

    A note with no words gets no number and no mark. Also returns how many of each kind were taken in.
    """
    labels: dict[int, int] = {}
    for i in sorted(range(len(referred)), key=lambda i: (referred[i][0] != "footnote", i)):
        if texts[i]:
            labels[i] = len(labels) + 1

    def mark(match: re.Match[str]) -> str:
        label = labels.get(int(match.group(1)))
        colon = match.group(2)
        if label is None:
            return colon
        return f"[^{label}]" + ("\\:" if colon else "")  # "[^1]:" at a line's start would define a note

    definitions = [f"[^{labels[i]}]: {NOTE_MARK.sub(mark, texts[i])}" for i in sorted(labels, key=labels.__getitem__)]
    text = NOTE_MARK.sub(mark, text)
    if definitions:
        text += "\n\n" + "\n".join(definitions)
    kinds = [referred[i][0] for i in labels]
    return text, {kind: kinds.count(kind) for kind in ("footnote", "endnote")}


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
                code="intake.external-content",
            )
    document = package.document
    try:
        walker = _Walker(document)
        body = document.element.body
        blocks = list(walker.blocks(body))
        text, taken = _numbered(_join(blocks), walker.referred, walker.note_texts())
        notes = _notes(document, package, walker.found, [body, *walker.found.walked], taken)
    except Exception as exc:  # a malformed body python-docx half-understands: refuse, never crash
        raise Refused(
            f"its text could not be read ({type(exc).__name__})",
            "open it in Word and save it again",
            code="intake.damaged",
        ) from None
    return Reading(text, notes)


def _and(*parts: str) -> str:
    return " and ".join(x for x in parts if x)


def _notes(
    document: Document, package: Package, found: _Found, roots: list[etree._Element], taken: dict[str, int]
) -> list[str]:
    notes: list[str] = []
    hidden = len("".join(found.hidden).split())
    if hidden:
        notes.append(f"it has hidden text ({plural(hidden, 'word')}); {HIDDEN_FIX}")
    comments = list(document.comments)
    changes = _changes(roots)
    if comments or changes:
        what = _and(plural(len(comments), "comment"), plural(len(changes), "tracked change"))
        # who made them is counted, never named: their names are in no one's consent
        people = {c.author for c in comments} | {el.get(qn("w:author")) or "" for el in changes}
        by = f" by {plural(len(people - {''}), 'person', 'people')} (not named here)" if people - {""} else ""
        done = [
            x
            for x, n in (
                ("took the text as if every change were accepted", changes),
                ("left the comments out", comments),
            )
            if n
        ]
        fix = "accept or reject the changes in Word and send it again" if changes else "read them in the original"
        notes.append(f"it has {what}{by}: we {' and '.join(done)}; if that is not right, {fix}")
    if found.text_boxes:
        one = found.text_boxes == 1
        notes.append(
            f"it has {plural(found.text_boxes, 'text box', 'text boxes')}: "
            f"{'its text was' if one else 'their text was'} taken in after the paragraph "
            f"{'it is' if one else 'each is'} anchored to; check that it reads well there"
        )
    if taken["footnote"] or taken["endnote"]:
        what = _and(plural(taken["footnote"], "footnote"), plural(taken["endnote"], "endnote"))
        notes.append(f"it has {what}: taken in as footnotes at the end, endnotes numbered after footnotes")
    pictures = found.pictures or package.media
    if pictures:
        what = plural(pictures, "picture or shape", "pictures or shapes")
        notes.append(f"it has {what}: pictures are not taken in; add them by hand with alt text")
    for target in found.dropped_links:
        notes.append(f"the link to {target} was left out (only web and e-mail links are kept); its words are kept")
    for ext in package.externals:
        # only the last part of the address: a local path holds the Windows user name (C:/Users/<name>/...)
        name = ext.target.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or "something"
        notes.append(f"it refers to {name} ({ext.kind}) outside the file; that was not opened or fetched")
    return notes
