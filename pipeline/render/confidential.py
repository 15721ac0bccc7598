"""The confidential annex: what contributions marked `confidential: true` hold, in a Word file of its own.

It renders `Assembly.annex`, a document apart from the submission (assemble/document.py): the
submission's renderers never receive it. It has the submission's Word look, made by the same
renderer. It is built by default for every profile whenever there is confidential material, and
not at all when there is none (build.py). The guard reads it like any Word file, and checks that
no confidential passage is in any other output (render/guard.py).
"""

from __future__ import annotations

from pipeline.model import Document
from pipeline.render.context import RenderContext

FORMAT = "confidential"
SUFFIX = "-confidential.docx"
TITLE = "the confidential annex, a Word file of its own, made only when a contribution says confidential: true"
READER = "zip"
ORDER = 6
DOCUMENT = "annex"  # renders Assembly.annex, not the submission


def render(doc: Document, ctx: RenderContext) -> bytes:
    from pipeline.render import docx

    return docx.render(doc, ctx)
