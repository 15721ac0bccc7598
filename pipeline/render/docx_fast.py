"""Block containers for long documents: python-docx's own results, without its repeated scans.

python-docx answers each call from scratch, which costs little in a short file and
much in a long one (issue 13, profiled at 200 contributions):

- every styled paragraph or run asks `Styles.get_style_id`, which looks the name up
  and then scans all the styles for the default (`Styles.default`): here each
  name or style resolves once;
- `Document.add_paragraph` and `add_table` search the body for its `w:sectPr` to
  insert before it: here the `w:sectPr` is found once;
- `Table.cell(r, c)` rebuilds the list of every cell on each call: here a table
  is walked row by row;
- `Paragraph.add_run` walks its text a character at a time: here plain text
  goes into its `w:t` whole;
- every child a setter adds (a style, bold, italic, an alignment, a spacing) is placed
  by a `find` for each of the tags that may follow it, thirty or more for a run's or a
  paragraph's properties: here among the few children they hold (issue 23);
- every element is made by working out its tag's namespace afresh: here once per tag
  (`element`), and a child that goes last is made in place (`append`).

Each class and function works at the oxml level as python-docx's proxies do, and leaves
exactly the XML python-docx would have written (the DOCX stays byte-identical:
tests/test_docx_fast.py routes each back to python-docx and compares the files).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from docx.oxml.table import CT_Tbl
from docx.shared import Length
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

StyleRef = str | BaseStyle | None


@cache
def _name(tag: str) -> tuple[str, dict[str, str]]:
    found = NamespacePrefixedTag(tag)
    return found.clark_name, found.nsmap


clark = cache(qn)  # `qn`, each tag's Clark name worked out once


def element(tag: str, attrs: dict[str, str] | None = None) -> Any:
    """`docx.oxml.OxmlElement(tag, attrs)`, the same element of the same class, with its tag's name and
    namespace worked out once rather than for each of a long document's hundred thousand elements."""
    name, nsmap = _name(tag)
    return oxml_parser.makeelement(name, attrib=attrs, nsmap=nsmap)


def append(parent: Any, tag: str, attrs: dict[str, str] | None = None) -> Any:
    """`parent.append(element(tag, attrs))` in one step, about twice as fast: lxml makes the child in place, of
    the same class, and the file written is the same (the namespace is the parent's)."""
    return etree.SubElement(parent, clark(tag), attrs)


class StyleIds:
    """`Styles.get_style_id` answered once per style and type (None for the type's default)."""

    def __init__(self, styles: Any) -> None:
        self._styles = styles
        self._ids: dict[tuple[Any, WD_STYLE_TYPE], str | None] = {}

    def get(self, style: StyleRef, style_type: WD_STYLE_TYPE) -> str | None:
        if style is None:
            return None
        key = (style if isinstance(style, str) else style.element, style_type)
        if key not in self._ids:
            self._ids[key] = self._styles.get_style_id(style, style_type)  # same checks, same errors
        return self._ids[key]

    def set_paragraph(self, paragraph: Paragraph, style: StyleRef) -> None:
        """`paragraph.style = style`."""
        set_style(paragraph._p, "w:pPr", "w:pStyle", self.get(style, WD_STYLE_TYPE.PARAGRAPH))

    def set_run(self, run: Run, style: StyleRef) -> None:
        """`run.style = style`."""
        set_style(run._r, "w:rPr", "w:rStyle", self.get(style, WD_STYLE_TYPE.CHARACTER))

    def set_table(self, table: Table, style: StyleRef) -> None:
        """`table.style = style`."""
        table._tbl.tblStyle_val = self.get(style, WD_STYLE_TYPE.TABLE)


def set_style(owner: Any, props_tag: str, style_tag: str, style_id: str | None) -> None:
    """What python-docx's `style` setters of `w:p` and `w:r` write, without their search for where each child goes.

    The properties (`w:pPr`, `w:rPr`) are always their element's first child, and the style (`w:pStyle`,
    `w:rStyle`) theirs; python-docx finds the place by looking for each of the thirty or more children
    that may follow, one `find` per tag name, for every paragraph and run. None removes the style and
    keeps the properties, as python-docx does."""
    props = _props(owner, props_tag)
    found = props.find(clark(style_tag))
    if style_id is None:
        if found is not None:
            props.remove(found)
    elif found is not None:
        found.set(clark("w:val"), style_id)
    else:
        props.insert(0, element(style_tag, {clark("w:val"): style_id}))


# ECMA-376's order of what may follow `w:jc` in a paragraph's properties, and of a run's properties, as
# python-docx declares them: a child is put before the first of those that follow it
_AFTER_JC = ("w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
             "w:rPr", "w:sectPr", "w:pPrChange")  # fmt: skip
_RPR = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
_AFTER_SPACING = ("w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", *_AFTER_JC)
_FOLLOWERS = {
    "w:jc": frozenset(clark(tag) for tag in _AFTER_JC),
    "w:spacing": frozenset(clark(tag) for tag in _AFTER_SPACING),
    **{tag: frozenset(clark(t) for t in _RPR[_RPR.index(tag) + 1 :]) for tag in ("w:b", "w:i")},
}


def _props(owner: Any, tag: str) -> Any:
    """The element's properties (`w:pPr`, `w:rPr`), its first child, added if it has none (python-docx's
    get_or_add_pPr and get_or_add_rPr put them there too)."""
    props = owner.find(clark(tag))
    if props is None:
        props = element(tag)
        owner.insert(0, props)
    return props


def _child(props: Any, tag: str) -> Any:
    """The properties' `tag` child, added before the first child that may follow it if there is none: found
    among the few children the properties hold, not by a `find` for each tag that may follow."""
    found = props.find(clark(tag))
    if found is None:
        found = element(tag)
        after = next((child for child in props if child.tag in _FOLLOWERS[tag]), None)
        if after is None:
            props.append(found)
        else:
            after.addprevious(found)
    return found


def set_alignment(paragraph: Paragraph, value: WD_PARAGRAPH_ALIGNMENT) -> None:
    """`paragraph.alignment = value`."""
    _child(_props(paragraph._p, "w:pPr"), "w:jc").set(clark("w:val"), WD_PARAGRAPH_ALIGNMENT.to_xml(value))


def set_spacing(paragraph: Paragraph, after: Length, line: Length) -> None:
    """`paragraph.paragraph_format.space_after, .line_spacing = after, line`: a space after, and an exact line
    height (or at least that high, where the paragraph already says so), in twips."""
    spacing = _child(_props(paragraph._p, "w:pPr"), "w:spacing")
    spacing.set(clark("w:after"), str(after.twips))
    spacing.set(clark("w:line"), str(line.twips))
    if spacing.get(clark("w:lineRule")) != "atLeast":
        spacing.set(clark("w:lineRule"), "exact")


def set_on(run: Run, tag: str) -> None:
    """`run.bold = True` ("w:b") or `run.italic = True` ("w:i"): the flag with no `w:val`, which means on."""
    _child(_props(run._r, "w:rPr"), tag).attrib.pop(clark("w:val"), None)


class _Story:
    """Blocks appended to `element` (before `before`, if given), as python-docx's containers append them."""

    style_always = False  # python-docx's Document sets a style only when one is given

    def __init__(self, element: Any, parent: Any, ids: StyleIds, width: Length, before: Any = None) -> None:
        self._element = element
        self._parent = parent  # what python-docx gives its paragraphs as parent (for `.part`)
        self._before = before
        self._ids = ids
        self._width = width

    def _append(self, el: Any) -> None:
        if self._before is None:
            self._element.append(el)
        else:
            self._before.addprevious(el)

    def add_paragraph(self, text: str = "", style: StyleRef = None) -> Paragraph:
        p = element("w:p")
        self._append(p)
        paragraph = Paragraph(p, self._parent)
        if text:
            paragraph.add_run(text)
        if style is not None or self.style_always:
            self._ids.set_paragraph(paragraph, style)
        return paragraph

    def add_table(self, rows: int, cols: int, style: StyleRef = None) -> Table:
        tbl = CT_Tbl.new_tbl(rows, cols, self._width)
        self._append(tbl)
        table = Table(tbl, self._parent)
        self._ids.set_table(table, style)
        return table


class BodyStory(_Story):
    """The document body: `Document.add_paragraph` and `Document.add_table`.

    Tables take python-docx's block width, read back from the last section as it does
    (in whole twips, so a little wider than the exact page width minus the margins).
    """

    def __init__(self, document: Any, ids: StyleIds) -> None:
        body = document.element.body
        super().__init__(body, document._body, ids, document._block_width, before=body.sectPr)


class FootnoteStory(_Story):
    """One footnote as a block container; its paragraphs always carry a `w:pPr`, as before."""

    style_always = True

    def __init__(self, element: Any, part: Any, ids: StyleIds, width: Length) -> None:
        self.part = part  # python-docx objects find styles and relationships through `.part`
        super().__init__(element, self, ids, width)


class CellStory(_Story):
    """The one cell of a one-cell table as a block container (a lived-experience quote and its attribution, kept
    in a box of their own): its blocks replace the empty paragraph a new cell holds; `close` leaves the cell
    ending in a paragraph, as Word requires."""

    def __init__(self, table: Table, ids: StyleIds, width: Length) -> None:
        tc = table._tbl.tr_lst[0].tc_lst[0]
        for p in tc.p_lst:
            tc.remove(p)
        super().__init__(tc, _Cell(tc, table), ids, width)

    def close(self) -> None:
        if self._element[-1].tag != qn("w:p"):  # empty (only its w:tcPr), or ending in a table
            self._element.append(element("w:p"))


def first_paragraphs(table: Table) -> Iterator[list[Paragraph]]:
    """Each row's cells' first paragraphs, in order: `table.cell(r, c).paragraphs[0]` without the rebuilds."""
    for tr in table._tbl.tr_lst:
        yield [Paragraph(tc.p_lst[0], _Cell(tc, table)) for tc in tr.tc_lst]


def add_run(paragraph: Paragraph, text: str = "") -> Run:
    """`paragraph.add_run(text)`: plain text in one `w:t` at once, not python-docx's character-by-character walk."""
    r = append(paragraph._p, "w:r")  # python-docx's add_r: a run goes after all that the paragraph holds
    run = Run(r, paragraph)
    if text and not any(c in text for c in "\t\r\n"):  # what python-docx's add_t writes for such text
        t = append(r, "w:t")
        t.text = text
        if len(text.strip()) < len(text):
            t.set(clark("xml:space"), "preserve")
    elif text:
        run.text = text  # tabs and line breaks become w:tab and w:br, as python-docx makes them
    return run
