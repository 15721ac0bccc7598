"""Plain English: flag very long sentences, which are hard for many readers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.assemble.plaintext import count_words
from pipeline.checks import CheckContext
from pipeline.errors import Problem

LONGEST = 35  # words; plain-English guides suggest 15-20 on average, and few over 30
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")
LIST_ITEM = re.compile(r"^([-*+]|\d+[.)])\s+")
NOT_PROSE = ("|", ">", "#", "```", "~~~", "[^")


def _paragraphs(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line, text) for each prose paragraph or list item, joined across soft line breaks."""
    start = 0
    parts: list[str] = []
    for offset, line in enumerate([*body.split("\n"), ""]):
        stripped = line.strip()
        item = LIST_ITEM.match(stripped)
        if parts and (not stripped or item or stripped.startswith(NOT_PROSE)):
            yield start, " ".join(parts)
            parts = []
        if stripped and not stripped.startswith(NOT_PROSE) and not line.startswith("    "):
            if not parts:
                start = first_line + offset
            parts.append(LIST_ITEM.sub("", stripped))


def check(ctx: CheckContext) -> Iterator[Problem]:
    for c in ctx.assembly.included:
        for line, text in _paragraphs(c.body, c.body_line):
            for sentence in SENTENCE_END.split(text):
                n = count_words(sentence)
                if n > LONGEST:
                    yield Problem(
                        c.shown,
                        line,
                        f"a sentence of {n} words ('{' '.join(sentence.split()[:6])} …')",
                        f"plain English keeps sentences under {LONGEST} words: split it in two",
                        "warning",
                    )
