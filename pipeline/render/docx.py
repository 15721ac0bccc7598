"""DOCX renderer: a Word document a charity can send as it is.

Built with python-docx on its default template, using Word's built-in styles
(Title, Heading n, List Bullet/Number, Quote, Table Grid, toc n) so the
navigation pane, screen readers and a reader's own restyling all work; lived-
experience quotes have a named style of their own, based on Quote.
Accessibility (issue 12): every text colour in the file reads at 4.5:1, a
contents list links to the headings, the title page labels every detail and
has no page number, tables take widths from their content, every picture has
alt text, and the language is set (tests/test_docx_accessibility.py).
This module is the visitor, one method per model node; the page, the styles and their
colours are in `docx_style`, the title page, contents, a letter's or evidence's opening and
closing, footnotes and properties in `docx_parts` (the visitor's base). The raw XML
python-docx lacks lives in `docx_xml`; `docx_fast` appends blocks and resolves styles
without python-docx's whole-document scans, which grow with the length of the file.

The output is reproducible: the zip is re-written with fixed timestamps, and
nothing else in the package depends on the clock, the machine or chance.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable

from pipeline import model as m
from pipeline.assemble.plaintext import PlainText
from pipeline.render import docx_fast as fast
from pipeline.render import docx_fields as fields
from pipeline.render import docx_xml as x
from pipeline.render.context import RenderContext
from pipeline.render.docx_parts import DocxParts, picture
from pipeline.render.docx_style import (
    BODY_SIZE,
    CELL_MARGINS,
    LARGE_BODY_SIZE,
    LIVED_QUOTE_STYLE,
    MIN_COLUMN,
    MONO_FONT,
    PICTURE_MAX_HEIGHT,
    TEXT_WIDTH,
    WORD_EM,
    column_widths,
    hex_colour,
    setup_page,
    setup_styles,
)

FORMAT = "docx"
SUFFIX = ".docx"
TITLE = "Word file with built-in Title and Heading styles, real lists, links, tables and footnotes"
READER = "zip"
ORDER = 2

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def render(doc: m.Document, ctx: RenderContext) -> bytes:
    return _DocxRenderer(doc, ctx).build()


class _DocxRenderer(DocxParts):
    # ------------------------------------------------------------- document

    def build(self) -> bytes:
        setup_page(self.word, self.doc, self.say)
        self.link_style, self.fn_text_style, self.fn_ref_style = setup_styles(self.word, self.doc, self.ctx.large_print)
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
        return package_bytes(self.word)

    # --------------------------------------------------------------- shape

    def visit_Section(self, node: m.Section) -> None:
        self.numbering_on = self.doc.layout.numbered and node.kind != "summary"  # numbered after the summary
        self._inlines(self._paragraph("Heading 1"), (m.Text(node.title),))
        with self._context(heading_offset=1):
            self._blocks(node.blocks)
        self.visit_all(node.answers)

    def visit_Answer(self, node: m.Answer) -> None:
        # The word count against the limit is for the drafting team, not the submission.
        self._inlines(
            self._paragraph("Heading 2"), (m.Text(f"{self.say['question']} {node.shown_number}: {node.question}"),)
        )
        with self._context(heading_offset=2):
            self._blocks(node.blocks)

    def visit_Footnote(self, node: m.Footnote) -> None:
        self.visit_all(node.blocks)

    def visit_Credits(self, node: m.Credits) -> None:
        self.numbering_on = self.doc.layout.numbered
        self._inlines(self._paragraph("Heading 1"), (m.Text(node.title),))
        self._inlines(self._numbered(self._paragraph()), (m.Text(node.totals),))
        for heading, entries in node.groups:  # co-signed: each organisation's people apart (assemble/credits.py)
            self._inlines(self._paragraph("Heading 2"), (m.Text(heading),))
            self.visit_all(entries)
        if not node.groups:
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
        level = self.outline.level(node, self.heading_offset)  # one below its place, never a level skipped
        self._inlines(self._paragraph(self._heading(level)), node.children)

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
            if self.numbering_on and depth == 1 and not self.in_footnote:  # (a), (b): never a second "1."
                num_id = fields.letter_numbering(numbering, start)
            else:
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
        """Each quote a box of its own, its attribution inside it: a one-cell table without borders holding the
        quote's paragraphs and the credit, in the quote's style (its accent rule draws the box). Paragraphs of one
        style side by side are one box to LibreOffice and one quote to pandoc, whatever their borders; a table
        keeps each quote apart in every reader. An empty paragraph after it, as Word joins tables that touch."""
        table = self.story.add_table(rows=1, cols=1)
        x.set_column_widths(table._tbl, [TEXT_WIDTH])
        cell = fast.CellStory(table, self.styles, TEXT_WIDTH)
        with self._context(story=cell, para_style=LIVED_QUOTE_STYLE):
            self.visit_all(node.blocks)
            if node.attribution is not None:
                p = self._paragraph(LIVED_QUOTE_STYLE)
                fast.set_alignment(p, WD_ALIGN_PARAGRAPH.RIGHT)
                self._inlines(p, (m.Text(f"— {node.attribution}"),))
        cell.close()
        fast.set_spacing(self._paragraph(), Pt(0), Pt(6))
        self.para = None

    def visit_ContentNote(self, node: m.ContentNote) -> None:
        p = self._paragraph(self.para_style)
        x.paragraph_border(p._p, "left", hex_colour(self.doc.brand.accent), size=18, space=8)
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
                    fast.set_alignment(p, ALIGN[cell.align])
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
        x.set_column_widths(table._tbl, column_widths(longest, minimums, TEXT_WIDTH))

    def visit_CodeBlock(self, node: m.CodeBlock) -> None:
        p = self._paragraph(self.para_style)
        p.paragraph_format.left_indent = Cm(0.5)
        lines = node.text.removesuffix("\n").split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(line)
            run.font.name = MONO_FONT
            if self.run_lang is not None:
                x.set_lang(run._r.get_or_add_rPr(), self.run_lang)
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
        shape = picture(self._run(), node, TEXT_WIDTH, PICTURE_MAX_HEIGHT)
        x.set_alt_text(shape._inline, node.alt, node.title)

    def visit_FootnoteRef(self, node: m.FootnoteRef) -> None:
        if not 1 <= node.number <= len(self.doc.footnotes):
            raise ValueError(f"footnote {node.number} is referenced but the document has no such footnote")
        run = self._run()
        self.styles.set_run(run, self.fn_ref_style)
        x.add_footnote_reference(run._r, node.number)


def package_bytes(word: DocxDocument) -> bytes:
    """The Word file's bytes, the same for the same document: what python-docx's `Document.save` writes (its parts,
    in its order: [Content_Types].xml first), each entry with a fixed date, attributes and compression, and our
    own app.xml.

    python-docx stamps each entry with the save time and has no way to say otherwise, so its saved file was read
    back and written again, every part compressed twice; its package writer now writes into our zip once."""
    from docx.opc.pkgwriter import PackageWriter

    package = word.part.package
    for part in package.parts:  # what OpcPackage.save does first
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipf:
        entries = _FixedEntries(zipf)  # what python-docx calls a PhysPkgWriter: write(pack_uri, blob)
        steps: Any = PackageWriter  # PackageWriter.write's own steps, in its order, with our writer
        parts = package.parts
        steps._write_content_types_stream(entries, parts)
        steps._write_pkg_rels(entries, package.rels)
        steps._write_parts(entries, parts)
    return out.getvalue()


class _FixedEntries:
    """python-docx's physical package writer (`write(pack_uri, blob)`), writing each entry as a fixed one."""

    def __init__(self, zipf: zipfile.ZipFile) -> None:
        self.zipf = zipf

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name = pack_uri.membername
        info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 0
        info.external_attr = 0
        self.zipf.writestr(info, x.APP_XML if name == "docProps/app.xml" else blob, compresslevel=6)
