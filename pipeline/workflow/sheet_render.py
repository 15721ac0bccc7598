"""A person's sheet (workflow/sheet.py) as tagged PDF and as DOCX.

The PDF goes the submissions' way: an HTML page (`templates/sheets/sheet.html.j2`, Jinja2 with
autoescape, the workbench's own file first) printed by WeasyPrint through the locked-down fetcher
and tagged by `render/pdf_structure.py`. The DOCX is written with python-docx, real headings, and
the same fixed zip dates as the submission's Word file. Easy Read is 18pt text (16pt is the least
Easy Read guidance allows), headings larger; the plain sheet 12pt. Same sheet, same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import CoproduceError, Problem
from pipeline.workflow.sheet import Sheet

PAGE = "sheets/sheet.html.j2"
EASY_READ_PT = 18
PLAIN_PT = 12


def sizes(sheet: Sheet) -> tuple[int, int]:
    """(text, smallest) point sizes: nothing on an Easy Read sheet is under 16pt."""
    return (EASY_READ_PT, 16) if sheet.easy_read else (PLAIN_PT, 9)


def page(sheet: Sheet, template_dirs: Sequence[Path], today: dt.date) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder)) for folder in template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    size, small = sizes(sheet)
    return env.get_template(PAGE).render(sheet=sheet, size=size, small=small, day=today.isoformat())


def pdf(sheet: Sheet, template_dirs: Sequence[Path], today: dt.date) -> bytes:
    import weasyprint

    from pipeline.render import pdf_structure
    from pipeline.render.fetcher import RefusedURL, make_fetcher
    from pipeline.render.font_epoch import epoch_of, pinned

    html = page(sheet, template_dirs, today)
    folders = [Path(f) / "sheets" for f in template_dirs if (Path(f) / "sheets").is_dir()]
    fetcher = make_fetcher(folders)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    base = folders[0].resolve().as_uri() + "/" if folders else None

    try:
        with pinned(epoch_of(today)):
            data: bytes = pdf_structure.write(
                weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher),
                sheet.language,
                pdf_variant="pdf/ua-1",
                pdf_identifier=identifier,
                uncompressed_pdf=False,
            )
    except RefusedURL as exc:
        refused = [exc.url]
    else:
        refused = [r.url for r in fetcher.refused]
    if refused:
        raise CoproduceError(
            [
                Problem(
                    f"templates/{PAGE}",
                    None,
                    f"the sheet asks for {url}; only files inside templates/sheets/ may be used",
                    "remove the reference, or copy the file into templates/sheets/",
                    code="template.outside-file",
                )
                for url in dict.fromkeys(refused)
            ]
        )
    return data


def docx(sheet: Sheet, today: dt.date) -> bytes:
    import docx as python_docx
    from docx.shared import Pt

    from pipeline.render.docx import package_bytes

    size, small = sizes(sheet)
    word = python_docx.Document()
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(size)
    for style, pt in (("Title", size + 8), ("Heading 1", size + 4)):
        word.styles[style].font.size = Pt(pt)
        word.styles[style].font.name = "Arial"
    word.add_paragraph(sheet.title, style="Title")
    word.add_paragraph().add_run(sheet.for_line).bold = True
    for section in sheet.sections:
        word.add_heading(section.heading, level=1)
        for line in section.lines:
            word.add_paragraph(line)
    footer = word.add_paragraph().add_run(sheet.footer)
    footer.font.size = Pt(small)
    props = word.core_properties
    props.title = sheet.title
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.language = sheet.language
    props.revision = 1
    moment = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    return package_bytes(word)
