"""The few WordprocessingML pieces python-docx 1.2 has no API for.

Kept apart so `docx.py` reads as plain python-docx: hyperlinks (external and
to bookmarks), the footnotes part, numbering restarts, picture alt text,
paragraph borders and shading, fixed table column widths, the PAGE field,
language tags, theme-font clean-up and the text colours in styles.xml. Every element is built
with `docx.oxml` helpers and inserted in schema order, because Word refuses
files whose children are out of order even where LibreOffice copes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.story import StoryPart

from pipeline.render.docx_fast import set_style

# Children that may follow each element we insert, per the ECMA-376 sequences.
_PPR_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_PPR_AFTER_SHD = _PPR_AFTER_PBDR[1:]
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_TRPR_AFTER_TBLHEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_SETTINGS_AFTER_FOOTNOTEPR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_THEME_COLOUR_ATTRS = ("w:themeColor", "w:themeTint", "w:themeShade")
_THEME_FILL_ATTRS = ("w:themeFill", "w:themeFillTint", "w:themeFillShade")

# Replaces the template's docProps/app.xml, which names "Microsoft Macintosh Word".
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>coproduce</Application><DocSecurity>0</DocSecurity>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


# ------------------------------------------------------------------ styles


def clear_theme_fonts(rPr: Any) -> None:
    """Drop theme font and colour references, which outrank the explicit brand values we set."""
    for el in rPr.iter(qn("w:rFonts"), qn("w:color")):
        for attr in _THEME_FONT_ATTRS + _THEME_COLOUR_ATTRS:
            el.attrib.pop(qn(attr), None)


def set_fonts(rPr: Any, font: str) -> None:
    """Name `font` for every script slot, so East Asian and complex-script runs match too."""
    rFonts = rPr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rFonts.set(qn(attr), font)
    clear_theme_fonts(rPr)


def set_lang(rPr: Any, lang: str) -> None:
    """Tag runs with a language so Word proof-reads and screen readers pronounce correctly."""
    el = rPr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rPr.insert_element_before(el, *_RPR_AFTER_LANG)
    el.set(qn("w:val"), lang)


def set_doc_defaults(styles_el: Any, font: str, lang: str, size_pt: float = 12) -> None:
    """Point the document defaults at the brand font, language and body size (they sit below every style)."""
    rPr = styles_el.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rPr is None:
        return
    set_fonts(rPr, font)
    set_lang(rPr, lang)
    half_points = str(round(size_pt * 2))  # w:sz counts half-points: 24 is 12pt
    for tag in ("w:sz", "w:szCs"):
        el = rPr.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), half_points)


def recolour_borders(pPr: Any, hex_colour: str) -> None:
    """Give a style's paragraph borders the brand colour instead of the theme's accent."""
    if pPr is None:
        return
    for side in pPr.iter(qn("w:top"), qn("w:bottom"), qn("w:left"), qn("w:right")):
        if side.getparent().tag == qn("w:pBdr"):
            for attr in _THEME_COLOUR_ATTRS:
                side.attrib.pop(qn(attr), None)
            side.set(qn("w:color"), hex_colour)


def style_text_colours(styles_el: Any) -> Iterator[tuple[Any, Any]]:
    """Every text colour in styles.xml, with the shading it is shown on in the same style (or None).

    A table style's conditional parts (`w:tblStylePr`: header row, banded rows) are taken
    apart, each with its own shading else the style's. Theme references are dropped from
    colours and shading alike, so the stated values are the ones Word shows.
    """
    for style in styles_el.iterchildren(qn("w:style")):
        for el in style.iter(qn("w:color"), qn("w:shd")):
            for attr in _THEME_COLOUR_ATTRS + _THEME_FILL_ATTRS:
                el.attrib.pop(qn(attr), None)
        outer = _shading(style)
        for scope in (style, *style.iterchildren(qn("w:tblStylePr"))):
            shd = _shading(scope) if scope is not style else None
            for color in scope.findall(f"{qn('w:rPr')}/{qn('w:color')}"):
                if color.get(qn("w:val"), "auto") != "auto":
                    yield color, shd if shd is not None else outer


def _shading(scope: Any) -> Any:
    """The filled `w:shd` of a style or of a table style's conditional part, if any."""
    for holder in ("w:rPr", "w:pPr", "w:tcPr"):
        shd = scope.find(f"{qn(holder)}/{qn('w:shd')}")
        if shd is not None and shd.get(qn("w:fill"), "auto") != "auto":
            return shd
    return None


def set_theme_font_lang(settings_el: Any, lang: str) -> None:
    el = settings_el.find(qn("w:themeFontLang"))
    if el is not None:
        el.set(qn("w:val"), lang)


# -------------------------------------------------------------- paragraphs


def paragraph_border(p: Any, side: str, hex_colour: str, size: int = 6, space: int = 4) -> None:
    """Add one border line (`side` is top/bottom/left/right) to a paragraph; `size` is in 1/8 pt."""
    pPr = p.get_or_add_pPr()
    pBdr = pPr.find(qn("w:pBdr"))
    if pBdr is None:
        pBdr = OxmlElement("w:pBdr")
        pPr.insert_element_before(pBdr, *_PPR_AFTER_PBDR)
    line = OxmlElement(
        f"w:{side}",
        {qn("w:val"): "single", qn("w:sz"): str(size), qn("w:space"): str(space), qn("w:color"): hex_colour},
    )
    pBdr.append(line)  # callers add sides in schema order (top, left, bottom, right)


def paragraph_shading(p: Any, fill: str) -> None:
    pPr = p.get_or_add_pPr()
    shd = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    pPr.insert_element_before(shd, *_PPR_AFTER_SHD)


def set_num(p: Any, num_id: int, ilvl: int = 0) -> None:
    """Attach a paragraph to a concrete numbering instance (overriding its style's)."""
    numPr = p.get_or_add_pPr().get_or_add_numPr()
    numPr.get_or_add_ilvl().val = ilvl
    numPr.get_or_add_numId().val = num_id


def restart_numbering(numbering_el: Any, style_el: Any, start: int) -> int:
    """Return the id of a new `w:num` that shares the numbered style's definition but starts at `start`.

    Paragraphs that only use the style share one counter for the whole document,
    so each ordered list needs its own instance to restart.
    """
    style_num_id = style_el.pPr.numPr.numId.val
    abstract_id = numbering_el.num_having_numId(style_num_id).abstractNumId.val
    num = numbering_el.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)


def paragraph_numbering(numbering_el: Any) -> int:
    """Return the id of a new `w:num` for numbered paragraphs: 1., 2., 3. through the whole document.

    A definition of its own (one level, decimal, the number hanging in the margin of the text),
    so Word renumbers the paragraphs when someone adds or removes one."""
    return single_level_numbering(numbering_el, fmt="decimal", text="%1.", left=567)


def single_level_numbering(numbering_el: Any, *, fmt: str, text: str, left: int, start: int = 1) -> int:
    """The id of a new `w:num` over a new one-level `w:abstractNum` (`fmt` decimal or lowerLetter, `text`
    like "%1." or "(%1)", indented `left` twips with the number hanging 567). Every `w:abstractNum`
    must come before the first `w:num`."""
    taken = [int(a.get(qn("w:abstractNumId"))) for a in numbering_el.findall(qn("w:abstractNum"))]
    abstract_id = max(taken, default=-1) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="567"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    first_num = numbering_el.find(qn("w:num"))
    if first_num is None:
        numbering_el.append(abstract)
    else:
        first_num.addprevious(abstract)
    return int(numbering_el.add_num(abstract_id).numId)


def page_number_field(p: Any) -> None:
    """Append a PAGE field; the cached "1" shows until the reader's software updates fields."""
    fld = OxmlElement("w:fldSimple", {qn("w:instr"): " PAGE "})
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    p.append(fld)


# ------------------------------------------------------------------ inline


def add_hyperlink(p: Any, r_id: str) -> Any:
    """Append an empty `w:hyperlink` to paragraph `p`; the caller moves runs into it."""
    link = OxmlElement("w:hyperlink", {qn("r:id"): r_id, qn("w:history"): "1"})
    p.append(link)
    return link


def add_internal_link(p: Any, bookmark: str) -> Any:
    """Append an empty `w:hyperlink` to a bookmark in this document; the caller adds runs into it."""
    link = OxmlElement("w:hyperlink", {qn("w:anchor"): bookmark, qn("w:history"): "1"})
    p.append(link)
    return link


def add_bookmark(p: Any, bookmark_id: int, name: str) -> None:
    """Mark paragraph `p`'s whole text as the bookmark `name` (a `_Toc` name keeps it out of Word's list)."""
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(bookmark_id), qn("w:name"): name})
    p.insert(1 if p.pPr is not None else 0, start)
    p.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): str(bookmark_id)}))


def add_footnote_reference(r: Any, footnote_id: int) -> None:
    r.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(footnote_id)}))


def set_alt_text(inline: Any, descr: str, title: str = "") -> None:
    """Alt text lives in `wp:docPr/@descr`; screen readers read it, Word shows it under Alt Text."""
    inline.docPr.set("descr", descr)
    if title:
        inline.docPr.set("title", title)


def set_column_widths(tbl: Any, widths: list[int]) -> None:
    """Fix a table's column widths (EMU): the grid, every cell, and a fixed layout so Word keeps them.

    Each width is written in twips as python-docx's `gridCol.w` and `tc.width` setters write it, straight into
    the attributes a new table's grid and cells already hold (every table here is made by python-docx's
    `new_tbl`); a cell without its `w:tcW` is left to python-docx's setter."""
    from docx.shared import Emu

    w, kind = qn("w:w"), qn("w:type")
    for col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=False):
        col.set(w, str(Emu(width).twips))
    for tr in tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=False):
            tc_w = tc.tcPr.tcW if tc.tcPr is not None else None
            if tc_w is None:
                tc.width = Emu(width)
                continue
            tc_w.set(kind, "dxa")
            tc_w.set(w, str(Emu(width).twips))
    tbl.tblPr.autofit = False


def mark_header_row(tr: Any) -> None:
    """Repeat this row at the top of each page and tell assistive tech it holds headers."""
    trPr = tr.get_or_add_trPr()
    trPr.insert_element_before(OxmlElement("w:tblHeader"), *_TRPR_AFTER_TBLHEADER)


# --------------------------------------------------------------- footnotes

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r', 'wp', 'a', 'pic')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


class FootnotesPart(StoryPart):
    """`/word/footnotes.xml`. A StoryPart, so links and pictures in footnotes relate from this part."""

    @classmethod
    def new(cls, package: Any) -> FootnotesPart:
        return cls(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_FOOTNOTES_XML), package)

    def add_footnote(self, footnote_id: int) -> Any:
        fn = OxmlElement("w:footnote", {qn("w:id"): str(footnote_id)})
        self.element.append(fn)
        return fn

    @property
    def next_id(self) -> int:
        # Drawing ids must be unique across the whole document, not just this part.
        return max(super().next_id, self._document_part.next_id)


def enable_footnotes(settings_el: Any) -> None:
    """Declare the separator footnotes in settings, as Word itself does."""
    if settings_el.find(qn("w:footnotePr")) is not None:
        return
    pr = OxmlElement("w:footnotePr")
    for fid in ("-1", "0"):
        pr.append(OxmlElement("w:footnote", {qn("w:id"): fid}))
    settings_el.insert_element_before(pr, *_SETTINGS_AFTER_FOOTNOTEPR)


def add_footnote_mark(footnote_el: Any, text_style_id: str, ref_style_id: str) -> None:
    """Put the footnote's own number (`w:footnoteRef`) at the start of its first paragraph."""
    first = footnote_el[0] if len(footnote_el) else None
    if first is None or first.tag != qn("w:p"):
        first = OxmlElement("w:p")
        footnote_el.insert(0, first)
        set_style(first, "w:pPr", "w:pStyle", text_style_id)
    mark = OxmlElement("w:r")
    set_style(mark, "w:rPr", "w:rStyle", ref_style_id)
    mark.append(OxmlElement("w:footnoteRef"))
    space = OxmlElement("w:r")
    space.text = " "
    at = 1 if first.pPr is not None else 0
    first.insert(at, space)
    first.insert(at, mark)
