"""How long a submission is, in words as it prints them: the one count the evidence checks and the layout use.

Counted as plaintext.py counts words; the pages it fills are estimated by profiles/shape.py (`pages`).
"""

from __future__ import annotations

from pipeline import model as m
from pipeline.assemble.plaintext import PlainText, count_words
from pipeline.load.labels import labels
from pipeline.vocabulary import long_date


class _Printed(PlainText):
    """The words as the evidence prints them: list marks, link targets, rules and image labels are not printed."""

    KEEPS = True  # stateless but for footnote numbers, as PlainText: each block's text may be kept

    def visit_Link(self, n: m.Link) -> str:
        return self.inlines(n.children)

    def visit_Image(self, n: m.Image) -> str:
        return ""

    def visit_BulletList(self, n: m.BulletList) -> str:
        return "\n".join(self.blocks(item.blocks) for item in n.items)

    def visit_OrderedList(self, n: m.OrderedList) -> str:
        return self.visit_BulletList(m.BulletList(n.items))

    def visit_Table(self, n: m.Table) -> str:
        return "\n".join(" ".join(self.visit(c) for c in row) for row in (n.header, *n.rows))

    def visit_ThematicBreak(self, n: m.ThematicBreak) -> str:
        return ""


def section_words(section: m.Section, language: str = "en-GB") -> int:
    """The words of a section as printed: its title, its text, and each answer with its question."""
    text, question = _Printed(content_note=labels(language)["content_note"]), labels(language)["question"]
    parts = [section.title, text.blocks(section.blocks)]
    for a in section.answers:
        parts += [f"{question} {a.shown_number}: {a.question}", text.blocks(a.blocks)]
    return count_words("\n".join(parts))


def summary_words(section: m.Section) -> int:
    """The words of the summary's text (its points), without its title."""
    return count_words(_Printed().blocks(section.blocks))


def document_words(doc: m.Document) -> int:
    """Every word the evidence prints, counted as plaintext.py counts: the heading line and the date, every
    section and answer, the notes and the credits (a word processor's count of the Word file, notes included)."""
    text = _Printed()
    meta = doc.meta
    parts = [doc.layout.heading or meta.title, long_date(meta.date, meta.language)]
    if meta.confidentiality is not None:
        parts.append(f"{labels(meta.language)['confidentiality']}: {meta.confidentiality}")
    parts += [text.blocks(f.blocks) for f in doc.footnotes]
    parts += [doc.credits.title, doc.credits.totals, doc.credits.unnamed or ""]
    parts += [f"{e.name} — {e.did}" for e in doc.credits.entries]
    parts += [heading for heading, _ in doc.credits.groups]
    return count_words("\n".join(parts)) + sum(section_words(s, meta.language) for s in doc.sections)
