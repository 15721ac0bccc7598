"""DOCX renderer: a Word document a charity can send as it is.

Built with python-docx on its default template, using Word's built-in styles
(Title, Heading n, List Bullet/Number, Quote, Intense Quote, Table Grid) so
the navigation pane, screen readers and a reader's own restyling all work.
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
from docx.shape import InlineShape
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from pipeline import model as m
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
LOGO_MAX_WIDTH = Cm(6)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
HYPERLINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)  # Word's own hyperlink blue
# Text sizes: body at least 12pt (GOV.UK), footnotes and footers at least 10pt.
BODY_SIZE, SMALL_SIZE = Pt(12), Pt(10)
# The large-print edition (UKAAF: 16-18pt), with wider line and paragraph spacing.
LARGE_BODY_SIZE, LARGE_SMALL_SIZE = Pt(18), Pt(16)
LARGE_HEADINGS = {"Title": Pt(32), "Subtitle": Pt(22), "Heading 1": Pt(26), "Heading 2": Pt(22), "Heading 3": Pt(20)}
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def render(doc: m.Document, ctx: RenderContext) -> bytes:
    return _DocxRenderer(doc, ctx).build()


def _hex(colour: str) -> str:
    """ "#1f4e79" as WordprocessingML writes it: "1F4E79"."""
    return colour.lstrip("#").upper()


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(_hex(colour))


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
        self.link_style: CharacterStyle
        self.fn_text_style: ParagraphStyle
        self.fn_ref_style: CharacterStyle

    # ------------------------------------------------------------- document

    def build(self) -> bytes:
        self._setup_page()
        self._setup_styles()
        self._title_page()
        self.story = fast.BodyStory(self.word, self.styles)
        self.visit_all(self.doc.sections)
        self.visit(self.doc.credits)
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
        if self.doc.meta.draft:
            # Not a distinct first page, so the title page carries the notice too.
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            header.add_run(self.say["draft"]).bold = True
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(f"{self.say['page']} ")
        x.page_number_field(footer._p)

    def _setup_styles(self) -> None:
        brand, lang = self.doc.brand, self.doc.meta.language
        styles = self.word.styles
        large = self.ctx.large_print
        body_size, small_size = (LARGE_BODY_SIZE, LARGE_SMALL_SIZE) if large else (BODY_SIZE, SMALL_SIZE)
        x.set_doc_defaults(styles.element, brand.body_font, lang, body_size.pt)
        x.set_theme_font_lang(self.word.settings.element, lang)

        normal = styles["Normal"]
        normal.font.name = brand.body_font
        normal.font.color.rgb = _rgb(brand.text)
        normal.font.size = body_size
        if large:
            normal.paragraph_format.line_spacing = 1.5
            normal.paragraph_format.space_after = Pt(14)
        x.set_fonts(normal.element.get_or_add_rPr(), brand.body_font)
        x.set_lang(normal.element.get_or_add_rPr(), lang)

        for name in ["Title", "Subtitle"] + [f"Heading {n}" for n in range(1, 10)]:
            style = styles[name]
            x.set_fonts(style.element.get_or_add_rPr(), brand.heading_font)
            style.font.color.rgb = _rgb(brand.primary)
            if large:
                style.font.size = LARGE_HEADINGS.get(name, body_size)
            elif style.font.size is not None and style.font.size < body_size:
                style.font.size = body_size  # the template's Heading 8 and 9 are 10pt
        x.recolour_borders(styles["Title"].element.pPr, _hex(brand.primary))

        intense = styles["Intense Quote"]
        # Lived-experience quotes: words in the text colour (the accent is often too pale for
        # text: 4.33:1 for the shipped orange), the accent only on the border.
        intense.font.color.rgb = _rgb(brand.text)
        x.recolour_borders(intense.element.pPr, _hex(brand.accent))
        styles["Quote"].font.color.rgb = _rgb(brand.text)

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

    def _title_page(self) -> None:
        meta, brand = self.doc.meta, self.doc.brand
        if brand.logo is not None:
            shape = _picture(self.word.add_paragraph().add_run(), brand.logo, LOGO_MAX_WIDTH)
            x.set_alt_text(shape._inline, brand.logo_alt or f"{meta.organisation} logo")
        if meta.draft:
            self.word.add_paragraph().add_run(self.say["draft"]).bold = True
        self.word.add_paragraph(meta.title, style="Title")
        self.word.add_paragraph(meta.organisation, style="Subtitle")
        self.word.add_paragraph(f"{self.say['response_to']}: {meta.consultation_title}")
        self.word.add_paragraph(meta.consultation_by)
        if meta.closes is not None:
            self.word.add_paragraph(f"{self.say['closing_date']}: {long_date(meta.closes, meta.language)}")
        self.word.add_paragraph(long_date(meta.date, meta.language))
        self.word.add_paragraph(self.say[f"responding_as_{meta.responding_as}"])
        if meta.confidentiality is not None:
            p = self.word.add_paragraph()
            p.add_run(f"{self.say['confidentiality']}: ").bold = True
            p.add_run(meta.confidentiality)
        self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

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
        self._inlines(self._paragraph("Heading 1"), (m.Text(node.title),))
        with self._context(heading_offset=1):
            self.visit_all(node.blocks)
        self.visit_all(node.answers)

    def visit_Answer(self, node: m.Answer) -> None:
        # The word count against the limit is for the drafting team, not the submission.
        self._inlines(self._paragraph("Heading 2"), (m.Text(f"{self.say['question']} {node.number}: {node.question}"),))
        with self._context(heading_offset=2):
            self.visit_all(node.blocks)

    def visit_Footnote(self, node: m.Footnote) -> None:
        self.visit_all(node.blocks)

    def visit_Credits(self, node: m.Credits) -> None:
        self._inlines(self._paragraph("Heading 1"), (m.Text(node.title),))
        self._inlines(self._paragraph(), (m.Text(node.totals),))
        self.visit_all(node.entries)
        if node.unnamed is not None:
            self._inlines(self._paragraph(), (m.Text(node.unnamed),))

    def visit_CreditEntry(self, node: m.CreditEntry) -> None:
        self._inlines(self._paragraph("List Bullet"), (m.Text(f"{node.name} — {node.did}"),))

    # -------------------------------------------------------------- blocks

    def visit_Paragraph(self, node: m.Paragraph) -> None:
        self._inlines(self._paragraph(self.para_style), node.children)

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
        with self._context(para_style="Intense Quote"):
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


def _picture(run: Run, image: m.Image, max_width: int) -> InlineShape:
    """Embed the image's cleaned bytes (never the file, whose name python-docx would also keep)."""
    width = Emu(min(DocxImage.from_blob(image.data).width, max_width))  # its natural width, at most `max_width`
    return run.add_picture(io.BytesIO(image.data), width=width)


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
