"""The footers of a PDF laid out in parts ("Page N of M", the organisation), stamped after the join.

A part cannot know its page numbers, so the parts are laid out without the bottom margin boxes
(pdf_split.NO_FOOTERS). Then WeasyPrint lays out documents of only those footers, a run of pages each
(`runs`: one per core, laid out side by side): the same <head> (the same @page rules, fonts, large print
and the footer's words in the response's language, html.py's page_label) with `counter(pages)` given as
the joined file's count, empty pages, the organisation's line from the title page (where
`string(organisation)` is set today) and nothing else drawn: the body hidden, no background, every other
margin box empty. Each run begins with a page that is dropped: it is the `:first` page (which has no
footer) and it sets the page counter to the page before the run. Each page left is drawn onto its joined
page as a form XObject inside `/Artifact <</Type /Pagination>>`, so a reader meets the footer as
pagination, not as content, as in a file laid out whole. The first page has none, as today.
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


def runs(total: int, cores: int, least: int = 30) -> list[tuple[int, int]]:
    """The page numbers 2 to `total` (the first has no footer) in runs, one per core, none shorter than `least`."""
    if total < 2:
        return []
    count = max(1, min(cores, (total - 1) // least))
    size = -(-(total - 1) // count)
    return [(first, min(first + size - 1, total)) for first in range(2, total + 1, size)]


def footer_html(page: Page, first: int, last: int, total: int) -> str:
    """A page that draws only the footers of pages `first` to `last` of `total`, after a page to drop."""
    organisation = ""
    if 'class="title-page"' in page.front:  # the organisation's line sets string(organisation), as today
        found = _ORGANISATION.search(page.front)
        organisation = f'<header class="title-page">{found.group(0) if found else ""}</header>\n'
    rest = '<div style="break-before: page"></div>\n' * (last - first + 1)
    counted = f"<style>@page :nth(1) {{ counter-reset: page {first - 1}; }}</style>\n"
    head = page.head.replace("counter(pages)", f'"{total}"')
    return (
        head.replace("</head>", _ONLY_FOOTERS + counted + "</head>", 1)
        + f"<div>\n{organisation}</div>\n{rest}"
        + page.end
    )


def stamp(pdf: Any, footers: list[Any]) -> None:
    """The pages of `footers` (each an opened pikepdf file of footer_html, its first page dropped) drawn on
    the pages of `pdf` from the second on, as pagination."""
    import pikepdf

    drawn = [footer for run in footers for footer in list(run.pages)[1:]]
    if len(drawn) != len(pdf.pages) - 1:
        raise ValueError(f"{len(drawn)} footers for {len(pdf.pages)} pages")
    for i, (page, footer) in enumerate(zip(pdf.pages[1:], drawn, strict=True), start=1):
        form = pdf.copy_foreign(footer.as_form_xobject())
        # a name of its own on each page (pages may share resources), never a random one (same bytes)
        name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/CoproduceFooter{i}"))
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"Q\n" + _MARK % str(name).encode("ascii"))
