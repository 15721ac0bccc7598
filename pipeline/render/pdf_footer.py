"""The footers of a PDF laid out in parts ("Page N of M", the organisation), stamped after the join.

A part cannot know its page numbers, so the parts are laid out without the bottom margin boxes
(pdf_split.NO_FOOTERS). Then WeasyPrint lays out a document of only those footers: the same <head> (the
same @page rules, fonts, large print and the footer's words in the response's language, html.py's
page_label), as many empty pages as the joined file has, the organisation's line from the title page
(where `string(organisation)` is set today) and nothing else drawn: the body hidden, no background, every
other margin box empty. Each of its pages is drawn onto the joined page as a form XObject inside
`/Artifact <</Type /Pagination>>`, so a reader meets the footer as pagination, not as content, as in a
file laid out whole. The first page has none, as today (`@page :first`).
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.render.pdf_split import FOOTERS, Page

_BOXES = (
    "top-left-corner", "top-left", "top-center", "top-right", "top-right-corner", "left-top", "left-middle",
    "left-bottom", "right-top", "right-middle", "right-bottom", "bottom-left-corner", "bottom-center",
    "bottom-left", "bottom-right", "bottom-right-corner",
)  # fmt: skip
_ORGANISATION = re.compile(r'<p class="organisation">.*?</p>', re.S)
_ONLY_FOOTERS = (
    "<style>\nhtml, body { background: none !important; }\nbody * { visibility: hidden !important; }\n"
    + "@page { background: none; "
    + " ".join(f"@{box} {{ content: none; }}" for box in _BOXES if box not in FOOTERS)
    + " }\n</style>\n"
)
_MARK = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq\n%s Do\nQ\nEMC\n"


def footer_html(page: Page, pages: int) -> str:
    """A page of `pages` empty pages that draws only the footers."""
    first = ""
    if 'class="title-page"' in page.front:  # the organisation's line sets string(organisation), as today
        found = _ORGANISATION.search(page.front)
        first = f'<header class="title-page">{found.group(0) if found else ""}</header>\n'
    rest = '<div style="break-before: page"></div>\n' * (pages - 1)
    return page.html(f"<div>\n{first}</div>\n{rest}", extra=_ONLY_FOOTERS)


def stamp(pdf: Any, footers: Any) -> None:
    """Each page of `footers` (an opened pikepdf file) drawn on the same page of `pdf`, as pagination."""
    import pikepdf

    if len(footers.pages) != len(pdf.pages):
        raise ValueError(f"{len(footers.pages)} pages of footers for {len(pdf.pages)} pages")
    for i, (page, footer) in enumerate(zip(pdf.pages, footers.pages, strict=True)):
        if i == 0:
            continue  # the first page carries no footer
        form = pdf.copy_foreign(footer.as_form_xobject())
        # a name of its own on each page (pages may share resources), never a random one (same bytes)
        name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/CoproduceFooter{i}"))
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"Q\n" + _MARK % str(name).encode("ascii"))
