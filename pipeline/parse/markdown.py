"""The Markdown parser: markdown-it-py with tables, footnotes, and the lived-experience quote rule.

Raw HTML is recognised (html=True) only so that it can be handled on purpose:
comments are never printed (and may carry the tool's own directives), and any
other HTML is printed as plain text with a warning (see blocks.py).

`@id` has one meaning. A block quote whose last line, or last words, attribute
it to a contributor is a lived-experience quote, whatever dash or form the
writer used:

    > Nobody listened.          > Nobody listened. — @dean     > Nobody listened.
    > — @dean   (or –, ―, -, --, a full stop after)            > - @dean   (a list item)

The rule runs before inline parsing: it takes the attribution out of the
quote's text and records the id and its line on the `blockquote_open` token's
meta, so blocks.py decides how (and whether) to print the quote. An attribution
with more of the quote after it (no blank line between) is recorded as an error.
A quote whose last line is a dash and a name ("— Kerry") is recorded as `signed`,
so a check can insist on `— @id` when the name is a contributor's.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from pipeline.load.cache import memo_by_value

if TYPE_CHECKING:  # markdown-it-py is imported when a text is first parsed: a check whose parses were all kept
    # (parse/kept_files.py) parses nothing, and importing it was a twentieth of `check` at 40 (issue 23)
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

# em dash, en dash, horizontal bar, figure dash, minus, and one to three hyphens
DASH = r"(?:[—–―‒−]|-{1,3})"
AT_ID = r"@([A-Za-z0-9][A-Za-z0-9_-]*)"
_END = r"\s*[.!,;]?\s*$"
ATTRIBUTION = re.compile(rf"^\s*{DASH}\s*{AT_ID}{_END}")  # the whole line
ATTRIBUTION_AFTER_TEXT = re.compile(rf"^(?P<text>.*?\S)\s+{DASH}\s*{AT_ID}{_END}")  # "Nobody listened. — @dean"
BARE_AT = re.compile(rf"^\s*{AT_ID}{_END}")  # a list item "- @dean"
# a quote signed by hand: "— Kerry", "- KP", "~ K. P." on the last line, or after the words on it
SIGN_DASH = r"(?:[—–―‒−~]|-{1,3})"
SIGNED = re.compile(rf"^\s*{SIGN_DASH}\s*(?P<who>[^\s@\-—–―‒−~][^@]{{0,80}}?){_END}")
SIGNED_AFTER_TEXT = re.compile(rf"^(?P<text>.*\S)\s+{SIGN_DASH}\s*(?P<who>[^\s@\-—–―‒−~][^@—–―‒−~]{{0,60}}?){_END}")
# in running text: an @ that does not follow a word character (so not an e-mail address)
AT_MENTION = re.compile(r"(?<![\w@.+-])@([A-Za-z0-9][A-Za-z0-9_-]*)")


def _attribution(line: str) -> tuple[str, str] | None:
    """(id, text left on the line) when `line` attributes a quote, else None."""
    if m := ATTRIBUTION.match(line):
        return m.group(1).lower(), ""
    if m := ATTRIBUTION_AFTER_TEXT.match(line):
        return m.group(2).lower(), m.group("text")
    return None


def signature(line: str) -> str | None:
    """The hand-written signature a line ends with ("Kerry" in "We were heard. — Kerry"), or None."""
    found = SIGNED.match(line) or SIGNED_AFTER_TEXT.match(line)
    return found.group("who").strip() if found else None


def _children(tokens: list[Token], open_at: int, close_at: int) -> list[tuple[int, int]]:
    """The direct child blocks of the container open at `open_at`, as (first, last) token indexes."""
    level = tokens[open_at].level + 1
    out: list[tuple[int, int]] = []
    k = open_at + 1
    while k < close_at:
        tok = tokens[k]
        if tok.level == level and tok.nesting == 1:
            depth, j = 0, k
            while True:
                depth += tokens[j].nesting
                if depth == 0:
                    break
                j += 1
            out.append((k, j))
            k = j + 1
        else:
            if tok.level == level:
                out.append((k, k))
            k += 1
    return out


def _lived_quote(tokens: list[Token], open_at: int, close_at: int, drop: set[int]) -> None:
    quote = tokens[open_at]
    children = _children(tokens, open_at, close_at)
    if not children:
        return
    found: tuple[str, int] | None = None  # (id, line within the body, 1-based)
    after: int | None = None  # the line of text that follows an attribution
    for n, (first, last) in enumerate(children):
        if tokens[first].type != "paragraph_open":
            continue
        inline, para = tokens[first + 1], tokens[first]
        lines = inline.content.split("\n")
        base = para.map[0] if para.map else 0
        for j, line in enumerate(lines):
            hit = _attribution(line)
            if hit is None:
                continue
            is_last = n == len(children) - 1 and j == len(lines) - 1
            if not is_last and after is None:
                after = base + j + 2  # the line after the attribution
            found = (hit[0], base + j + 1)
            kept = [*lines[:j], hit[1]] if hit[1] else lines[:j]
            if is_last and not kept:
                drop.update(range(first, last + 1))  # the attribution stood alone: drop its paragraph
            else:
                inline.content = "\n".join(kept).rstrip()
            break
    last_first, last_last = children[-1]
    if found is None and tokens[last_first].type in ("bullet_list_open", "ordered_list_open"):
        found = _list_attribution(tokens, last_first, last_last, drop)
    dash_list = tokens[last_first].type == "bullet_list_open" and tokens[last_first].markup == "-"
    if found is None and dash_list and (who := _list_signature(tokens, last_first, last_last)) is not None:
        quote.meta["signed"] = who  # "> - KP": the hyphen became a list marker
    if found is None and tokens[last_first].type == "paragraph_open":
        last_line = tokens[last_first + 1].content.split("\n")[-1]
        if (who := signature(last_line)) is not None:
            quote.meta["signed"] = who
    if found is not None:
        quote.meta["lived_by"], quote.meta["lived_line"] = found
    if after is not None:
        quote.meta["text_after_attribution"] = after


def _list_signature(tokens: list[Token], first: int, last: int) -> str | None:
    """The words of a list's last item when they are short enough to be a signature ("> - KP")."""
    item_first, item_last = _children(tokens, first, last)[-1]
    content = _children(tokens, item_first, item_last)
    if len(content) != 1 or tokens[content[0][0]].type != "paragraph_open":
        return None
    text = tokens[content[0][0] + 1].content.strip()
    return text.rstrip(".!,; ") if "\n" not in text and "@" not in text and len(text.split()) <= 4 else None


def _list_attribution(tokens: list[Token], first: int, last: int, drop: set[int]) -> tuple[str, int] | None:
    """`> - @dean`: Markdown makes the attribution a list item. Take it out of the list."""
    items = _children(tokens, first, last)
    item_first, item_last = items[-1]
    content = _children(tokens, item_first, item_last)
    if len(content) != 1 or tokens[content[0][0]].type != "paragraph_open":
        return None
    para, inline = tokens[content[0][0]], tokens[content[0][0] + 1]
    m = BARE_AT.match(inline.content) or ATTRIBUTION.match(inline.content)
    if not m:
        return None
    drop.update(range(first, last + 1) if len(items) == 1 else range(item_first, item_last + 1))
    return m.group(1).lower(), (para.map[0] + 1) if para.map else 1


def _lived_quotes(state: StateCore) -> None:
    tokens = state.tokens
    drop: set[int] = set()
    opened: list[int] = []
    for k, token in enumerate(tokens):
        if token.type == "blockquote_open":
            opened.append(k)
        elif token.type == "blockquote_close" and opened:
            _lived_quote(tokens, opened.pop(), k, drop)
    if drop:
        tokens[:] = [t for k, t in enumerate(tokens) if k not in drop]


def lived_quote_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "lived_quote", _lived_quotes)


def _made() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin, inline=False)
    md.use(lived_quote_plugin)
    return md


@cache
def parser() -> MarkdownIt:
    return _made()


@cache
def block_parser() -> MarkdownIt:
    """The same parser stopped before inline parsing (and the footnotes' tail, which needs it): the blocks, with
    each lived quote's attribution found (that rule runs before inline), but no inline tokens."""
    md = _made()
    md.disable(["inline", "footnote_tail"])
    return md


def block_tokens(text: str) -> list[Token]:
    """`text`'s block tokens as `parse` makes them before inline parsing: footnote definitions still in place
    (a full parse moves them to the end, and drops those nothing refers to) and no inline children."""
    return block_parser().parse(text)


@memo_by_value(maxsize=2_500)
def _parsed(text: str) -> tuple[Token, ...]:
    return tuple(parser().parse(text))


def parse(text: str) -> list[Token]:
    """The tokens of `text` (in `serve`, one text is parsed once: the tokens depend on nothing else, and the
    pipeline only reads them; each caller gets its own list)."""
    tokens = list(_parsed(text))
    if "@" in text or "![" in text:  # what `quotes_read` and `references_read` will be asked: read it now
        noted = _Noted(lived_quotes(tokens), *references_in(tokens))
        with _lock:
            _noted[text] = noted
            _noted.move_to_end(text)
            while len(_noted) > _KEPT:
                _noted.popitem(last=False)
    return tokens


def lived_quotes(tokens: list[Token]) -> dict[str, list[str]]:
    """Each quoted person's id -> the text of each of their lived-experience quotes in `tokens` (a whole parse's,
    or the blocks alone: each quote's text is its inline tokens' content, there before inline parsing)."""
    found: dict[str, list[str]] = {}
    depth_open: list[int] = []
    for k, token in enumerate(tokens):
        if token.type == "blockquote_open":
            depth_open.append(k)
        elif token.type == "blockquote_close" and depth_open:
            start = depth_open.pop()
            who = tokens[start].meta.get("lived_by") if tokens[start].meta else None
            if who:
                text = "\n".join(t.content for t in tokens[start:k] if t.type == "inline").strip()
                found.setdefault(str(who), []).append(text)
    return found


def references_in(tokens: list[Token]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the ids quoted, in the order their quotes open; the pictures' sources), each once, in a whole parse."""
    quoted: list[str] = []
    pictures: list[str] = []
    for tok in tokens:
        if tok.type == "blockquote_open" and tok.meta.get("lived_by"):
            quoted.append(str(tok.meta["lived_by"]))
        for child in tok.children or ():
            if child.type == "image":
                pictures.append(str(child.attrs.get("src", "")))
    return tuple(dict.fromkeys(quoted)), tuple(dict.fromkeys(pictures))


class _Noted(NamedTuple):
    quotes: dict[str, list[str]]
    quoted: tuple[str, ...]
    pictures: tuple[str, ...]


# What each text's last whole parse found that later stages ask for again: its quotes (whose words must confirm an
# edit) and whom it quotes and which pictures it shows (what an approval covers). A check asks after the assembly
# has parsed every contribution, and parsing each again was a seventh of a `check`. A pure function of the text
# (the key), so never stale; beside each key only quote texts, ids and picture addresses, a few thousand at most.
_KEPT = 5_000
_noted: OrderedDict[str, _Noted] = OrderedDict()
_lock = threading.Lock()


def note_of(text: str) -> tuple[dict[str, list[str]], tuple[str, ...], tuple[str, ...]] | None:
    """What `parse` noted of `text`, as plain values, for a parse kept elsewhere (parse/kept.py) to note again."""
    with _lock:
        found = _noted.get(text)
    return None if found is None else (found.quotes, found.quoted, found.pictures)


def note_again(text: str, note: tuple[dict[str, list[str]], tuple[str, ...], tuple[str, ...]]) -> None:
    """A kept parse of `text` used instead of parsing it: what its parse noted is noted again, as `parse` would."""
    with _lock:
        _noted[text] = _Noted(*note)
        _noted.move_to_end(text)
        while len(_noted) > _KEPT:
            _noted.popitem(last=False)


def quotes_read(text: str) -> dict[str, list[str]] | None:
    """`lived_quotes` of `text`'s whole parse, if `parse` has read it (a copy), else None."""
    with _lock:
        found = _noted.get(text)
    return None if found is None else {pid: list(quotes) for pid, quotes in found.quotes.items()}


def references_read(text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(ids quoted, pictures' sources) in `text`'s whole parse, if `parse` has read it, else None."""
    with _lock:
        found = _noted.get(text)
    return None if found is None else (found.quoted, found.pictures)
