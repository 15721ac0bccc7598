"""The Word file's look: page, text sizes, styles, and every colour readable (render/docx.py's styles and contrast).

Plain functions over a python-docx Document, called once before any block is written. Accessibility
(issue 12): every text colour in the file reads at 4.5:1 on its background (the one WCAG rule,
checks/brand_contrast.py), body text at least 12pt and notes and footers at least 10pt, and built-in
style names so Word's navigation, screen readers and a reader's own restyling all work.
"""

from __future__ import annotations

from typing import Any, NamedTuple, cast

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle

from pipeline import model as m
from pipeline.checks.brand_contrast import TEXT_CONTRAST, contrast, darker
from pipeline.render import docx_xml as x

MONO_FONT = "Consolas"  # ships with Word on Windows and Mac; LibreOffice substitutes a metric match
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2.5)  # A4
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
# a picture at most 9 cm high, as the PDF's (templates/style.css): one too tall to fit moves on from a page
# already over half full, never leaving it half empty (issue 22)
PICTURE_MAX_HEIGHT = Cm(9)
HYPERLINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)  # Word's own hyperlink blue
# Text sizes: body at least 12pt (GOV.UK), footnotes and footers at least 10pt.
BODY_SIZE, SMALL_SIZE = Pt(12), Pt(10)
# The large-print edition (UKAAF: 16-18pt), with wider line and paragraph spacing.
LARGE_BODY_SIZE, LARGE_SMALL_SIZE = Pt(18), Pt(16)
LARGE_HEADINGS = {"Title": Pt(32), "Subtitle": Pt(22), "Heading 1": Pt(26), "Heading 2": Pt(22), "Heading 3": Pt(20)}
WHITE, NOTE_SHADING = "#ffffff", "#f2f2f2"  # the page, and the shading of content notes
# Lived-experience quotes have their own named style, so a reader (or an organisation
# restyling the file) can find and change them all at once; based on Word's Quote.
LIVED_QUOTE_STYLE = "Lived Experience Quote"
# Table columns: none narrower than MIN_COLUMN, nor than its longest word at about WORD_EM
# (a bold character's width in ems, generous for DejaVu Sans) plus Word's cell margins.
MIN_COLUMN, CELL_MARGINS, WORD_EM = Cm(2), Cm(0.4), 0.7


class Styles(NamedTuple):
    """The styles the renderer applies by hand: links, and the text and marks of footnotes."""

    link: CharacterStyle
    fn_text: ParagraphStyle
    fn_ref: CharacterStyle


def hex_colour(colour: str) -> str:
    """ "#1f4e79" as WordprocessingML writes it: "1F4E79"."""
    return colour.lstrip("#").upper()


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour(colour))


def _readable(colour: str, *backgrounds: str) -> str:
    """`colour`, or the same hue darkened until it reads at 4.5:1 on every background.

    A pale brand colour stops a final build (checks/brand_contrast.py); a draft still
    gets readable words rather than the colour as given.
    """
    if all(contrast(colour, bg) >= TEXT_CONTRAST for bg in backgrounds):
        return colour
    return darker(colour, backgrounds, TEXT_CONTRAST)


def setup_page(word: DocxDocument, doc: m.Document, say: dict[str, str]) -> None:
    """A4 with its margins; the draft notice in the header; "Page n" in the footer."""
    section = word.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    headers = [section.header]
    if doc.layout.title_page:
        headers.append(_title_page_header_footer(section))
    if doc.meta.draft:
        for header in headers:  # the title page carries the notice too
            mark = header.paragraphs[0]
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            mark.add_run(say["draft"]).bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{say['page']} ")
    x.page_number_field(footer._p)


def _title_page_header_footer(section: Any) -> Any:
    """A first page of its own (`w:titlePg`): an empty footer, so no page number on the title page.

    Returns its header, which stays empty unless the draft notice goes in it.
    """
    section.different_first_page_header_footer = True
    section.first_page_footer.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    return section.first_page_header


def setup_styles(word: DocxDocument, doc: m.Document, large: bool) -> Styles:
    """The brand's fonts and colours on Word's built-in styles, the styles python-docx lacks, all readable."""
    brand, lang = doc.brand, doc.meta.language
    styles = word.styles
    body_size, small_size = (LARGE_BODY_SIZE, LARGE_SMALL_SIZE) if large else (BODY_SIZE, SMALL_SIZE)
    x.set_doc_defaults(styles.element, brand.body_font, lang, body_size.pt)
    x.set_theme_font_lang(word.settings.element, lang)

    text_colour = _readable(brand.text, WHITE, NOTE_SHADING)
    normal = styles["Normal"]
    normal.font.name = brand.body_font
    normal.font.color.rgb = _rgb(text_colour)
    normal.font.size = body_size
    if large:
        normal.paragraph_format.line_spacing = 1.5
        normal.paragraph_format.space_after = Pt(14)
    x.set_fonts(normal.element.get_or_add_rPr(), brand.body_font)
    x.set_lang(normal.element.get_or_add_rPr(), lang)

    for name in ["Title", "Subtitle", "TOC Heading"] + [f"Heading {n}" for n in range(1, 10)]:
        style = styles[name]
        x.set_fonts(style.element.get_or_add_rPr(), brand.heading_font)
        style.font.color.rgb = _rgb(_readable(brand.primary, WHITE))
        if large:
            style.font.size = LARGE_HEADINGS.get(name, body_size)
        elif style.font.size is not None and style.font.size < body_size:
            style.font.size = body_size  # the template's Heading 8 and 9 are 10pt
    x.recolour_borders(styles["Title"].element.pPr, hex_colour(brand.primary))

    styles["Quote"].font.color.rgb = _rgb(text_colour)
    _lived_quote_style(word, brand, text_colour)

    # Built-in styles missing from python-docx's template. Word recognises built-ins by
    # their internal names ("footnote text" is shown as "Footnote Text"), as with "heading 1".
    link = cast(CharacterStyle, styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True))
    link.font.color.rgb = HYPERLINK_COLOUR
    link.font.underline = True
    fn_text = cast(ParagraphStyle, styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH, builtin=True))
    fn_text.name = "footnote text"
    fn_text.base_style = normal
    fn_text.font.size = body_size if large else small_size
    styles["Footer"].font.size = small_size  # the page number field takes it too
    fn_text.paragraph_format.space_after = Pt(0)
    fn_ref = cast(CharacterStyle, styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER, builtin=True))
    fn_ref.name = "footnote reference"
    fn_ref.font.superscript = True
    for style in (link, fn_text, fn_ref):
        style.priority = 99
        style.unhide_when_used = True
    _contents_styles(word)
    _readable_style_colours(word)
    return Styles(link, fn_text, fn_ref)


def _lived_quote_style(word: DocxDocument, brand: m.Brand, text_colour: str) -> None:
    """ "Lived Experience Quote": Word's Quote (italic) in the text colour, with a thick accent rule.

    The accent is often too pale for words (4.33:1 for the shipped orange), so it only
    draws the edge, which needs 3:1 (checks/brand_contrast.py holds both to account).
    """
    style = cast(ParagraphStyle, word.styles.add_style(LIVED_QUOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH))
    style.base_style = word.styles["Quote"]
    style.next_paragraph_style = word.styles["Normal"]
    style.quick_style = True  # shown in Word's style gallery
    style.priority = 29
    style.font.italic = True
    style.font.color.rgb = _rgb(text_colour)
    style.paragraph_format.left_indent = Cm(0.6)
    x.paragraph_border(style.element, "left", hex_colour(brand.accent), size=24, space=10)


def _contents_styles(word: DocxDocument) -> None:
    """Word's built-in "toc 1" and "toc 2", which the contents list uses (and Word's own TOC would)."""
    for level in (1, 2):
        style = cast(ParagraphStyle, word.styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH, True))
        style.name = f"toc {level}"
        style.base_style = word.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        style.paragraph_format.space_after = Pt(6)
        style.priority = 39
        style.unhide_when_used = True


def _readable_style_colours(word: DocxDocument) -> None:
    """Every text colour in styles.xml at least 4.5:1 on its own shading (or the page).

    The template's unused styles (table styles with white on mid-blue, the pale blue of
    Intense Quote) are kept so Word's galleries work, but none may give a reader unreadable text.
    """
    for color, shd in x.style_text_colours(word.styles.element):
        fg = "#" + color.get(qn("w:val")).lower()
        bg = "#" + shd.get(qn("w:fill")).lower() if shd is not None else WHITE
        if contrast(fg, bg) >= TEXT_CONTRAST:
            continue
        if shd is not None and contrast(fg, "#000000") > contrast(bg, "#000000"):
            shd.set(qn("w:fill"), hex_colour(darker(bg, (fg,), TEXT_CONTRAST)))  # light words: darken the fill
        else:
            color.set(qn("w:val"), hex_colour(darker(fg, (bg,), TEXT_CONTRAST)))


def column_widths(lengths: list[int], minimums: list[int], total: int) -> list[int]:
    """Column widths (EMU) summing to `total`, each in proportion to its text's length, none under its minimum.

    Word's default is equal columns, which squeezes a column of sentences beside a column of numbers.
    When the minimums alone overflow the page, they are shrunk in proportion.
    """
    if sum(minimums) >= total:
        widths = [total * n // sum(minimums) for n in minimums]
    else:
        weights = [max(n, 1) for n in lengths]
        held: set[int] = set()  # columns held at their minimum
        while True:
            free = total - sum(minimums[i] for i in held)
            share = sum(w for i, w in enumerate(weights) if i not in held)
            widths = [minimums[i] if i in held else free * w // share for i, w in enumerate(weights)]
            under = {i for i, w in enumerate(widths) if w < minimums[i]} - held
            if not under:
                break
            held |= under
    widths[-1] += total - sum(widths)  # what integer division left over
    return widths
