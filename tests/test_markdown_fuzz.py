"""No internal errors on real Markdown: random mixtures of every construct parse and render.

A seeded generator puts footnotes that end in lists, quotes, code and tables,
nested quotes and lists, attributions in odd places, raw HTML and comments
together; every mixture must parse to the model and render in each format
without an exception other than a user-facing CoproduceError.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from pathlib import Path

import pytest

from pipeline import model as m
from pipeline.errors import CoproduceError
from pipeline.load.workbench import SHIPPED_TEMPLATES
from pipeline.render import docx, html, text
from pipeline.render.context import RenderContext
from tests.test_markdown import convert

PIECES = [
    "A plain paragraph with **bold**, *italic*, `code` and a [link](https://example.org).",
    "Text with a note.[^a]",
    "Another note.[^b]",
    "[^a]: A note that ends in a list:\n\n    - one\n    - two",
    "[^b]: A note with a quote:\n\n    > quoted\n    > — @ada",
    "[^a]: A note with code:\n\n        code",
    "[^b]: A table note:\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |",
    "> A quote\n> > nested\n> — @ada",
    "> Said on one line. — @dee",
    "> - @ada",
    "> text\n> - point\n> - @dee",
    "- item\n  > quote in a list\n  > — @ada\n- item two",
    "1. one\n2. two\n   - nested\n     1. deeper",
    "| h1 | h2 |\n|:--|--:|\n| a | b |",
    "# Heading\n\n### Deep heading",
    "<!-- a comment -->",
    "<div>raw html</div>",
    "Inline <span>html</span> here.",
    "---",
    "    indented code",
    "```\nfenced\n```",
    "Line one  \nLine two after a hard break.",
    "> A quote\n— not an attribution",
    "@",
    "[^missing] reference to nothing",
    "Text — @ada in the middle of a sentence.",
]


def mixture(rng: random.Random) -> str:
    return "\n\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8))) + "\n"


@pytest.mark.parametrize("seed", range(60))
def test_any_mixture_parses_and_renders(seed: int, tmp_path: Path) -> None:
    source = mixture(random.Random(seed))
    parsed = convert(source, tmp_path)  # must not raise
    doc = m.Document(
        meta=m.Meta("x", "T", "Org", "C", "By", None, None, dt.date(2026, 1, 1), "en-GB", "group", None),
        sections=(m.Section("other", "x", "X", parsed.blocks),),
        credits=m.Credits("Credits", "Totals.", (), None),
        footnotes=tuple(m.Footnote(n, b) for n, b in sorted(parsed.footnotes.items())),
    )
    ctx = RenderContext(templates=SHIPPED_TEMPLATES, response_dir=tmp_path)
    for module in (html, docx, text):
        with contextlib.suppress(CoproduceError):  # a message for the user is fine; an internal error is not
            assert module.render(doc, ctx)
