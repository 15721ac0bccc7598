"""The structure of the tagged PDF, made clean where WeasyPrint leaves it rough (PDF/UA-1 in substance).

WeasyPrint 70 tags every page on its own, straight from its boxes. What it leaves, and what is
done here, with pikepdf, on the finished file:

- running headers and footers (the @page margin boxes) are marked content no structure element
  claims: they become `/Artifact` (pagination) in the content stream;
- a table, list, section or paragraph that crosses a page is one structure element per page: the
  pieces of one HTML element are merged back into one, and the header row a table repeats on
  each page becomes an artifact (its cells' IDs folded into the first row's);
- header cells get `/Scope` (Column in a header row, Row at the start of a body row, or the HTML
  `scope`), and the IDs that cells use are listed in an /IDTree;
- a link inside a link (a contents entry is `<a>` with `::after` and a leader) is one link; the
  leader dots are artifacts;
- link annotations are described by their text (aria-label, else title, else what they show),
  not by their target ("fn-1");
- a passage whose HTML has its own `lang` carries /Lang; the catalog always does;
- an image whose HTML says it is decorative (alt="") is an artifact, not a figure without /Alt;
- every list item is Lbl + LBody with a nested list inside its item, a footnote is a Note and a link
  to it a Reference, a numbered paragraph's number its Lbl (pdf_lists.py).

The work is in three modules: pdf_tags (recording what WeasyPrint's tags came from), pdf_tree
(the tree and its repairs) and pdf_artifacts (what becomes an artifact; the rebuilt ParentTree).
This one runs them, in `write` and `restructure`.

To know which structure elements are pieces of one HTML element, `recording()` wraps
WeasyPrint's `_build_box_tree` while the PDF is written and notes, for each structure element it
makes (by object number, which pikepdf keeps on reading), the HTML element and pseudo-element it
came from. The ParentTree is rebuilt from the finished tree, so every MCID on a page is either
claimed by exactly one element or inside an artifact.

`restructure()` raises on anything it does not expect; `pdf.render` then keeps WeasyPrint's own
file, which is valid, only less tidy.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from pipeline.privacy import parsed
from pipeline.render import pdf_lists
from pipeline.render.pdf_artifacts import ArtifactTree
from pipeline.render.pdf_tags import LOCK, Recorder, Source, recording

LOG = logging.getLogger(__name__)

__all__ = ["LOCK", "Recorder", "Source", "recording", "restructure", "write"]


def write(html: Any, lang: str, *, ids: str = "", **options: Any) -> bytes:
    """`html.write_pdf(**options)` (a weasyprint.HTML), tagged, with the structure above, each ID in it
    (table cells', notes') beginning with `ids` (a part's number, pdf_parts.py: each file numbers its own).

    pydyf's page lookup is cached while it writes (pydyf_patch.py). If the tidying meets anything
    it does not expect, WeasyPrint's own valid file is returned, and a warning logged."""
    from pipeline.render.pydyf_patch import cached_page_references

    recorder = Recorder()
    with LOCK, cached_page_references(), recording(recorder):
        raw: bytes = html.write_pdf(**options)
    try:
        return restructure(raw, recorder.sources, lang, ids)
    except Exception as exc:  # noqa: BLE001 - any surprise keeps WeasyPrint's own, valid file
        LOG.warning("the PDF's structure was left as WeasyPrint made it: %s", exc)
        return raw


def restructure(data: bytes, sources: dict[int, Source], lang: str, ids: str = "") -> bytes:
    """WeasyPrint's tagged PDF with the structure above; raises on anything unexpected."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = ArtifactTree(pdf, sources, ids)
        drawn = tree.drawn()
        document = tree.document
        tree.merge(document)
        tree.flatten_links(document)
        tree.annotations_to_links(document)
        tree.decorative_images()
        tree.prune(document)
        pdf_lists.restructure(tree, document)  # L > LI > Lbl + LBody, Note and Reference, paragraph numbers
        elements = tree.settle(document, [])
        tree.cells(elements)
        tree.links(elements)
        tree.languages(elements, lang)
        tree.ids(elements)
        claimed = tree.parent_tree(elements)
        tree.mark_artifacts(claimed, drawn)
        out = io.BytesIO()
        # qpdf keeps the first /ID (the page's hash) and derives the second from the content
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        pages = len(pdf.pages)
    final = out.getvalue()
    written = pikepdf.open(io.BytesIO(final))  # read back before it replaces WeasyPrint's
    if len(written.pages) != pages or "/StructTreeRoot" not in written.Root:
        written.close()
        raise ValueError("the tidied PDF did not read back whole")
    parsed.keep(final, written)  # the guard reads these final bytes through this one parse (privacy/parsed.py)
    return final
