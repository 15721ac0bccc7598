"""One file per question, `<slug>-answers/q1.txt`, holding only the text to paste into that question's box.

The same text, to the character, as the answers export gives between its paste markers and as the
limit checks count (`plaintext.answer_text`). Not in the default build: ask with `--format answers`
(the online-form profile will build it by default).
"""

from __future__ import annotations

from pipeline.assemble.plaintext import answer_text
from pipeline.model import Document
from pipeline.render.context import RenderContext
from pipeline.render.text import answers_of, footnotes_of

FORMAT = "answers"
SUFFIX = "-answers/"
TITLE = "one file per question, holding only the answer to paste into that question's box"
READER = "text"
ORDER = 5
DEFAULT = False


def render(doc: Document, ctx: RenderContext) -> dict[str, bytes]:
    notes = footnotes_of(doc)
    return {f"{a.question_id}.txt": answer_text(a.blocks, notes).encode("utf-8") for a in answers_of(doc)}
