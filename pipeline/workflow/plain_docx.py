"""A plain, accessible Word file from a short list of parts: for the letters (`tell`) and the year's report.

Built with python-docx: the built-in Title and Heading styles (a screen reader's headings), real
tables whose first row is marked as headers and repeats on each page, with a caption read out
before them; the document's language on every run and in its properties; the organisation's
colour on headings (`brand.primary`, darkened until readable on white, as the submission does);
a minimum text size (the Easy Read letter asks 16pt). The same parts give the same bytes: fixed
dates in the properties and in the zip, as `render/docx` does.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline import model as m


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    lang: str | None = None  # a language tag when it is not the document's (a person's words in English)


@dataclass(frozen=True)
class Para:
    text: str
    room: bool = False  # Easy Read: one idea on its own line, with room on its left for a picture
    lang: str | None = None


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    lang: str | None = None


@dataclass(frozen=True)
class Table:
    caption: str  # read before the table, and its description in Word's Alt Text
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Picture:
    png: bytes
    alt: str  # the text alternative, read out in its place
    title: str


Part = Heading | Para | Bullets | Table | Picture


def write_docx(
    title: str,
    parts: Sequence[Part],
    *,
    language: str = "en-GB",
    author: str = "",
    brand: m.Brand | None = None,
    size_pt: float = 12,
    stamp: dt.date = dt.date(2000, 1, 1),
) -> bytes:
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    from pipeline.checks.brand_contrast import darker
    from pipeline.render import docx_xml as x
    from pipeline.render.docx import package_bytes

    brand = brand or m.Brand()
    word = Document()
    styles = word.styles
    x.set_doc_defaults(styles.element, brand.body_font, language, size_pt)
    normal = styles["Normal"]
    normal.font.size = Pt(size_pt)
    normal.font.name = brand.body_font
    colour = darker(brand.primary, ("#ffffff",), 4.5).lstrip("#")
    for name, size in (("Title", size_pt * 2), ("Heading 1", size_pt * 1.5), ("Heading 2", size_pt * 1.25)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.name = brand.heading_font
        style.font.color.rgb = RGBColor.from_string(colour.upper())
    for section in word.sections:  # A4, as UK organisations print
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(25)
    word.add_paragraph(title, style="Title")

    def tagged(para: Any, lang: str | None) -> None:  # words in another language than the document's
        if lang:
            for run in para.runs:
                x.set_lang(run._r.get_or_add_rPr(), lang)

    for part in parts:
        if isinstance(part, Heading):
            tagged(word.add_paragraph(part.text, style=f"Heading {min(part.level, 2)}"), part.lang)
        elif isinstance(part, Para):
            para = word.add_paragraph(part.text)
            tagged(para, part.lang)
            if part.room:
                para.paragraph_format.left_indent = Mm(45)
                para.paragraph_format.space_after = Pt(size_pt * 1.5)
        elif isinstance(part, Bullets):
            for item in part.items:
                tagged(word.add_paragraph(item, style="List Bullet"), part.lang)
        elif isinstance(part, Picture):
            shape = word.add_paragraph().add_run().add_picture(io.BytesIO(part.png), width=Mm(150))
            x.set_alt_text(shape._inline, part.alt, part.title)
        else:
            word.add_paragraph(part.caption, style="Caption")
            table = word.add_table(rows=1 + len(part.rows), cols=len(part.header))
            table.style = styles["Table Grid"]
            for k, cell in enumerate(part.header):
                table.rows[0].cells[k].text = cell
                for run in table.rows[0].cells[k].paragraphs[0].runs:
                    run.bold = True
            x.mark_header_row(table.rows[0]._tr)
            for r, row in enumerate(part.rows, start=1):
                for k, cell in enumerate(row):
                    table.rows[r].cells[k].text = cell
            tbl_pr = table._tbl.tblPr
            for tag, value in (("w:tblCaption", part.caption[:200]), ("w:tblDescription", part.caption)):
                el = OxmlElement(tag)
                el.set(qn("w:val"), value)
                tbl_pr.append(el)
    props = word.core_properties
    when = dt.datetime.combine(stamp, dt.time(0, 0), tzinfo=dt.UTC)
    props.title, props.author, props.last_modified_by = title, author, author
    props.language, props.comments, props.keywords, props.revision = language, "", "", 1
    props.created = props.modified = when
    package_rels = word.part.package.rels  # the template's thumbnail is a picture of an empty page
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[r_id]
    return package_bytes(word)
