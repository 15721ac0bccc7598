"""Answers as plain text, one question after another, ready to paste into an online form."""

from __future__ import annotations

from pipeline.assemble.plaintext import PlainText
from pipeline.model import Document
from pipeline.render.context import RenderContext
from pipeline.vocabulary import labels

FORMAT = "txt"
SUFFIX = "-answers.txt"
TITLE = "each question with its answer and word count, to paste into an online form"
READER = "text"
ORDER = 4


def render(doc: Document, ctx: RenderContext) -> bytes:
    meta = doc.meta
    say = labels(meta.language)
    text = PlainText(content_note=say["content_note"])
    out = [
        meta.title,
        f"{meta.organisation}, responding to: {meta.consultation_title} ({meta.consultation_by})",
    ]
    if meta.draft:
        out.append("DRAFT: not for submission")
    out.append("")
    answers = [a for s in doc.sections for a in s.answers]
    if not answers:
        out.append("No question has been answered yet.")
    for a in answers:
        limit = f" (limit {a.limit})" if a.limit else ""
        out += [
            "=" * 72,
            f"{say['question']} {a.number}: {a.question}",
            f"Words: {a.words}{limit}" + ("  OVER THE LIMIT" if a.limit and a.words > a.limit else ""),
            "-" * 72,
            text.blocks(a.blocks),
            "",
        ]
    refs = [f"[{f.number}] {text.blocks(f.blocks)}" for f in doc.footnotes]
    if refs:
        out += ["=" * 72, say["notes"], "", *refs, ""]
    return "\n".join(out).encode("utf-8")
