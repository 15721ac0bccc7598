"""Plain English: flag very long sentences, which are hard for many readers, and
acronyms used before they are spelled out (advice: warnings, never blocking).

Sentences are taken from what is printed (`printed_texts()`), never from the
Markdown: each paragraph, list item, heading, table cell and note on its own,
so a list item is never run into the next one, nor a table or a quote into
prose. Quoted words (a block quote, lived-experience or not) and code are left
as they are. A long sentence is reported at the line and column where it starts.
Abbreviations (St., Dr., e.g.) do not end a sentence and link addresses are not
words (`_readability.py`, which also gives the figures per answer that
`coproduce language --readability` prints).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pipeline.assemble.printed import SourceLines, printed_texts
from pipeline.checks import CheckContext
from pipeline.checks._readability import LONG as LONGEST
from pipeline.checks._readability import acronyms, sentences, words
from pipeline.checks._wording import placed, wording
from pipeline.errors import Problem

WORD = re.compile(r"\w+")


@lru_cache(maxsize=50_000)
def _long_sentences(text: str) -> tuple[tuple[int, str, int], ...]:
    """(start, sentence, words) of each sentence over LONGEST words: a text's own, so kept by the text (a save
    in `serve` counts again only the texts it changed)."""
    return tuple((start, s, n) for start, s in sentences(text) if (n := len(words(s))) > LONGEST)


@lru_cache(maxsize=50_000)
def _acronyms(text: str) -> tuple[tuple[int, str, bool], ...]:
    return tuple(acronyms(text))


def check(ctx: CheckContext) -> Iterator[Problem]:
    a = ctx.assembly
    leave = wording(a.document)
    lines = SourceLines(ctx.response, a.included)
    first_use: dict[str, tuple[str, int | None, int | None]] = {}  # acronym -> where it is first used
    spelled: dict[str, bool] = {}  # acronym -> spelled out at its first use
    later: set[str] = set()  # acronyms spelled out only after their first use
    for printed, place in placed(printed_texts(a.document, ctx.response), lines):
        if printed.kind != "text" or printed.source in leave.quoted:
            continue
        if printed.source.path != ctx.response.shown:  # the contributions, not the consultation's wording
            for at, word, here in _acronyms(leave.prose(printed)):
                if word not in first_use:
                    line, column = place(at, at + len(word))
                    first_use[word] = (printed.source.path, line, column)
                    spelled[word] = here
                elif here and not spelled[word]:
                    later.add(word)
        for start, sentence, n in _long_sentences(printed.text):
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
    for word, (path, where, col) in first_use.items():
        if spelled[word]:
            continue
        yield Problem(
            path,
            where,
            f"'{word}' is used before it is spelled out" if word in later else f"'{word}' is never spelled out",
            f"write it in full the first time, with '({word})' after it",
            "warning",
            column=col,
            code="plain.acronym",
        )
