"""PDF: the HTML page printed by WeasyPrint as tagged PDF/UA-1.

WeasyPrint is imported inside `render()`: it takes over a second to import and
`coproduce check` must stay instant. Everything WeasyPrint reads goes through
the locked-down fetcher (see fetcher.py). Output is reproducible: the file
identifier is a hash of the page, the dates come from its dcterms meta, and the
embedded font subsets get a fixed timestamp (font_epoch.py).

WeasyPrint's tagging is then tidied with pikepdf (pdf_structure.py: artifacts, one element per
table or list, header scopes, links described by their text), and pydyf's page lookup is cached
while it writes (pydyf_patch.py). If the tidying meets anything it does not expect, WeasyPrint's
own valid file is kept.

A long page is laid out in parts on every usable core and joined (pdf_split, pdf_parts, pdf_join,
pdf_footer), each part kept between builds in the build folder's cache (pdf_cache); a short one, and any
page whose parts cannot be joined, is laid out whole as here.
"""

from __future__ import annotations

import hashlib
import io
import logging
from pathlib import Path

from pipeline import model as m
from pipeline.errors import CoproduceError, Problem
from pipeline.render import pdf_split, pdf_structure
from pipeline.render.context import RenderContext
from pipeline.render.font_epoch import epoch_of, pinned
from pipeline.render.html import TEMPLATE, render_page

FORMAT = "pdf"
SUFFIX = ".pdf"
TITLE = "tagged PDF (PDF/UA-1) with title, language and author set"
READER = "pdf"
ORDER = 1
LOG = logging.getLogger(__name__)


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


def render(doc: m.Document, ctx: RenderContext) -> bytes:
    import weasyprint  # slow: see the module docstring

    from pipeline.render.fetcher import RefusedURL, make_fetcher

    page = render_page(doc, ctx, for_pdf=True)
    fetcher = make_fetcher([*ctx.template_dirs, ctx.response_dir])  # both folders of a layered look
    # A trailing slash makes relative URLs resolve inside the response folder, not beside it.
    base_url = ctx.response_dir.resolve().as_uri() + "/"
    identifier = hashlib.sha256(page.encode("utf-8")).hexdigest()[:32].encode("ascii")
    cut = pdf_split.split(page, pdf_split.SPLIT)
    if cut is not None:
        joined = _in_parts(cut, doc, ctx, base_url, identifier)
        if joined is not None:
            return joined
    try:
        with pinned(epoch_of(doc.meta.date)):
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


def _edition_cache(ctx: RenderContext, doc: m.Document) -> Path | None:
    """This response's and edition's own folder of kept parts, named by a hash (a slug may be anything)."""
    if ctx.cache is None:
        return None
    edition = f"{doc.meta.slug}\0{'large-print' if ctx.large_print else 'standard'}"
    return ctx.cache / hashlib.sha256(edition.encode("utf-8")).hexdigest()[:32]


def _in_parts(
    cut: pdf_split.Page, doc: m.Document, ctx: RenderContext, base_url: str, identifier: bytes
) -> bytes | None:
    """The page laid out in parts and joined (pdf_parts.py); None when the parts could not be joined."""
    import pikepdf

    from pipeline.privacy import parsed
    from pipeline.render import pdf_parts

    epoch = epoch_of(doc.meta.date)
    try:
        data = pdf_parts.render(
            cut,
            lang=doc.meta.language,
            base_url=base_url,
            look=tuple(str(folder) for folder in (*ctx.template_dirs, ctx.response_dir)),
            epoch=epoch,
            identifier=identifier,
            cache=_edition_cache(ctx, doc),
        )
    except pdf_parts.Refused as exc:
        raise _refused(exc.urls) from None
    except pdf_parts.Stopped:
        raise  # serve is stopping: laying the page out whole would keep it waiting
    except Exception as exc:  # noqa: BLE001 - any surprise: the page is laid out whole, as a short one is
        LOG.warning("the PDF was laid out whole: its parts could not be joined: %s", exc)
        return None
    written = pikepdf.open(io.BytesIO(data))
    if "/StructTreeRoot" not in written.Root:
        written.close()
        return None
    parsed.keep(data, written)  # the guard reads these final bytes through this one parse
    return data
