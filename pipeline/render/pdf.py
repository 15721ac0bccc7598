"""PDF: the HTML page printed by WeasyPrint as tagged PDF/UA-1.

WeasyPrint is imported inside `render()`: it takes over a second to import and
`coproduce check` must stay instant. Everything WeasyPrint reads goes through
the locked-down fetcher (see fetcher.py). Output is reproducible: the file
identifier is a hash of the page, the dates come from its dcterms meta, and the
embedded font subsets get a fixed timestamp (see `_fixed_font_timestamp`).

WeasyPrint's tagging is then tidied with pikepdf (pdf_structure.py: artifacts, one element per
table or list, header scopes, links described by their text), and pydyf's page lookup is cached
while it writes (pydyf_patch.py). If the tidying meets anything it does not expect, WeasyPrint's
own valid file is kept.
"""

from __future__ import annotations

import calendar
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline import model as m
from pipeline.errors import CoproduceError, Problem
from pipeline.render import pdf_structure
from pipeline.render.context import RenderContext
from pipeline.render.html import TEMPLATE, render_page

FORMAT = "pdf"
SUFFIX = ".pdf"
TITLE = "tagged PDF (PDF/UA-1) with title, language and author set"
READER = "pdf"
ORDER = 1


def _refused(urls: list[str]) -> CoproduceError:
    return CoproduceError(
        [
            Problem(
                f"templates/{TEMPLATE}",
                None,
                f"the page asks for {url}; only files inside templates/ and the response folder may be used",
                "remove the reference, or copy the file into templates/ and refer to it by name",
                code="template.outside-file",
            )
            for url in dict.fromkeys(urls)  # each URL once, in order
        ]
    )


@contextmanager
def _fixed_font_timestamp(day: m.Meta) -> Iterator[None]:
    """Pin the `head.modified` time fontTools writes into every font subset it makes.

    fontTools stamps each subset with the clock unless SOURCE_DATE_EPOCH is set, which
    would make two renders differ. If the caller already set it, that value stands.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.date.timetuple()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def render(doc: m.Document, ctx: RenderContext) -> bytes:
    import weasyprint  # slow: see the module docstring

    from pipeline.render.fetcher import RefusedURL, make_fetcher

    page = render_page(doc, ctx, for_pdf=True)
    fetcher = make_fetcher([*ctx.template_dirs, ctx.response_dir])  # both folders of a layered look
    # A trailing slash makes relative URLs resolve inside the response folder, not beside it.
    base_url = ctx.response_dir.resolve().as_uri() + "/"
    identifier = hashlib.sha256(page.encode("utf-8")).hexdigest()[:32].encode("ascii")
    try:
        with _fixed_font_timestamp(doc.meta):
            pdf: bytes = pdf_structure.write(
                weasyprint.HTML(string=page, base_url=base_url, url_fetcher=fetcher),
                doc.meta.language,
                pdf_variant="pdf/ua-1",
                pdf_identifier=identifier,
                uncompressed_pdf=False,
            )
    except RefusedURL as exc:
        raise _refused([r.url for r in fetcher.refused] or [exc.url]) from None
    # Some WeasyPrint paths (drawing SVG images) swallow even fatal fetch errors; never ship such a PDF.
    if fetcher.refused:
        raise _refused([r.url for r in fetcher.refused])
    return pdf
