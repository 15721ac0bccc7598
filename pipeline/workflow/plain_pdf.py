"""The same parts as `plain_docx`, as a tagged PDF (PDF/UA-1): for the letters and the year's report.

A small HTML page of our own (every text escaped; it refers to no file and no address, and the
locked fetcher serves nothing), printed by WeasyPrint and tidied by `render/pdf_structure` exactly
as a submission is: headings, lists and tables tagged, header cells scoped, footers artifacts, the
language set. A4, text 12pt or more (16pt for the large letter), page numbers in the footer.
Same parts, same bytes: the identifier is a hash of the page and the dates are fixed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Sequence

from markupsafe import escape

from pipeline import model as m
from pipeline.workflow.plain_docx import Bullets, Heading, Para, Part, Picture, Table


def _lang(tag: str | None) -> str:
    """The attribute marking words in another language than the page's (a person's words in English)."""
    return f' lang="{escape(tag)}"' if tag else ""


def page(title: str, parts: Sequence[Part], language: str, author: str, brand: m.Brand, size_pt: float,
         stamp: dt.date) -> str:  # fmt: skip
    from pipeline.checks.brand_contrast import darker
    from pipeline.load.labels import labels

    colour = darker(brand.primary, ("#ffffff",), 4.5)
    day = stamp.isoformat()
    words = labels(language)  # "Page 3 of 10", "Tudalen 3 o 10"
    out = [
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8"><title>{escape(title)}</title>',
        f'<meta name="author" content="{escape(author)}"><meta name="dcterms.created" content="{day}">',
        f'<meta name="dcterms.modified" content="{day}"><style>',
        f"@page {{ size: A4; margin: 25mm; @bottom-center {{ content: '{words['page']} ' counter(page)"
        f" ' {words['of']} ' counter(pages);"
        f" font-size: {max(size_pt - 2, 10)}pt; font-family: '{brand.body_font}', sans-serif; }} }}",
        f"body {{ font-family: '{brand.body_font}', sans-serif; font-size: {size_pt}pt; line-height: 1.45;"
        f" color: {brand.text}; }}",
        f"h1, h2, h3 {{ color: {colour}; font-family: '{brand.heading_font}', sans-serif; }}",
        f"h1 {{ font-size: {size_pt * 2}pt; }} h2 {{ font-size: {size_pt * 1.5}pt; }}",
        f"h3 {{ font-size: {size_pt * 1.25}pt; }}",
        "table { border-collapse: collapse; } th, td { border: 1px solid #555; padding: 3pt 6pt; text-align: left; }",
        "p.room { margin-left: 45mm; margin-bottom: 1.2em; }",
        "caption { text-align: left; font-weight: bold; padding-bottom: 4pt; }",
        "</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
    ]
    for part in parts:
        if isinstance(part, Heading):
            level = min(part.level, 2) + 1
            out.append(f"<h{level}{_lang(part.lang)}>{escape(part.text)}</h{level}>")
        elif isinstance(part, Para):
            room = ' class="room"' if part.room else ""
            out.append(f"<p{room}{_lang(part.lang)}>{escape(part.text)}</p>")
        elif isinstance(part, Bullets):
            out.append(f"<ul{_lang(part.lang)}>" + "".join(f"<li>{escape(i)}</li>" for i in part.items) + "</ul>")
        elif isinstance(part, Picture):
            data = base64.b64encode(part.png).decode("ascii")
            out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{escape(part.alt)}"'
                       ' style="width: 100%"></figure>')  # fmt: skip
        elif isinstance(part, Table):
            head = "".join(f'<th scope="col">{escape(h)}</th>' for h in part.header)
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in part.rows)
            out.append(f"<table><caption>{escape(part.caption)}</caption><thead><tr>{head}</tr></thead>"
                       f"<tbody>{rows}</tbody></table>")  # fmt: skip
    out.append("</main></body></html>")
    return "\n".join(out)


def write_pdf(
    title: str,
    parts: Sequence[Part],
    *,
    language: str = "en-GB",
    author: str = "",
    brand: m.Brand | None = None,
    size_pt: float = 12,
    stamp: dt.date = dt.date(2000, 1, 1),
) -> bytes:

    import weasyprint

    from pipeline.render import pdf_structure
    from pipeline.render.fetcher import make_fetcher
    from pipeline.render.font_epoch import epoch_of, pinned

    html = page(title, parts, language, author, brand or m.Brand(), size_pt, stamp)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with pinned(epoch_of(stamp)):  # fontTools' subset stamp
        return pdf_structure.write(
            weasyprint.HTML(string=html, url_fetcher=make_fetcher([])),
            language,
            pdf_variant="pdf/ua-1",
            pdf_identifier=identifier,
            uncompressed_pdf=False,
        )
