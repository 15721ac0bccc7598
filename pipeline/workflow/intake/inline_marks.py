"""What the Word and OpenDocument readers share: raised characters, list indents, note marks.

Both readers walk their XML into the same Markdown, so the marks they leave in
the text while walking (a note's place, before every note is known) and how
they are made Markdown at the end are decided here, once.
"""

from __future__ import annotations

import re

# raised and lowered characters that Unicode has: m² and H₂O stay as they read; letters have none to use
SUPERSCRIPT = str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
RAISED = set("0123456789+-=() \u00a0")
LIST_INDENT = "   "  # 3 spaces: deep enough under "- " and "1. " alike
# a note reference until every note is known: XML text can never hold a NUL, so no text looks like it
NOTE_MARK = re.compile("\x00(\\d+)\x00(:?)")


def note_mark(index: int) -> str:
    """The mark left where the `index`th note referred to is, until `numbered_notes` numbers it."""
    return f"\x00{index}\x00"


def numbered_notes(text: str, referred: list[tuple[str, str]], texts: list[str]) -> tuple[str, dict[str, int]]:
    """Note marks made `[^n]` and the notes' `[^n]: text` added; endnotes are numbered after footnotes.

    `referred` holds (kind, id) of each note in the order first referred to, `texts` their words.
    A note with no words gets no number and no mark. Also returns how many of each kind were taken in.
    """
    labels: dict[int, int] = {}
    for i in sorted(range(len(referred)), key=lambda i: (referred[i][0] != "footnote", i)):
        if texts[i]:
            labels[i] = len(labels) + 1

    def mark(match: re.Match[str]) -> str:
        label = labels.get(int(match.group(1)))
        colon = match.group(2)
        if label is None:
            return colon
        return f"[^{label}]" + ("\\:" if colon else "")  # "[^1]:" at a line's start would define a note

    definitions = [f"[^{labels[i]}]: {NOTE_MARK.sub(mark, texts[i])}" for i in sorted(labels, key=labels.__getitem__)]
    text = NOTE_MARK.sub(mark, text)
    if definitions:
        text += "\n\n" + "\n".join(definitions)
    kinds = [referred[i][0] for i in labels]
    return text, {kind: kinds.count(kind) for kind in ("footnote", "endnote")}
