"""Turn one contribution's markdown-it token stream into model blocks.

This is where contributed content meets the rules: lived-experience quotes are
printed as their speaker chose, refused without consent, or left out after a
withdrawal; images must come from the response folder and carry alt text;
links may only point to the web or to an e-mail address.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlparse

from markdown_it.token import Token

from pipeline import model as m
from pipeline.errors import Problem, Severity
from pipeline.load.images import clean_image
from pipeline.model import Person
from pipeline.parse.markdown import parse
from pipeline.vocabulary import is_link

COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
IGNORE = re.compile(r"coproduce-ignore:\s*([^\n]*?)\s*(?:-->|$)", re.MULTILINE)


@dataclass
class Parsed:
    blocks: tuple[m.Block, ...]
    footnotes: dict[int, tuple[m.Block, ...]]  # global number -> blocks
    quoted: list[str] = field(default_factory=list)  # ids of people whose quotes were printed
    left_out: list[str] = field(default_factory=list)  # what was left out, for the build report
    problems: list[Problem] = field(default_factory=list)
    # the words of withdrawn people's quotes, left out here, so a check can find them copied elsewhere
    withdrawn_text: list[tuple[str, m.Source, str]] = field(default_factory=list)  # (text, where, person)
    # `<!-- coproduce-ignore: phrase -->`: (the line it applies to, the phrase)
    ignores: list[tuple[int, str]] = field(default_factory=list)


class _Converter:
    def __init__(
        self,
        shown: str,
        body_line: int,
        response_dir: Path,
        people: dict[str, Person],
        number_footnote: Callable[[str], int],
    ) -> None:
        self.shown = shown
        self.body_line = body_line
        self.response_dir = response_dir.resolve()
        self.people = people
        self.number_footnote = number_footnote
        self.out = Parsed((), {})
        self._line = body_line
        self._html_warned: set[int] = set()  # one warning per line is enough
        self.referenced: dict[str, None] = {}  # footnote labels, in the order printed text refers to them

    # ------------------------------------------------------------ helpers

    def source(self, token: Token) -> m.Source:
        if token.map:
            self._line = self.body_line + token.map[0]
            return m.Source(self.shown, self._line, self.body_line + token.map[1] - 1)
        return m.Source(self.shown, self._line)

    def problem(
        self, message: str, fix: str, line: int | None = None, *, code: str = "", severity: Severity = "error"
    ) -> None:
        self.out.problems.append(Problem(self.shown, line or self._line, message, fix, severity, code=code))

    def html(self, tok: Token, line: int) -> m.Block | None:
        """A comment is never printed (it may be a directive); other raw HTML is printed as its text."""
        text = tok.content
        if COMMENT.fullmatch(text.strip()):
            for directive in IGNORE.finditer(text):
                # a directive applies to the line after the comment ends
                end = line + text.rstrip("\n").count("\n") + 1
                self.out.ignores.append((end, directive.group(1).strip()))
            return None
        if line in self._html_warned:
            return m.Paragraph((m.Text(text.strip()),), m.Source(self.shown, line))
        self._html_warned.add(line)
        self.problem(
            "raw HTML is printed as text, not as HTML",
            "write it in Markdown instead (for example **bold**, [a link](https://...))",
            line,
            code="markdown.raw-html",
            severity="warning",
        )
        return m.Paragraph((m.Text(text.strip()),), m.Source(self.shown, line))

    # ------------------------------------------------------------- blocks

    def blocks(self, tokens: list[Token], i: int, stop: str | None) -> tuple[list[m.Block], int]:
        """Convert block tokens from `i` until a token of type `stop`; return blocks and the index after it."""
        out: list[m.Block] = []
        while i < len(tokens):
            tok = tokens[i]
            if stop and tok.type == stop:
                return out, i + 1
            if tok.meta.get("drop"):
                i += 1
                continue
            block, i = self.block(tokens, i)
            if block is not None:
                out.append(block)
        return out, i

    def block(self, tokens: list[Token], i: int) -> tuple[m.Block | None, int]:
        tok = tokens[i]
        kind = tok.type
        if kind == "paragraph_open":
            src = self.source(tok)
            end = i + 2
            while tokens[end].type != "paragraph_close":  # skip a footnote's back-link anchor
                end += 1
            return m.Paragraph(self.inline(tokens[i + 1]), src), end + 1
        if kind == "heading_open":
            src = self.source(tok)
            return m.Heading(int(tok.tag[1]), self.inline(tokens[i + 1]), src), i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(tokens, i)
        if kind == "blockquote_open":
            return self.quote(tokens, i)
        if kind == "table_open":
            return self.table(tokens, i)
        if kind in ("fence", "code_block"):
            return m.CodeBlock(tok.content.rstrip("\n"), self.source(tok)), i + 1
        if kind == "hr":
            return m.ThematicBreak(self.source(tok)), i + 1
        if kind == "footnote_block_open":
            return None, self.footnote_block(tokens, i + 1)
        if kind == "footnote_anchor":  # the back-link after a note that does not end in a paragraph
            return None, i + 1
        if kind == "html_block":
            return self.html(tok, self.source(tok).line), i + 1
        raise ValueError(f"unexpected Markdown token {kind}")  # a parser change we have not met

    def list_block(self, tokens: list[Token], i: int) -> tuple[m.Block, int]:
        open_tok = tokens[i]
        src = self.source(open_tok)
        close = open_tok.type.replace("_open", "_close")
        items: list[m.ListItem] = []
        i += 1
        while tokens[i].type != close:
            # list_item_open ... list_item_close
            blocks, i = self.blocks(tokens, i + 1, "list_item_close")
            items.append(m.ListItem(tuple(blocks)))
        if open_tok.type == "ordered_list_open":
            start = int(cast(Any, open_tok.attrs.get("start", 1)))
            return m.OrderedList(tuple(items), start, src), i + 1
        return m.BulletList(tuple(items), src), i + 1

    def quote(self, tokens: list[Token], i: int) -> tuple[m.Block | None, int]:
        open_tok = tokens[i]
        src = self.source(open_tok)
        pid = open_tok.meta.get("lived_by")
        if pid is None:
            blocks, after = self.blocks(tokens, i + 1, "blockquote_close")
            return m.Quote(tuple(blocks), src, open_tok.meta.get("signed")), after
        # Decide before converting: words that are not printed must not number a footnote either.
        after = _close_of(tokens, i)
        line = self.body_line + open_tok.meta.get("lived_line", 1) - 1
        if (following := open_tok.meta.get("text_after_attribution")) is not None:
            self.problem(
                f"the quote attributed to '@{pid}' on line {line} goes on after its attribution",
                "the attribution must be the quote's last line: leave a blank line after it, or move the text above it",
                self.body_line + following - 1,
                code="quote.text-after-attribution",
            )
        person = self.people.get(pid)
        if person is None:
            self.problem(
                f"this quote is attributed to '@{pid}', who is not a contributor",
                f"add contributors/{pid}.yaml or correct the id after the @",
                line,
                code="quote.unknown-person",
            )
            return None, after
        if person.withdrawn:
            self.out.left_out.append(f"{self.shown}:{line}: a quote by {pid}, who withdrew on {person.withdrawn_on}")
            words = " ".join(t.content for t in tokens[i:after] if t.type == "inline")
            self.out.withdrawn_text.append((words, src, pid))
            return None, after
        if person.quotes == "no":
            self.problem(
                f"this quote is by '{pid}', who has not consented to being quoted",
                f"remove the quote, or record their consent in contributors/{pid}.yaml as  quotes: anonymous  or  "
                "quotes: attributed  (with  recorded: DATE)",
                line,
                code="quote.no-consent",
            )
            return None, after
        blocks, after = self.blocks(tokens, i + 1, "blockquote_close")
        self.out.quoted.append(pid)
        return m.LivedQuote(tuple(blocks), person.quote_attribution(), src), after

    def table(self, tokens: list[Token], i: int) -> tuple[m.Block, int]:
        src = self.source(tokens[i])
        header: list[m.TableCell] = []
        rows: list[tuple[m.TableCell, ...]] = []
        row: list[m.TableCell] = []
        i += 1
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type in ("th_open", "td_open"):
                style = str(tok.attrs.get("style", ""))
                align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
                row.append(m.TableCell(self.inline(tokens[i + 1]), cast(Any, align)))
                i += 3
                continue
            if tok.type == "tr_close":
                if header:
                    rows.append(tuple(row))
                else:
                    header = row
                row = []
            i += 1
        return m.Table(tuple(header), tuple(rows), src), i + 1

    def footnote_block(self, tokens: list[Token], i: int) -> int:
        """Convert the notes that printed text refers to; a note referred to only from
        words left out (a withdrawn person's quote) is left out with them."""
        starts: dict[str, int] = {}
        while tokens[i].type != "footnote_block_close":
            if tokens[i].type == "footnote_open":
                starts.setdefault(_label(tokens[i]), i)
            i += 1
        done: set[str] = set()
        while todo := [label for label in self.referenced if label not in done and label in starts]:
            for label in todo:  # a note may refer to another: go round until none is new
                done.add(label)
                blocks, _ = self.blocks(tokens, starts[label] + 1, "footnote_close")
                self.out.footnotes[self.number_footnote(label)] = tuple(blocks)
        return i + 1

    # ------------------------------------------------------------- inline

    def inline(self, token: Token) -> tuple[m.Inline, ...]:
        children = token.children or []
        result, _ = self.inlines(children, 0, None)
        return tuple(result)

    def inlines(self, toks: list[Token], i: int, stop: str | None) -> tuple[list[m.Inline], int]:
        out: list[m.Inline] = []
        while i < len(toks):
            tok = toks[i]
            kind = tok.type
            if stop and kind == stop:
                return out, i + 1
            i += 1
            if kind == "text":
                if tok.content:
                    out.append(m.Text(tok.content))
            elif kind == "softbreak":
                out.append(m.Text(" "))
            elif kind == "hardbreak":
                out.append(m.LineBreak())
            elif kind == "code_inline":
                out.append(m.Code(tok.content))
            elif kind == "strong_open":
                kids, i = self.inlines(toks, i, "strong_close")
                out.append(m.Strong(tuple(kids)))
            elif kind == "em_open":
                kids, i = self.inlines(toks, i, "em_close")
                out.append(m.Emphasis(tuple(kids)))
            elif kind == "link_open":
                kids, i = self.inlines(toks, i, "link_close")
                href = str(tok.attrs.get("href", ""))
                if is_link(href):
                    out.append(m.Link(href, tuple(kids)))
                else:
                    self.problem(
                        f"the link to '{href}' is not a web or e-mail address",
                        "links may only start with https://, http:// or mailto:",
                    )
                    out.extend(kids)
            elif kind == "image":
                if (image := self.image(tok)) is not None:
                    out.append(image)
            elif kind == "footnote_ref":
                label = _label(tok)
                self.referenced.setdefault(label, None)
                out.append(m.FootnoteRef(self.number_footnote(label)))
            elif kind == "html_inline":
                if self.html(tok, self._line) is not None:  # not a comment: printed as its text
                    out.append(m.Text(tok.content))
            else:
                raise ValueError(f"unexpected Markdown inline token {kind}")
        return out, i

    def image(self, tok: Token) -> m.Image | None:
        src = str(tok.attrs.get("src", ""))
        alt = tok.content.strip()
        fix_alt = "describe the image between the brackets, like  ![A bar chart of waiting times](chart.png)"
        if not alt:
            self.problem(f"the image '{src}' has no alt text", fix_alt)
        parsed = urlparse(src)
        if parsed.scheme or parsed.netloc or src.startswith("/"):
            self.problem(
                f"the image '{src}' is not a file in the response folder",
                "put the image in the response's folder and refer to it by its file name, like chart.png",
            )
            return None
        path = (self.response_dir / unquote(parsed.path)).resolve()
        if not path.is_relative_to(self.response_dir):
            self.problem(f"the image '{src}' is outside the response folder", "copy it into the response's folder")
            return None
        # read, checked and stripped of metadata now, once: renderers only embed these bytes
        cleaned, problems = clean_image(path, src, root=self.response_dir, where=self.shown, line=self._line)
        self.out.problems.extend(problems)
        if cleaned is None or not alt:
            return None
        return m.Image(path, alt, str(tok.attrs.get("title") or ""), data=cleaned.data, mime=cleaned.mime)


def parse_contribution(
    body: str,
    shown: str,
    body_line: int,
    response_dir: Path,
    people: dict[str, Person],
    number_footnote: Callable[[str], int],
) -> Parsed:
    """Parse one contribution once and convert it to model blocks."""
    conv = _Converter(shown, body_line, response_dir, people, number_footnote)
    tokens = parse(body)
    blocks, _ = conv.blocks(tokens, 0, None)
    conv.out.blocks = tuple(blocks)
    return conv.out


def _label(tok: Token) -> str:
    return str(tok.meta.get("label", tok.meta.get("id")))


def _close_of(tokens: list[Token], i: int) -> int:
    """The index after the token that closes the container opened at `i`."""
    depth = 0
    for k in range(i, len(tokens)):
        depth += tokens[k].nesting
        if depth == 0:
            return k + 1
    return len(tokens)
