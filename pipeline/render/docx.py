"""DOCX renderer: a Word document a charity can send as it is.

Built with python-docx on its default template, using Word's built-in styles
(Title, Heading n, List Bullet/Number, Quote, Table Grid, toc n) so the
navigation pane, screen readers and a reader's own restyling all work; lived-
experience quotes have a named style of their own, based on Quote.
Accessibility (issue 12): every text colour in the file reads at 4.5:1, a
contents list links to the headings, the title page labels every detail and
has no page number, tables take widths from their content, every picture has
alt text, and the language is set (tests/test_docx_accessibility.py).
The raw XML python-docx lacks lives in `docx_xml`; `docx_fast` appends blocks
and resolves styles without python-docx's whole-document scans, which grow
with the length of the file.

The output is reproducible: the zip is re-written with fixed timestamps, and
nothing else in the package depends on the clock, the machine or chance.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol, cast

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from pipeline import model as m
from pipeline.assemble.plaintext import PlainText
from pipeline.checks.brand_contrast import TEXT_CONTRAST, contrast, darker
from pipeline.model import Visitor
from pipeline.render import docx_fast as fast
from pipeline.render import docx_xml as x
from pipeline.render.context import RenderContext
from pipeline.vocabulary import labels, long_date

FORMAT = "docx"
SUFFIX = ".docx"
TITLE = "Word file with built-in Title and Heading styles, real lists, links, tables and footnotes"
READER = "zip"
ORDER = 2

MONO_FONT = "Consolas"  # ships with Word on Windows and Mac; LibreOffice substitutes a metric match
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2.5)  # A4
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT = Cm(5), Cm(2.5)  # a logo marks the page; it should not fill it
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
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
CONTENTS_LEVELS = ("Heading 1", "Heading 2")  # the sections and the questions
# Table columns: none narrower than MIN_COLUMN, nor than its longest word at about WORD_EM
# (a bold character's width in ems, generous for DejaVu Sans) plus Word's cell margins.
MIN_COLUMN, CELL_MARGINS, WORD_EM = Cm(2), Cm(0.4), 0.7
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def render(doc: m.Document, ctx: RenderContext) -> bytes:
    return _DocxRenderer(doc, ctx).build()


def _hex(colour: str) -> str:
    """ "#1f4e79" as WordprocessingML writes it: "1F4E79"."""
    return colour.lstrip("#").upper()


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(_hex(colour))


def _readable(colour: str, *backgrounds: str) -> str:
    """`colour`, or the same hue darkened until it reads at 4.5:1 on every background.

    A pale brand colour stops a final build (checks/brand_contrast.py); a draft still
    gets readable words rather than the colour as given.
    """
    if all(contrast(colour, bg) >= TEXT_CONTRAST for bg in backgrounds):
        return colour
    return darker(colour, backgrounds, TEXT_CONTRAST)


class _Story(Protocol):
    """Where blocks go: the document body (python-docx's Document) or one footnote."""

    def add_paragraph(self, text: str = "", style: Any = None) -> DocxParagraph: ...

    def add_table(self, rows: int, cols: int, style: Any = None) -> DocxTable: ...


class _DocxRenderer(Visitor):
    def __init__(self, doc: m.Document, ctx: RenderContext) -> None:
        self.doc = doc
        self.ctx = ctx
        self.say = labels(doc.meta.language)
        self.word: DocxDocument = docx.Document()
        self.styles = fast.StyleIds(self.word.styles)  # each style name resolved once
        self.story: _Story = self.word
        self.para: DocxParagraph | None = None  # the paragraph inline nodes write into
        # Inline formatting state, set by Strong/Emphasis/Link and read by _run.
        self.bold = False
        self.italic = False
        self.link: Any = None
        # Block context: the style plain paragraphs take here, and heading levels.
        self.para_style: str | BaseStyle | None = None
        self.heading_offset = 1
        self.in_footnote = False
        self.list_depth = 0
        self.list_style = ""
        self.list_num_id: int | None = None
        # Numbered paragraphs (written evidence): Word's own numbering, one definition for the document
        self.numbering_on = False
        self.para_num_id: int | None = None
        self.title_page_end: Any = None  # the paragraph that ends the title page, when there is one
        self.link_style: CharacterStyle
        self.fn_text_style: ParagraphStyle
        self.fn_ref_style: CharacterStyle

    # ------------------------------------------------------------- document

    def build(self) -> bytes:
        self._setup_page()
        self._setup_styles()
        if self.doc.layout.title_page:
            self._title_page()
        self.story = fast.BodyStory(self.word, self.styles)
        self._layout_opening()
        self.visit_all(self.doc.sections)
        self._layout_closing()
        self.visit(self.doc.credits)
        self._contents()
        self._footnotes()
        self._properties()
        out = io.BytesIO()
        self.word.save(out)
        return _normalise_zip(out.getvalue())

    def _setup_page(self) -> None:
        section = self.word.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
        headers = [section.header]
        if self.doc.layout.title_page:
            headers.append(self._title_page_header_footer(section))
        if self.doc.meta.draft:
            for header in headers:  # the title page carries the notice too
                mark = header.paragraphs[0]
                mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
                mark.add_run(self.say["draft"]).bold = True
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(f"{self.say['page']} ")
        x.page_number_field(footer._p)

    def _title_page_header_footer(self, section: Any) -> Any:
        """A first page of its own (`w:titlePg`): an empty footer, so no page number on the title page.

        Returns its header, which stays empty unless the draft notice goes in it.
        """
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
        section.first_page_header.is_linked_to_previous = False
        return section.first_page_header

    def _setup_styles(self) -> None:
        brand, lang = self.doc.brand, self.doc.meta.language
        styles = self.word.styles
        large = self.ctx.large_print
        body_size, small_size = (LARGE_BODY_SIZE, LARGE_SMALL_SIZE) if large else (BODY_SIZE, SMALL_SIZE)
        x.set_doc_defaults(styles.element, brand.body_font, lang, body_size.pt)
        x.set_theme_font_lang(self.word.settings.element, lang)

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
        x.recolour_borders(styles["Title"].element.pPr, _hex(brand.primary))

        styles["Quote"].font.color.rgb = _rgb(text_colour)
        self._lived_quote_style(text_colour)

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
        self.link_style, self.fn_text_style, self.fn_ref_style = link, fn_text, fn_ref
        self._contents_styles()
        self._readable_style_colours()

    def _lived_quote_style(self, text_colour: str) -> None:
        """ "Lived Experience Quote": Word's Quote (italic) in the text colour, with a thick accent rule.

        The accent is often too pale for words (4.33:1 for the shipped orange), so it only
        draws the edge, which needs 3:1 (checks/brand_contrast.py holds both to account).
        """
        style = cast(ParagraphStyle, self.word.styles.add_style(LIVED_QUOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH))
        style.base_style = self.word.styles["Quote"]
        style.next_paragraph_style = self.word.styles["Normal"]
        style.quick_style = True  # shown in Word's style gallery
        style.priority = 29
        style.font.italic = True
        style.font.color.rgb = _rgb(text_colour)
        style.paragraph_format.left_indent = Cm(0.6)
        x.paragraph_border(style.element, "left", _hex(self.doc.brand.accent), size=24, space=10)

    def _contents_styles(self) -> None:
        """Word's built-in "toc 1" and "toc 2", which the contents list uses (and Word's own TOC would)."""
        for level in (1, 2):
            style = cast(ParagraphStyle, self.word.styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH, True))
            style.name = f"toc {level}"
            style.base_style = self.word.styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.75 * (level - 1))
            style.paragraph_format.space_after = Pt(6)
            style.priority = 39
            style.unhide_when_used = True

    def _readable_style_colours(self) -> None:
        """Every text colour in styles.xml at least 4.5:1 on its own shading (or the page).

        The template's unused styles (table styles with white on mid-blue, the pale blue of
        Intense Quote) are kept so Word's galleries work, but none may give a reader unreadable text.
        """
        for color, shd in x.style_text_colours(self.word.styles.element):
            fg = "#" + color.get(qn("w:val")).lower()
            bg = "#" + shd.get(qn("w:fill")).lower() if shd is not None else WHITE
            if contrast(fg, bg) >= TEXT_CONTRAST:
                continue
            if shd is not None and contrast(fg, "#000000") > contrast(bg, "#000000"):
                shd.set(qn("w:fill"), _hex(darker(bg, (fg,), TEXT_CONTRAST)))  # light words: darken the fill
            else:
                color.set(qn("w:val"), _hex(darker(fg, (bg,), TEXT_CONTRAST)))

    def _title_page(self) -> None:
        """The title, the organisation, then every detail of the consultation under its label.

        The same facts, in the same order and words, as the HTML title page.
        """
        meta, brand, say = self.doc.meta, self.doc.brand, self.say
        if brand.logo is not None:
            shape = _picture(self.word.add_paragraph().add_run(), brand.logo, LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT)
            x.set_alt_text(shape._inline, brand.logo_alt or f"{meta.organisation} logo")
        if meta.draft:
            self.word.add_paragraph().add_run(say["draft"]).bold = True
        self.word.add_paragraph(meta.title, style="Title")
        self.word.add_paragraph(meta.organisation, style="Subtitle")
        self._detail("response_to", m.Text(meta.consultation_title))
        self._detail("consultation_by", m.Text(meta.consultation_by))
        if meta.consultation_url:
            self._detail("consultation_page", m.Link(meta.consultation_url, (m.Text(meta.consultation_url),)))
        if meta.closes is not None:
            self._detail("closing_date", m.Text(long_date(meta.closes, meta.language)))
        self._detail("date_of_response", m.Text(long_date(meta.date, meta.language)))
        self._detail("responding_as", m.Text(say.get(f"as_{meta.responding_as}", meta.responding_as)))
        if meta.confidentiality is not None:
            self._detail("confidentiality", m.Text(meta.confidentiality))
        end = self.word.add_paragraph()
        end.add_run().add_break(WD_BREAK.PAGE)
        self.title_page_end = end._p  # the contents go after it

    def _detail(self, label: str, value: m.Inline) -> None:
        """One labelled line of the title page: "Closing date: 1 March 2026", the label in bold."""
        p = self.word.add_paragraph()
        p.add_run(f"{self.say[label]}: ").bold = True
        self._inlines(p, (value,))

    def _contents(self) -> None:
        """A contents list after the title page: each section and question, a link to its heading.

        Static rather than Word's TOC field: a field shows nothing useful until Word updates
        it, and Word asks before updating fields on opening, which is a prompt every reader
        meets and many refuse. The list is built from the headings as written, each entry an
        internal hyperlink to a hidden `_Toc` bookmark on its heading, so it works in Word,
        LibreOffice and screen readers without updating anything. It carries no page numbers
        (only Word's layout knows them); Word's References > Table of Contents can still
        replace it, using the same "toc 1"/"toc 2" styles.
        """
        if self.title_page_end is None:
            return
        levels = {self.styles.get(name, WD_STYLE_TYPE.PARAGRAPH): n for n, name in enumerate(CONTENTS_LEVELS, 1)}
        entries = []
        for p in self.word.element.body.iterchildren(qn("w:p")):
            level = levels.get(p.style)
            if level is not None:
                entries.append((level, "".join(t.text or "" for t in p.iter(qn("w:t"))), p))
        if not entries:
            return
        story = fast.BodyStory(self.word, self.styles)
        new = [story.add_paragraph(self.say["contents"], style="TOC Heading")]
        for number, (level, text, heading) in enumerate(entries, start=1):
            bookmark = f"_Toc{number}"
            x.add_bookmark(heading, number, bookmark)
            entry = story.add_paragraph(style=f"toc {level}")
            link = x.add_internal_link(entry._p, bookmark)
            run = fast.add_run(entry, text)
            link.append(run._r)
            self.styles.set_run(run, self.link_style)
            new.append(entry)
        end = story.add_paragraph()
        end.add_run().add_break(WD_BREAK.PAGE)
        new.append(end)
        at = self.title_page_end
        for paragraph in new:  # moved from the end of the body to just after the title page
            at.addnext(paragraph._p)
            at = paragraph._p

    # ------------------------------------------------ layouts without a title page

    def _layout_opening(self) -> None:
        """Written evidence: its heading line and the date. A letter: the addressee, the date, the salutation."""
        meta, layout = self.doc.meta, self.doc.layout
        date = long_date(meta.date, meta.language)
        if layout.kind == "evidence":
            self._inlines(self._paragraph("Title"), (m.Text(layout.heading),))
            self._inlines(self._paragraph(), (m.Text(date),))
        elif layout.kind == "letter":
            if self.doc.brand.logo is not None:  # the letterhead
                shape = _picture(self._paragraph().add_run(), self.doc.brand.logo, LOGO_MAX_WIDTH)
                x.set_alt_text(shape._inline, self.doc.brand.logo_alt or f"{meta.organisation} logo")
            self._inlines(self._paragraph(), (m.Strong((m.Text(meta.organisation),)),))
            for k, line in enumerate(layout.to):
                p = self._paragraph()
                p.paragraph_format.space_after = Pt(0) if k < len(layout.to) - 1 else None
                self._inlines(p, (m.Text(line),))
            self._inlines(self._paragraph(), (m.Text(date),))
            self._inlines(self._paragraph(), (m.Text(layout.salutation),))
            self._inlines(self._paragraph(), (m.Strong((m.Text(meta.title),)),))
        else:
            return
        if meta.confidentiality is not None:
            p = self._paragraph()
            p.add_run(f"{self.say['confidentiality']}: ").bold = True
            p.add_run(meta.confidentiality)

    def _layout_closing(self) -> None:
        """A letter's closing and its signatories, each on a line, then the organisation."""
        layout = self.doc.layout
        if layout.kind != "letter":
            return
        self._inlines(self._paragraph(), (m.Text(layout.closing),))
        for name in layout.signatories:
            p = self._paragraph()
            p.paragraph_format.space_after = Pt(0)
            self._inlines(p, (m.Text(name),))
        self._inlines(self._paragraph(), (m.Text(self.doc.meta.organisation),))

    def _numbered(self, paragraph: DocxParagraph) -> DocxParagraph:
        """A body paragraph numbered with Word's own numbering (a `w:numPr`), so Word renumbers after edits.

        Only plain paragraphs of the body: not headings, list items, quotes, tables or footnotes."""
        if not self.numbering_on or self.in_footnote or self.list_depth or self.para_style is not None:
            return paragraph
        if self.para_num_id is None:
            self.para_num_id = x.paragraph_numbering(self.word.part.numbering_part.element)
        x.set_num(paragraph._p, self.para_num_id)
        return paragraph

    def _footnotes(self) -> None:
        if not self.doc.footnotes:
            return
        part = x.FootnotesPart.new(self.word.part.package)
        self.word.part.relate_to(part, RT.FOOTNOTES)
        x.enable_footnotes(self.word.settings.element)
        text_style = self.fn_text_style
        for number, footnote in enumerate(self.doc.footnotes, start=1):
            element = part.add_footnote(number)
            story = fast.FootnoteStory(element, part, self.styles, TEXT_WIDTH)
            with self._context(story=story, para_style=text_style, in_footnote=True):
                self.visit(footnote)
            x.add_footnote_mark(element, text_style.style_id, self.fn_ref_style.style_id)

    def _properties(self) -> None:
        meta = self.doc.meta
        props = self.word.core_properties
        stamp = dt.datetime.combine(meta.date, dt.time(0, 0), tzinfo=dt.UTC)
        props.title = meta.title
        props.author = meta.organisation
        props.last_modified_by = meta.organisation
        props.subject = meta.consultation_title
        props.comments = ""  # the template says "generated by python-docx"
        props.keywords = ""
        props.category = ""
        props.language = meta.language
        props.revision = 1
        props.created = stamp
        props.modified = stamp
        # The template's thumbnail is a picture of an empty page; drop it rather than mislead.
        package_rels = self.word.part.package.rels
        for r_id, rel in list(package_rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package_rels[r_id]

    # ------------------------------------------------------------- helpers

    @contextmanager
    def _context(self, **changes: Any) -> Iterator[None]:
        """Set renderer attributes for the duration of a node, restoring them afterwards."""
        saved = {name: getattr(self, name) for name in changes}
        for name, value in changes.items():
            setattr(self, name, value)
        try:
            yield
        finally:
            for name, value in saved.items():
                setattr(self, name, value)

    def _paragraph(self, style: str | BaseStyle | None = None) -> DocxParagraph:
        self.para = self.story.add_paragraph(style=style)
        return self.para

    def _inlines(self, paragraph: DocxParagraph, children: tuple[m.Inline, ...], **changes: Any) -> None:
        with self._context(para=paragraph, **changes):
            self.visit_all(children)

    def _run(self, text: str = "") -> Run:
        assert self.para is not None, "inline node outside a paragraph"
        run = fast.add_run(self.para, text)
        if self.bold:
            run.bold = True
        if self.italic:
            run.italic = True
        if self.link is not None:
            self.link.append(run._r)  # lxml moves the run into the w:hyperlink
            self.styles.set_run(run, self.link_style)
        return run

    def _heading(self, level: int) -> str:
        return f"Heading {min(level, 9)}"

    # --------------------------------------------------------------- shape

    def visit_Section(self, node: m.Section) -> None:
        self.numbering_on = self.doc.layout.numbered and node.kind != "summary"  # numbered after the summary
        self._inlines(self._paragraph("Heading 1"), (m.Text(node.title),))
        with self._context(heading_offset=1):
            self.visit_all(node.blocks)
        self.visit_all(node.answers)

    def visit_Answer(self, node: m.Answer) -> None:
        # The word count against the limit is for the drafting team, not the submission.
        self._inlines(
            self._paragraph("Heading 2"), (m.Text(f"{self.say['question']} {node.shown_number}: {node.question}"),)
        )
        with self._context(heading_offset=2):
            self.visit_all(node.blocks)

    def visit_Footnote(self, node: m.Footnote) -> None:
        self.visit_all(node.blocks)

    def visit_Credits(self, node: m.Credits) -> None:
        self.numbering_on = self.doc.layout.numbered
        self._inlines(self._paragraph("Heading 1"), (m.Text(node.title),))
        self._inlines(self._numbered(self._paragraph()), (m.Text(node.totals),))
        self.visit_all(node.entries)
        if node.unnamed is not None:
            self._inlines(self._numbered(self._paragraph()), (m.Text(node.unnamed),))

    def visit_CreditEntry(self, node: m.CreditEntry) -> None:
        self._inlines(self._paragraph("List Bullet"), (m.Text(f"{node.name} — {node.did}"),))

    # -------------------------------------------------------------- blocks

    def visit_Paragraph(self, node: m.Paragraph) -> None:
        self._inlines(self._numbered(self._paragraph(self.para_style)), node.children)

    def visit_Heading(self, node: m.Heading) -> None:
        if self.in_footnote:  # a heading inside a footnote would land in the navigation pane
            self._inlines(self._paragraph(self.para_style), node.children, bold=True)
            return
        self._inlines(self._paragraph(self._heading(node.level + self.heading_offset)), node.children)

    def visit_BulletList(self, node: m.BulletList) -> None:
        self._list(node.items, "List Bullet", None)

    def visit_OrderedList(self, node: m.OrderedList) -> None:
        self._list(node.items, "List Number", node.start)

    def _list(self, items: tuple[m.ListItem, ...], base: str, start: int | None) -> None:
        depth = min(self.list_depth + 1, 3)  # the built-in styles stop at 3
        style = base if depth == 1 else f"{base} {depth}"
        num_id = None
        if start is not None:
            numbering = self.word.part.numbering_part.element
            num_id = x.restart_numbering(numbering, self.word.styles[style].element, start)
        with self._context(list_depth=depth, list_style=style, list_num_id=num_id):
            self.visit_all(items)

    def visit_ListItem(self, node: m.ListItem) -> None:
        cont = "List Continue" if self.list_depth == 1 else f"List Continue {self.list_depth}"
        first = True
        for block in node.blocks:
            if isinstance(block, m.Paragraph):
                paragraph = self._paragraph(self.list_style if first else cont)
                if first and self.list_num_id is not None:
                    x.set_num(paragraph._p, self.list_num_id)
                first = False
                self._inlines(paragraph, block.children)
            else:
                self.visit(block)

    def visit_Quote(self, node: m.Quote) -> None:
        with self._context(para_style="Quote"):
            self.visit_all(node.blocks)

    def visit_LivedQuote(self, node: m.LivedQuote) -> None:
        with self._context(para_style=LIVED_QUOTE_STYLE):
            self.visit_all(node.blocks)
        if node.attribution is not None:
            p = self._paragraph(self.para_style)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self._inlines(p, (m.Text(f"— {node.attribution}"),))

    def visit_ContentNote(self, node: m.ContentNote) -> None:
        p = self._paragraph(self.para_style)
        x.paragraph_border(p._p, "left", _hex(self.doc.brand.accent), size=18, space=8)
        x.paragraph_shading(p._p, "F2F2F2")
        self._inlines(p, (m.Strong((m.Text(f"{self.say['content_note']}: "),)), m.Text(node.text)), italic=True)

    def visit_Table(self, node: m.Table) -> None:
        cols = max([len(node.header), *(len(row) for row in node.rows)])
        table = self.story.add_table(rows=1 + len(node.rows), cols=cols, style="Table Grid")
        x.mark_header_row(table.rows[0]._tr)
        for r, (row, paragraphs) in enumerate(
            zip((node.header, *node.rows), fast.first_paragraphs(table), strict=True)
        ):
            for cell, p in zip(row, paragraphs, strict=False):
                if cell.align:
                    p.alignment = ALIGN[cell.align]
                self._inlines(p, cell.children, bold=r == 0)
        self.para = None
        self._column_widths(table, node, cols)

    def _column_widths(self, table: DocxTable, node: m.Table, cols: int) -> None:
        """Widths from the content: in proportion to each column's longest text, and room for its longest word."""
        text = PlainText()
        longest, word = [0] * cols, [0] * cols
        for row in (node.header, *node.rows):
            for c, cell in enumerate(row):
                said = text.inlines(cell.children)
                longest[c] = max(longest[c], len(said))
                word[c] = max([word[c], *(len(w) for w in said.split())])
        size = (LARGE_BODY_SIZE if self.ctx.large_print else BODY_SIZE) * WORD_EM
        minimums = [max(MIN_COLUMN, round(n * size) + CELL_MARGINS) for n in word]
        x.set_column_widths(table._tbl, _column_widths(longest, minimums, TEXT_WIDTH))

    def visit_CodeBlock(self, node: m.CodeBlock) -> None:
        p = self._paragraph(self.para_style)
        p.paragraph_format.left_indent = Cm(0.5)
        lines = node.text.removesuffix("\n").split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(line)
            run.font.name = MONO_FONT
            if i < len(lines) - 1:
                run.add_break()

    def visit_ThematicBreak(self, node: m.ThematicBreak) -> None:
        x.paragraph_border(self._paragraph()._p, "bottom", "A6A6A6")

    # -------------------------------------------------------------- inline

    def visit_Text(self, node: m.Text) -> None:
        self._run(node.text)

    def visit_Strong(self, node: m.Strong) -> None:
        with self._context(bold=True):
            self.visit_all(node.children)

    def visit_Emphasis(self, node: m.Emphasis) -> None:
        with self._context(italic=True):
            self.visit_all(node.children)

    def visit_Code(self, node: m.Code) -> None:
        self._run(node.text).font.name = MONO_FONT

    def visit_Link(self, node: m.Link) -> None:
        assert self.para is not None
        r_id = self.para.part.relate_to(node.href, RT.HYPERLINK, is_external=True)
        with self._context(link=x.add_hyperlink(self.para._p, r_id)):
            self.visit_all(node.children)

    def visit_LineBreak(self, node: m.LineBreak) -> None:
        self._run().add_break()

    def visit_Image(self, node: m.Image) -> None:
        shape = _picture(self._run(), node, TEXT_WIDTH)
        x.set_alt_text(shape._inline, node.alt, node.title)

    def visit_FootnoteRef(self, node: m.FootnoteRef) -> None:
        if not 1 <= node.number <= len(self.doc.footnotes):
            raise ValueError(f"footnote {node.number} is referenced but the document has no such footnote")
        run = self._run()
        self.styles.set_run(run, self.fn_ref_style)
        x.add_footnote_reference(run._r, node.number)


def _picture(run: Run, image: m.Image, max_width: int, max_height: int | None = None) -> InlineShape:
    """Embed the image's cleaned bytes (never the file, whose name python-docx would also keep).

    At its natural size, made smaller (never larger) to fit `max_width` and `max_height`, its shape kept.
    """
    natural = DocxImage.from_blob(image.data)
    scale = min(1.0, max_width / natural.width)
    if max_height is not None:
        scale = min(scale, max_height / natural.height)
    width = Emu(min(round(natural.width * scale), max_width))
    if max_height is None:
        return run.add_picture(io.BytesIO(image.data), width=width)  # python-docx keeps the shape
    height = Emu(min(round(natural.height * scale), max_height))
    return run.add_picture(io.BytesIO(image.data), width=width, height=height)


def _column_widths(lengths: list[int], minimums: list[int], total: int) -> list[int]:
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


def _normalise_zip(data: bytes) -> bytes:
    """Re-write the package so identical documents give identical bytes.

    python-docx stamps each zip entry with the save time; fixed dates, attributes
    and compression (and our own app.xml) leave only the content to differ.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():  # python-docx's order: [Content_Types].xml first
            body = x.APP_XML if name == "docProps/app.xml" else src.read(name)
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, body, compresslevel=6)
    return out.getvalue()
