"""The pieces of WordprocessingML the Word reader (`docx_reader.py`) looks up: the tags it reads or skips, list
numbering, tables' nesting, equations, drawings and their pictures and text boxes, tracked changes and headings.

Plain functions of the XML, and the coordinator's notes on what the walk found (`Found`); the walk
itself, which keeps state, is in `docx_reader.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import parse_xml
from docx.styles.style import BaseStyle, ParagraphStyle
from lxml import etree

from pipeline.workflow.intake.docx_hidden import says_hidden
from pipeline.workflow.intake.docx_package import Package
from pipeline.workflow.intake.inline_marks import RAISED, SUBSCRIPT, SUPERSCRIPT
from pipeline.workflow.intake.reading import Changed, link_name, notes_on

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
ALTERNATE = MC + "AlternateContent"
BRANCHES = (MC + "Choice", MC + "Fallback")
TEXT_BOX = qn("w:txbxContent")
# deleted and moved-away text is dropped: tracked changes are taken as accepted
SKIPPED = {qn(t) for t in ("w:del", "w:moveFrom", "w:pPr", "w:rPr", "w:instrText", "w:delText", "w:sectPr")}
DRAWINGS = {qn("w:drawing"), qn("w:pict"), qn("w:object"), ALTERNATE}  # pictures, shapes and text boxes
CONTAINERS = {qn(t) for t in ("w:sdt", "w:sdtContent", "w:customXml", "w:ins", "w:moveTo")}
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
V_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
O_TITLE = "{urn:schemas-microsoft-com:office:office}title"
NOTE_REFS = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}
# changes to paragraph marks (inside w:rPr) are not counted: taking them changes no words
CHANGES = etree.XPath(
    ".//w:ins[not(parent::w:rPr)] | .//w:del[not(parent::w:rPr)] | .//w:moveFrom | .//w:moveTo"
    " | .//w:rPrChange | .//w:pPrChange",
    namespaces={"w": nsmap["w"]},
)
# Word's quote styles, and LibreOffice's ("Quotations", which its HTML import gives a <blockquote>)
QUOTE_STYLES = ("Quote", "Intense Quote", "Block Text", "Quotations")
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
HIDDEN_FIX = (
    "hidden text was not taken in: if it should be part of the answer, "
    "unhide it in Word (Font, untick Hidden) and drop the file in again"
)


def numbering(part: Any, list_keys: dict[tuple[str, str], str]) -> dict[tuple[str, str], tuple[str, int]]:
    """(numId, ilvl) -> the level's number format ('bullet', 'decimal', ...) and its first number; `list_keys` gets,
    for each (numId, ilvl), whose count the level goes on."""
    try:
        root = part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {
        a.get(qn("w:abstractNumId")): {lvl.get(qn("w:ilvl")): level_format(lvl) for lvl in a.iter(qn("w:lvl"))}
        for a in root.iter(qn("w:abstractNum"))
    }
    formats: dict[tuple[str, str], tuple[str, int]] = {}
    for num in root.iter(qn("w:num")):
        num_id, abstract_id = num.get(qn("w:numId")) or "", w_val(num.find(qn("w:abstractNumId")))
        levels = dict(abstract.get(abstract_id, {}))
        restarted = {override.get(qn("w:ilvl")) or "0" for override in num.iter(qn("w:lvlOverride"))}
        for ilvl in levels:
            own = (ilvl or "0") in restarted or abstract_id is None
            list_keys[(num_id, ilvl or "0")] = f"num {num_id}" if own else f"abstract {abstract_id}"
        for override in num.iter(qn("w:lvlOverride")):
            lvl = override.find(qn("w:lvl"))
            if lvl is not None:
                levels[override.get(qn("w:ilvl"))] = level_format(lvl)
            start = w_number(override.find(qn("w:startOverride")))
            ilvl = override.get(qn("w:ilvl"))
            if start is not None and ilvl in levels:
                levels[ilvl] = (levels[ilvl][0], start)
        for ilvl, fmt in levels.items():
            formats[(num.get(qn("w:numId")) or "", ilvl or "0")] = fmt
    return formats


def w_val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(qn("w:val"))


def level_format(lvl: etree._Element) -> tuple[str, int]:
    start = w_number(lvl.find(qn("w:start")))
    return w_val(lvl.find(qn("w:numFmt"))) or "decimal", 1 if start is None else start


def w_number(el: etree._Element | None) -> int | None:
    value = w_val(el)
    return min(int(value), 999_999) if value and value.isdigit() else None


def nearest(el: etree._Element, tag: str) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def run_text(el: etree._Element) -> str:
    """A run's inner element as text, as python-docx's Run.text reads it."""
    tag = el.tag
    if tag == qn("w:t"):
        return el.text or ""
    if tag in (qn("w:tab"), qn("w:ptab")):
        return "\t"
    if tag == qn("w:cr") or tag == qn("w:br") and el.get(qn("w:type"), "textWrapping") == "textWrapping":
        return "\n"
    return "-" if tag == qn("w:noBreakHyphen") else ""


def plain_words(el: etree._Element) -> str:
    """The words under `el`, a paragraph at a time: for counting what was held back, never for output."""
    return " ".join(
        "".join(t.text or "" for t in p.iter(qn("w:t")) if nearest(t, qn("w:p")) is p) for p in el.iter(qn("w:p"))
    )


def is_quote(style: BaseStyle | None) -> bool:
    """Whether a paragraph style is one of Word's quote styles, or made from one."""
    for _ in range(20):  # a chain of styles may loop
        if style is None:
            return False
        if style.name in QUOTE_STYLES:
            return True
        style = style.base_style if isinstance(style, ParagraphStyle) else None
    return False


def has_drop_cap(p: etree._Element) -> bool:
    frame = p.find(f"{qn('w:pPr')}/{qn('w:framePr')}")
    return frame is not None and (frame.get(qn("w:dropCap")) or "none") != "none"


def equation(el: etree._Element) -> str:
    """An equation as a line of text: fractions as (a)/(b), powers raised where Unicode can, roots as √(x)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == MATH + "t":
        return el.text or ""
    if tag.endswith("Pr") or tag == MATH + "r" and says_hidden(el.find(qn("w:rPr"))):
        return ""  # properties, and hidden parts (counted by the walker), are not words

    def part(name: str) -> str:
        found = el.find(MATH + name)
        return "" if found is None else equation(found)

    if tag == MATH + "f":
        return f"({part('num')})/({part('den')})"
    if tag in (MATH + "sSup", MATH + "sSub"):
        small = part("sup") if tag == MATH + "sSup" else part("sub")
        table, mark = (SUPERSCRIPT, "^") if tag == MATH + "sSup" else (SUBSCRIPT, "_")
        return part("e") + (small.translate(table) if set(small) <= RAISED else f"{mark}({small})")
    if tag == MATH + "rad":
        degree = part("deg")
        return (f"({degree})" if degree else "") + f"√({part('e')})"
    return "".join(equation(child) for child in el)


def branch_of(alternate: etree._Element) -> etree._Element | None:
    """The one branch of mc:AlternateContent to read: both hold the same text, so never both."""
    for branch in alternate:
        if branch.tag in BRANCHES and next(branch.iter(TEXT_BOX, qn("w:t")), None) is not None:
            return branch
    return None


def boxes_in(el: etree._Element) -> list[etree._Element]:
    """The text boxes' contents in a drawing, a VML picture or one branch of mc:AlternateContent."""
    if el.tag == TEXT_BOX:
        return [el]
    if el.tag == ALTERNATE:
        branch = branch_of(el)
        return boxes_in(branch) if branch is not None else []
    return [box for child in el for box in boxes_in(child)]


def images_in(el: etree._Element) -> list[etree._Element]:
    """The pictures in a drawing, a VML picture or one branch of mc:AlternateContent, in order."""
    if el.tag == ALTERNATE:  # both branches show the same picture: the first that has one
        for branch in el:
            if branch.tag in BRANCHES and (found := images_in(branch)):
                return found
        return []
    return [i for i in el.iter(BLIP, V_IMAGE) if i.get(qn("r:embed")) or i.get(qn("r:id")) or i.get(qn("r:link"))]


def alt_text(image: etree._Element) -> str:
    """A picture's alt text: Word's description (wp:docPr descr), else its title; for VML, the shape's."""
    if image.tag == V_IMAGE:
        shape = image.getparent()
        said = shape.get("alt") if shape is not None else None
        return said or image.get(O_TITLE) or ""
    holder = image.getparent()
    while holder is not None and holder.find(DOC_PR) is None:
        holder = holder.getparent()
    doc_pr = holder.find(DOC_PR) if holder is not None else None
    if doc_pr is None:
        return ""
    return doc_pr.get("descr") or doc_pr.get("title") or ""


def tracked_changes(roots: list[etree._Element]) -> list[etree._Element]:
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


def heading_level(style: BaseStyle | None, p: etree._Element) -> int:
    outline = w_val(p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}"))
    if outline and outline.isdigit() and int(outline) < 9:
        return min(int(outline) + 1, 6)
    name = (style.name if style is not None else "") or ""
    if name == "Title":
        return 1
    match = re.fullmatch(r"(?i)heading\s*(\d)", name)
    return min(int(match.group(1)), 6) if match else 0


@dataclass
class Found:
    pictures: int = 0  # shapes and charts with no picture in them, not taken in
    text_boxes: int = 0
    raised: int = 0  # superscript or subscript runs with letters, kept as ordinary text
    struck: int = 0  # struck-through words, kept as ordinary text
    equations: int = 0
    nested_tables: int = 0
    hidden: list[str] = field(default_factory=list)  # hidden text, with a line break where visible text came between
    dropped_links: list[str] = field(default_factory=list)
    walked: list[etree._Element] = field(default_factory=list)  # text boxes and notes taken in, for counting changes


def furniture_words(document: Document) -> int:
    """How many words the page headers and footers hold, each part once; they are counted, never shown."""
    words = 0
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        root = parse_xml(rel.target_part.blob)  # already checked by the hardened parser
        words += len(plain_words(root).split())
    return words


def coordinator_notes(
    document: Document, package: Package, found: Found, roots: list[etree._Element], taken: dict[str, int]
) -> list[str]:
    comments = list(document.comments)
    changes = tracked_changes(roots)
    people = {c.author for c in comments} | {el.get(qn("w:author")) or "" for el in changes}
    changed = Changed(
        hidden=len("".join(found.hidden).split()),
        comments=len(comments),
        changes=len(changes),
        people=len(people - {""}),
        text_boxes=found.text_boxes,
        footnotes=taken["footnote"],
        endnotes=taken["endnote"],
        raised=found.raised,
        struck=found.struck,
        equations=found.equations,
        nested_tables=found.nested_tables,
        furniture=furniture_words(document),
        pictures=found.pictures,
        embedded=len({chunk for root in roots for chunk in root.iter(qn("w:altChunk"))}),
        dropped_links=found.dropped_links,
    )
    notes = notes_on(changed, HIDDEN_FIX)
    for ext in package.externals:
        notes.append(
            f"it refers to {link_name(ext.target)} ({ext.kind}) outside the file; that was not opened or fetched"
        )
    return notes
