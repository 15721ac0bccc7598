"""Answers as plain text, one block per question, each with exactly the text to paste into an online form.

It opens with who is responding, as a form's "About you" asks (`about_you`): each organisation's name and
contact details as the title page gives them (profiles/shape.details decides them, the contact person only
when credited by their own name), in the response's language.

Each block's header gives the words and characters of its text to paste, counted on exactly that
text (`plaintext.answer_text`, the same text the limit checks count), so "Words: 150 (limit 150)"
is what the form will count. The content note is shown outside the text to paste; each answer's
own footnotes follow it, numbered from 1. The `answers` format (answers_files.py) gives one file
per question, `<slug>-answers/q1.txt`, holding nothing but that text.
"""

from __future__ import annotations

from pipeline.assemble.plaintext import answer_text, content_notes
from pipeline.load.labels import labels
from pipeline.model import Answer, Block, Document
from pipeline.render.context import RenderContext

FORMAT = "txt"
SUFFIX = "-answers.txt"
TITLE = "each question with its answer, its word and character counts, to paste into an online form"
READER = "text"
ORDER = 4

# the English markers and publishing answers; every fixed word of the export is in pipeline/load/labels.py
PASTE_FROM = labels("en")["paste_from"]
PASTE_TO = labels("en")["paste_to"]
PUBLISH = {answer: labels("en")[f"publish_{answer}"] for answer in ("full", "anonymous", "none")}


def answers_of(doc: Document) -> list[Answer]:
    return [a for s in doc.sections for a in s.answers]


def footnotes_of(doc: Document) -> dict[int, tuple[Block, ...]]:
    return {f.number: f.blocks for f in doc.footnotes}


def _counts(a: Answer, say: dict[str, str]) -> str:
    words = f"{say['words_count']}: {a.words}" + (f" ({say['limit']} {a.limit})" if a.limit else "")
    chars = f"{say['chars_count']}: {a.chars}" + (f" ({say['limit']} {a.chars_limit})" if a.chars_limit else "")
    over = [
        what
        for what, n, limit in ((say["words"], a.words, a.limit), (say["chars_count"], a.chars, a.chars_limit))
        if limit and n > limit
    ]
    return f"{words}; {chars}" + (f"  {say['over_limit']} ({', '.join(over)})" if over else "")


def about_you(doc: Document, say: dict[str, str]) -> list[str]:
    """Who is responding, as a form's "About you" asks: each organisation's name and contact details, as the
    title page prints them (profiles/shape.details: the contact person only when credited by their own name).
    Nothing when no organisation gave any details; no answer's count is touched."""
    signers = doc.layout.organisations
    if not any(o.details for o in signers):
        return []
    out = [say["about_you"]]
    for org in signers:
        out += [org.name, *(f"  {label}: {value}" for label, value in org.details)]
    return [*out, ""]


def render(doc: Document, ctx: RenderContext) -> bytes:
    meta = doc.meta
    say = labels(meta.language)  # the fixed words, in the response's language (English where it has none)
    out = [
        meta.title,
        f"{meta.organisation}, {say['responding_to']}: {meta.consultation_title} ({meta.consultation_by})",
    ]
    if meta.draft:
        out.append(say["export_draft"])
    if meta.publish:
        out.append(f"{say['publishing']}: {say[f'publish_{meta.publish}']}")
    start, end = say["paste_from"], say["paste_to"]
    if about := about_you(doc, say):
        out += ["", *about]
    out += [
        f"{say['how_counted']}: {say['counting_rule']}",
        say["paste_only"].format(start=start, end=end),
        "",
    ]
    answers = answers_of(doc)
    if not answers:
        out.append(say["none_answered"])
    notes = footnotes_of(doc)
    for a in answers:
        out += ["=" * 72, f"{say['question']} {a.shown_number}: {a.question}", _counts(a, say)]
        out += [f"{say['content_note']} ({say['not_the_answer']}): {note}" for note in content_notes(a.blocks)]
        out += [start, answer_text(a.blocks, notes), end, ""]
    return "\n".join(out).encode("utf-8")
