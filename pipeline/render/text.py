"""Answers as plain text, one block per question, each with exactly the text to paste into an online form.

Each block's header gives the words and characters of its text to paste, counted on exactly that
text (`plaintext.answer_text`, the same text the limit checks count), so "Words: 150 (limit 150)"
is what the form will count. The content note is shown outside the text to paste; each answer's
own footnotes follow it, numbered from 1. The `answers` format (answers_files.py) gives one file
per question, `<slug>-answers/q1.txt`, holding nothing but that text.
"""

from __future__ import annotations

from pipeline.assemble.plaintext import COUNTING_RULE, answer_text, content_notes
from pipeline.model import Answer, Block, Document
from pipeline.render.context import RenderContext
from pipeline.vocabulary import labels

FORMAT = "txt"
SUFFIX = "-answers.txt"
TITLE = "each question with its answer, its word and character counts, to paste into an online form"
READER = "text"
ORDER = 4

PASTE_FROM = "--- paste from here ---"
PASTE_TO = "--- to here ---"
PUBLISH = {
    "full": "full: the response may be published in full",
    "anonymous": "anonymous: the response may be published without saying who it is from",
    "none": "none: the response must not be published",
}


def answers_of(doc: Document) -> list[Answer]:
    return [a for s in doc.sections for a in s.answers]


def footnotes_of(doc: Document) -> dict[int, tuple[Block, ...]]:
    return {f.number: f.blocks for f in doc.footnotes}


def _counts(a: Answer) -> str:
    words = f"Words: {a.words}" + (f" (limit {a.limit})" if a.limit else "")
    chars = f"characters: {a.chars}" + (f" (limit {a.chars_limit})" if a.chars_limit else "")
    over = [
        what
        for what, n, limit in (("words", a.words, a.limit), ("characters", a.chars, a.chars_limit))
        if limit and n > limit
    ]
    return f"{words}; {chars}" + (f"  OVER THE LIMIT ({', '.join(over)})" if over else "")


def render(doc: Document, ctx: RenderContext) -> bytes:
    meta = doc.meta
    say = labels(meta.language)
    out = [
        meta.title,
        f"{meta.organisation}, responding to: {meta.consultation_title} ({meta.consultation_by})",
    ]
    if meta.draft:
        out.append("DRAFT: not for submission")
    if meta.publish:
        out.append(f"Publishing (the form's question): {PUBLISH[meta.publish]}")
    out += [
        f"How the counts are made: {COUNTING_RULE}",
        f"Paste only the text between '{PASTE_FROM}' and '{PASTE_TO}' into the form's box for that question.",
        "",
    ]
    answers = answers_of(doc)
    if not answers:
        out.append("No question has been answered yet.")
    notes = footnotes_of(doc)
    for a in answers:
        out += ["=" * 72, f"{say['question']} {a.number}: {a.question}", _counts(a)]
        out += [f"{say['content_note']} (not part of the answer): {note}" for note in content_notes(a.blocks)]
        out += [PASTE_FROM, answer_text(a.blocks, notes), PASTE_TO, ""]
    return "\n".join(out).encode("utf-8")
