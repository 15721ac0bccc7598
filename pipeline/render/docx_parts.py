"""The parts of the Word file around the answers: title page, contents, a letter's or evidence's
opening and closing, footnotes, properties; and the state and helpers the renderer's visitor shares.

`DocxParts` is the base of render/docx.py's visitor: it holds where blocks go (the body or a
footnote), the inline formatting in force, and the few helpers that write a paragraph or a run.
The visitor methods (one per model node) are in render/docx.py; the look in render/docx_style.py.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any, Protocol

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.shared import Cm, Emu, Pt
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from pipeline import model as m
from pipeline.load.labels import labels
from pipeline.model import Visitor
from pipeline.render import docx_fast as fast
from pipeline.render import docx_fields as fields
from pipeline.render import docx_marks as marks
from pipeline.render import docx_xml as x
from pipeline.render.context import Outline, RenderContext, consultation_label, logos
from pipeline.render.docx_style import TEXT_WIDTH
from pipeline.vocabulary import long_date

LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT = Cm(5), Cm(2.5)  # a logo marks the page; it should not fill it
CONTENTS_LEVELS = ("Heading 1", "Heading 2")  # the sections and the questions


class _Story(Protocol):
    """Where blocks go: the document body (python-docx's Document) or one footnote."""

    def add_paragraph(self, text: str = "", style: Any = None) -> DocxParagraph: ...

    def add_table(self, rows: int, cols: int, style: Any = None) -> DocxTable: ...


class DocxParts(Visitor):
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
        self.outline = Outline()  # contributed headings re-levelled so Word's levels never skip, as in HTML and PDF
        self.in_footnote = False
        self.marked = 1  # the number of the next provenance mark written so far (docx_marks)
        self.list_depth = 0
        self.list_style = ""
        self.list_num_id: int | None = None
        # Numbered paragraphs (written evidence): Word's own numbering, one definition for the document
        self.numbering_on = False
        self.para_num_id: int | None = None
        self.title_page_end: Any = None  # the paragraph that ends the title page, when there is one
        # a contribution in another language than the response (Document.written_in): its runs say so (w:lang)
        self.written_in = dict(doc.written_in)
        self.run_lang: str | None = None
        self.link_style: CharacterStyle
        self.fn_text_style: ParagraphStyle
        self.fn_ref_style: CharacterStyle

    # ------------------------------------------------------------- title page and contents

    def _title_page(self) -> None:
        """The title, the organisation, then every detail of the consultation under its label.

        The same facts, in the same order and words, as the HTML title page.
        """
        meta, say = self.doc.meta, self.say
        shown = logos(self.doc)
        if shown:  # each organisation's own logo, side by side, or brand.yaml's
            run = self.word.add_paragraph().add_run()
            for image, alt in shown:
                x.set_alt_text(picture(run, image, LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT)._inline, alt)
        if meta.draft:
            self.word.add_paragraph().add_run(say["draft"]).bold = True
        self.word.add_paragraph(meta.title, style="Title")
        self.word.add_paragraph(meta.organisation, style="Subtitle")
        self._detail(consultation_label(self.doc), m.Text(meta.consultation_title))  # "Response to" said once
        self._detail("consultation_by", m.Text(meta.consultation_by))
        if meta.consultation_url:
            self._detail("consultation_page", m.Link(meta.consultation_url, (m.Text(meta.consultation_url),)))
        if meta.closes is not None:
            self._detail("closing_date", m.Text(long_date(meta.closes, meta.language)))
        self._detail("date_of_response", m.Text(long_date(meta.date, meta.language)))
        self._detail("responding_as", m.Text(say.get(f"as_{meta.responding_as}", meta.responding_as)))
        if meta.confidentiality is not None:
            self._detail("confidentiality", m.Text(meta.confidentiality))
        self._organisation_details(self.word.add_paragraph)
        end = self.word.add_paragraph()
        end.add_run().add_break(WD_BREAK.PAGE)
        self.title_page_end = end._p  # the contents go after it

    def _organisation_details(self, paragraph: Callable[[], DocxParagraph]) -> None:
        """Each organisation's contact details, as the HTML prints them: a label in bold before each line;
        co-signed, each organisation's under its own name."""
        signers = self.doc.layout.organisations
        for org in signers:
            if not org.details:
                continue
            if len(signers) > 1:
                paragraph().add_run(org.name).bold = True
            for k, (label, value) in enumerate(org.details):
                p = paragraph()
                p.paragraph_format.space_after = Pt(0) if k < len(org.details) - 1 else None
                p.add_run(f"{label}: ").bold = True
                p.add_run(value)

    def _detail(self, label: str, value: m.Inline) -> None:
        """One labelled line of the title page: "Closing date: 1 March 2026", the label in bold."""
        p = self.word.add_paragraph()
        p.add_run(f"{self.say[label]}: ").bold = True
        self._inlines(p, (value,))

    def _contents(self) -> None:
        """A contents list after the title page: each section and question, a link to its heading.

        Word's own TOC field, holding the list as its cached result: each entry an internal hyperlink
        to a hidden `_Toc` bookmark on its heading, built from the headings as written, so LibreOffice,
        screen readers and a Word that does not update fields all show the whole list; `w:updateFields`
        asks Word to update it on opening, which adds the page numbers only Word's layout knows (Word asks
        the reader first). The entries use Word's own "toc 1"/"toc 2" styles.
        """
        if self.title_page_end is None or not self.doc.layout.contents:  # a short response has none
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
        fields.wrap_in_toc_field(new[1]._p, new[-1]._p)
        fields.update_fields_on_open(self.word.settings.element)
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
            if shown := logos(self.doc):  # the letterhead: each organisation's own logo, or brand.yaml's
                run = self._paragraph().add_run()
                for image, alt in shown:
                    x.set_alt_text(picture(run, image, LOGO_MAX_WIDTH)._inline, alt)
            self._inlines(self._paragraph(), (m.Strong((m.Text(meta.organisation),)),))
            self._organisation_details(self._paragraph)
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
        """A letter's closing and its signatories, each on a line, then the organisation (co-signed: each
        organisation's signatories above its own name, as the HTML). Written evidence: its contact details."""
        layout = self.doc.layout
        if layout.kind == "evidence":
            self._organisation_details(self._paragraph)
        if layout.kind != "letter":
            return
        self._inlines(self._paragraph(), (m.Text(layout.closing),))
        for names, under in layout.signed or ((layout.signatories, self.doc.meta.organisation),):
            for name in names:
                p = self._paragraph()
                p.paragraph_format.space_after = Pt(0)
                self._inlines(p, (m.Text(name),))
            self._inlines(self._paragraph(), (m.Text(under),))

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
                self._blocks(footnote.blocks)
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

    def _context(self, **changes: Any) -> _Changed:
        """Set renderer attributes for the duration of a node, restoring them afterwards."""
        return _Changed(self, changes)

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
            fast.set_on(run, "w:b")
        if self.italic:
            fast.set_on(run, "w:i")
        if self.link is not None:
            self.link.append(run._r)  # lxml moves the run into the w:hyperlink
            self.styles.set_run(run, self.link_style)
        if self.run_lang is not None:
            x.set_lang(run._r.get_or_add_rPr(), self.run_lang)
        return run

    def _blocks(self, blocks: tuple[m.Block, ...]) -> None:
        """Each block, its runs tagged with its contribution's language where that is not the response's; in the
        body, each contribution's paragraphs inside its invisible provenance mark (`docx_marks`)."""
        for path, run in marks.contribution_runs(blocks):
            lang = self.written_in.get(path)
            body = self.word.element.body
            after = marks.end(body)
            with self._context(run_lang=lang or self.run_lang):
                self.visit_all(run)
            if not self.in_footnote:
                self.marked = marks.mark(body, after, self.marked, path, run)

    def _heading(self, level: int) -> str:
        return f"Heading {min(level, 9)}"


class _Changed:
    """`DocxParts._context`: a class, not a generator, since it is entered for every paragraph and inline node,
    and contextlib's generator-based manager costs about twice as much each time."""

    __slots__ = ("owner", "changes", "saved")

    def __init__(self, owner: object, changes: dict[str, Any]) -> None:
        self.owner, self.changes = owner, changes

    def __enter__(self) -> None:
        self.saved = [(name, getattr(self.owner, name)) for name in self.changes]
        for name, value in self.changes.items():
            setattr(self.owner, name, value)

    def __exit__(self, *_: object) -> None:
        for name, value in self.saved:
            setattr(self.owner, name, value)


def picture(run: Run, image: m.Image, max_width: int, max_height: int | None = None) -> InlineShape:
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
