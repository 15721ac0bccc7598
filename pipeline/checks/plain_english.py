"""Plain English: flag very long sentences, which are hard for many readers.

Sentences are taken from what is printed (`printed_texts()`), never from the
Markdown: each paragraph, list item, heading, table cell and note on its own,
so a list item is never run into the next one, nor a table or a quote into
prose. Quoted words (a block quote, lived-experience or not) and code are left
as they are. A long sentence is reported at the line and column where it starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.assemble.plaintext import count_words
from pipeline.assemble.printed import SourceLines, printed_texts
from pipeline.checks import CheckContext
from pipeline.checks._wording import placed, wording
from pipeline.errors import Problem

LONGEST = 35  # words; plain-English guides suggest 15-20 on average, and few over 30
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")
WORD = re.compile(r"\w+")


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """(where it starts in `text`, the sentence) for each sentence of a printed text."""
    start = 0
    for end in SENTENCE_END.finditer(text):
        yield start, text[start : end.start()]
        start = end.end()
    yield start, text[start:]


def check(ctx: CheckContext) -> Iterator[Problem]:
    a = ctx.assembly
    leave = wording(a.document)
    lines = SourceLines(ctx.response, a.included)
    for printed, place in placed(printed_texts(a.document, ctx.response), lines):
        if printed.kind != "text" or printed.source in leave.quoted:
            continue
        for start, sentence in _sentences(printed.text):
            n = count_words(sentence)
            if n <= LONGEST:
                continue
            first = WORD.search(sentence)  # placed by its first word
            line, column = place(start + first.start(), start + first.end()) if first else (printed.source.line, 1)
            yield Problem(
                printed.source.path,
                line,
                f"a sentence of {n} words ('{' '.join(sentence.split()[:6])} …')",
                f"plain English keeps sentences under {LONGEST} words: split it in two",
                "warning",
                column=column,
                code="plain.long-sentence",
            )
