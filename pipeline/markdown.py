"""The Markdown parser: markdown-it-py with raw HTML off, tables, footnotes, and
the lived-experience quote plugin.

A block quote whose last line is `— @id` (or `-- @id`, `– @id`) is a
lived-experience quote. The plugin is a core rule that runs before inline
parsing: it removes the attribution line from the quote's text and records the
contributor id and its line on the `blockquote_open` token's `meta`, so the
converter can decide how (and whether) to print it.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

ATTRIBUTION = re.compile(r"^\s*(?:—|–|--)\s*@([A-Za-z0-9][A-Za-z0-9_-]*)\s*$")


def _lived_quotes(state: StateCore) -> None:
    tokens = state.tokens
    for close_at, token in enumerate(tokens):
        if token.type != "blockquote_close":
            continue
        # find the matching open, and the last paragraph directly inside this quote
        depth, open_at = 0, close_at
        for k in range(close_at, -1, -1):
            if tokens[k].type == "blockquote_close":
                depth += 1
            elif tokens[k].type == "blockquote_open":
                depth -= 1
                if depth == 0:
                    open_at = k
                    break
        last = close_at - 1
        if last < 2 or tokens[last].type != "paragraph_close" or tokens[last - 2].type != "paragraph_open":
            continue
        inline = tokens[last - 1]
        lines = inline.content.split("\n")
        match = ATTRIBUTION.match(lines[-1])
        if not match:
            continue
        para = tokens[last - 2]
        line = (para.map[0] + len(lines)) if para.map else 0
        tokens[open_at].meta["lived_by"] = match.group(1)
        tokens[open_at].meta["lived_line"] = line  # 1-based within the body
        if len(lines) == 1:
            # the attribution stood alone: drop its paragraph
            for k in (last, last - 1, last - 2):
                tokens[k].hidden = True
                tokens[k].meta["drop"] = True
        else:
            inline.content = "\n".join(lines[:-1]).rstrip()


def lived_quote_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "lived_quote", _lived_quotes)


@cache
def parser() -> MarkdownIt:
    # "commonmark" with html=False: contributed text can never carry raw HTML
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin, inline=False)
    md.use(lived_quote_plugin)
    return md


def parse(text: str) -> list[Token]:
    return parser().parse(text)
