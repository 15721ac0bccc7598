"""Turn one contribution's Markdown into model blocks, walking markdown-it-py's syntax tree.

This is where contributed content meets the rules: lived-experience quotes are
printed as their speaker chose, refused without consent, or left out after a
withdrawal; images must come from the response folder and carry alt text;
links may only point to the web or to an e-mail address.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote, urlparse

from pipeline import model as m
from pipeline.errors import Problem, Severity
from pipeline.load.images import clean_image
from pipeline.model import Person
from pipeline.parse.markdown import SIGNED, SIGNED_AFTER_TEXT, parse, signature
from pipeline.vocabulary import is_link

if TYPE_CHECKING:  # imported when a text is parsed (parse/markdown.py says why)
    from markdown_it.token import Token
    from markdown_it.tree import SyntaxTreeNode as Node

COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
IGNORE = re.compile(r"coproduce-ignore:\s*([^\n]*?)\s*(?:-->|$)", re.MULTILINE)


@dataclass
class Parsed:
    blocks: tuple[m.Block, ...]
    footnotes: dict[int, tuple[m.Block, ...]]  # global number -> blocks
    quoted: list[str] = field(default_factory=list)  # ids of people whose quotes were printed
    left_out: list[m.LeftOut] = field(default_factory=list)  # what was left out, for the build report
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
        signed_by_withdrawn: Callable[[str], tuple[str, ...]] = lambda _: (),
    ) -> None:
        self.signed_by_withdrawn = signed_by_withdrawn
        self.shown = shown
        self.body_line = body_line
        # resolved by the caller (assemble, once per response): a picture is refused unless its own resolved path
        # lies in it, so a folder given unresolved would only refuse more, never let one outside in
        self.response_dir = response_dir
        self.people = people
        self.number_footnote = number_footnote
        self.out = Parsed((), {})
        self._line = body_line
        self._html_warned: set[int] = set()  # one warning per line is enough
        self.referenced: dict[str, None] = {}  # footnote labels, in the order printed text refers to them

    # ------------------------------------------------------------ helpers

    def source(self, node: Node) -> m.Source:
        if node.map:
            self._line = self.body_line + node.map[0]
            return m.Source(self.shown, self._line, self.body_line + node.map[1] - 1)
        return m.Source(self.shown, self._line)

    def problem(
        self,
        message: str,
        fix: str,
        line: int | None = None,
        *,
        code: str,
        severity: Severity = "error",
        subject: str = "",
    ) -> None:
        self.out.problems.append(
            Problem(self.shown, line or self._line, message, fix, severity, code=code, subject=subject)
        )

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

    def blocks(self, nodes: Iterable[Node]) -> list[m.Block]:
        out: list[m.Block] = []
        before: Node | None = None
        for node in nodes:
            # "> their words" then, on its own, "— K.P.": the signature names whose the quote before it is
            if before is not None and before.type == "blockquote" and (gone := self._signed_alone(node)):
                if out and isinstance(out[-1], m.Quote | m.LivedQuote):
                    out.pop()
                self.leave_out(before, gone, "a quote signed by hand")
                self.leave_out(node, gone, "its signature")
                before = None
                continue
            if (b := self.block(node)) is not None:
                out.append(b)
            before = node
        return out

    def _signed_alone(self, node: Node) -> tuple[str, ...]:
        """Who withdrew, when `node` is a paragraph holding only a dash and their credit ("— K.P.")."""
        if node.type != "paragraph" or not node.children:
            return ()
        content = node.children[0].content.strip()
        who = signature(content) if "\n" not in content and SIGNED.match(content) else None
        return self.signed_by_withdrawn(who) if who else ()

    def leave_out(self, node: Node, gone: tuple[str, ...], what: str) -> None:
        """Leave out words that a signature says are a withdrawn person's, and say so (by id)."""
        src = self.source(node)
        who = ", ".join(f"{pid}, who withdrew on {self.people[pid].withdrawn_on}" for pid in gone)
        self.out.left_out.append(m.LeftOut(f"{self.shown}:{src.line}: {what}, by {who}", gone))
        words = " ".join(n.content for n in node.walk() if n.type == "inline")
        self.out.withdrawn_text.extend((words, src, pid) for pid in gone)

    def block(self, node: Node) -> m.Block | None:
        kind = node.type
        if kind == "paragraph":  # children: its inline, and in a note the back-link anchor
            lines = node.children[0].content.split("\n") if node.children else [""]
            who = SIGNED_AFTER_TEXT.match(lines[-1])  # “Their words,” — K.P.  in running text
            if who and (gone := self.signed_by_withdrawn(who.group("who").strip())):
                self.leave_out(node, gone, "words signed by hand")
                return None
            src = self.source(node)
            return m.Paragraph(self.inline(node.children[0]), src)
        if kind == "heading":
            src = self.source(node)
            return m.Heading(int(node.tag[1]), self.inline(node.children[0]), src)
        if kind in ("bullet_list", "ordered_list"):
            src = self.source(node)
            items = tuple(m.ListItem(tuple(self.blocks(item.children))) for item in node.children)
            if kind == "ordered_list":
                return m.OrderedList(items, int(cast(Any, node.attrs.get("start", 1))), src)
            return m.BulletList(items, src)
        if kind == "blockquote":
            return self.quote(node)
        if kind == "table":
            return self.table(node)
        if kind in ("fence", "code_block"):
            return m.CodeBlock(node.content.rstrip("\n"), self.source(node))
        if kind == "hr":
            return m.ThematicBreak(self.source(node))
        if kind == "footnote_block":
            self.footnote_block(node)
            return None
        if kind == "footnote_anchor":  # the back-link after a note that does not end in a paragraph
            return None
        if kind == "html_block":
            return self.html(node.token, self.source(node).line)  # type: ignore[arg-type]
        raise ValueError(f"unexpected Markdown block {kind}")  # a parser change we have not met

    def quote(self, node: Node) -> m.Block | None:
        src = self.source(node)
        pid = node.meta.get("lived_by")
        if pid is None:
            signed = node.meta.get("signed")
            if signed and (gone := self.signed_by_withdrawn(signed)):  # "— K.P.": the credit they had
                self.leave_out(node, gone, "a quote signed by hand")
                return None
            return m.Quote(tuple(self.blocks(node.children)), src, signed)
        # Decide before converting: words that are not printed must not number a footnote either.
        line = self.body_line + node.meta.get("lived_line", 1) - 1
        if (following := node.meta.get("text_after_attribution")) is not None:
            self.problem(
                f"the quote attributed to '@{pid}' on line {line} goes on after its attribution",
                "the attribution must be the quote's last line: leave a blank line after it, or move the text above it",
                self.body_line + following - 1,
                code="quote.text-after-attribution",
                subject=pid,
            )
        person = self.people.get(pid)
        if person is None:
            self.problem(
                f"this quote is attributed to '@{pid}', who is not a contributor",
                f"add contributors/{pid}.yaml or correct the id after the @",
                line,
                code="quote.unknown-person",
                subject=pid,
            )
            return None
        if person.withdrawn:
            note = f"{self.shown}:{line}: a quote by {pid}, who withdrew on {person.withdrawn_on}"
            self.out.left_out.append(m.LeftOut(note, (pid,)))
            words = " ".join(n.content for n in node.walk() if n.type == "inline")
            self.out.withdrawn_text.append((words, src, pid))
            return None
        if person.quotes == "no":
            self.problem(
                f"this quote is by '{pid}', who has not consented to being quoted",
                f"remove the quote, or record their consent in contributors/{pid}.yaml as  quotes: anonymous  or  "
                "quotes: attributed  (with  recorded: DATE)",
                line,
                code="quote.no-consent",
                subject=pid,
            )
            return None
        self.out.quoted.append(pid)
        return m.LivedQuote(tuple(self.blocks(node.children)), person.quote_attribution(), src)

    def table(self, node: Node) -> m.Block:
        src = self.source(node)
        header: tuple[m.TableCell, ...] = ()
        rows: list[tuple[m.TableCell, ...]] = []
        for part in node.children:  # thead, tbody
            for tr in part.children:
                if tr.map:
                    self._line = self.body_line + tr.map[0]  # a problem in a row is reported on its line
                row = tuple(self.cell(cell) for cell in tr.children)
                if part.type == "thead":
                    header = row
                else:
                    rows.append(row)
        return m.Table(header, tuple(rows), src)

    def cell(self, node: Node) -> m.TableCell:
        style = str(node.attrs.get("style", ""))
        align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
        inline = self.inline(node.children[0]) if node.children else ()
        return m.TableCell(inline, cast(Any, align))

    def footnote_block(self, node: Node) -> None:
        """Convert the notes that printed text refers to; a note referred to only from
        words left out (a withdrawn person's quote) is left out with them."""
        notes: dict[str, Node] = {}
        for note in node.children:
            notes.setdefault(_label(note.meta), note)
        done: set[str] = set()
        while todo := [label for label in self.referenced if label not in done and label in notes]:
            for label in todo:  # a note may refer to another: go round until none is new
                done.add(label)
                self.out.footnotes[self.number_footnote(label)] = tuple(self.blocks(notes[label].children))

    # ------------------------------------------------------------- inline

    def inline(self, node: Node) -> tuple[m.Inline, ...]:
        return tuple(self.inlines(node.children))

    def inlines(self, nodes: Iterable[Node]) -> list[m.Inline]:
        out: list[m.Inline] = []
        for node in nodes:
            kind = node.type
            if kind == "text":
                if node.content:
                    out.append(m.Text(node.content))
            elif kind == "softbreak":
                out.append(m.Text(" "))
                self._line += 1  # a problem later in the paragraph is reported on its own line
            elif kind == "hardbreak":
                out.append(m.LineBreak())
                self._line += 1
            elif kind == "code_inline":
                out.append(m.Code(node.content))
            elif kind == "strong":
                out.append(m.Strong(tuple(self.inlines(node.children))))
            elif kind == "em":
                out.append(m.Emphasis(tuple(self.inlines(node.children))))
            elif kind == "link":
                kids = self.inlines(node.children)
                href = str(node.attrs.get("href", ""))
                if is_link(href):
                    out.append(m.Link(href, tuple(kids)))
                else:
                    # printed as its text, so a draft still builds; a final build waits for the fix
                    self.problem(
                        f"the link to '{href}' is not a web, e-mail or phone address, so it is printed as plain text",
                        _link_fix(href),
                        severity="final",
                        code="link.not-web",
                    )
                    out.extend(kids)
            elif kind == "image":
                if (image := self.image(node.token)) is not None:  # type: ignore[arg-type]
                    out.append(image)
            elif kind == "footnote_ref":
                label = _label(node.meta)
                self.referenced.setdefault(label, None)
                out.append(m.FootnoteRef(self.number_footnote(label)))
            elif kind == "html_inline":
                if self.html(node.token, self._line) is not None:  # type: ignore[arg-type]  # not a comment
                    out.append(m.Text(node.content))
            else:
                raise ValueError(f"unexpected Markdown inline {kind}")
        return out

    def image(self, tok: Token) -> m.Image | None:
        src = str(tok.attrs.get("src", ""))
        alt = tok.content.strip()
        fix_alt = "describe the image between the brackets, like  ![A bar chart of waiting times](chart.png)"
        if not alt:
            self.problem(f"the image '{src}' has no alt text", fix_alt, code="image.no-alt")
        parsed = urlparse(src)
        if parsed.scheme or parsed.netloc or src.startswith("/"):
            self.problem(
                f"the image '{src}' is not a file in the response folder",
                "put the image in the response's folder and refer to it by its file name, like chart.png",
                code="image.not-local",
            )
            return None
        path = (self.response_dir / unquote(parsed.path)).resolve()
        if not path.is_relative_to(self.response_dir):
            self.problem(
                f"the image '{src}' is outside the response folder",
                "copy it into the response's folder",
                code="image.outside",
            )
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
    signed_by_withdrawn: Callable[[str], tuple[str, ...]] = lambda _: (),
) -> Parsed:
    """Parse one contribution once and convert it to model blocks. `signed_by_withdrawn` says whose
    withdrawn credit a hand-written signature is (assemble/people.signer): their words are left out."""
    from markdown_it.tree import SyntaxTreeNode as Node

    conv = _Converter(shown, body_line, response_dir, people, number_footnote, signed_by_withdrawn)
    conv.out.blocks = tuple(conv.blocks(Node(parse(body)).children))
    return conv.out


def _label(meta: dict[str, Any]) -> str:
    return str(meta.get("label", meta.get("id")))


def _link_fix(href: str) -> str:
    """How to mend a link that is not a web, e-mail or phone address."""
    if href.lower().startswith("www."):
        return f"write the whole address: https://{href}"
    if href.startswith("#"):
        return "a link to a place in the document does not survive every format: write the text without the link"
    if "@" in href and ":" not in href:
        return f"write it as an e-mail link: mailto:{href}"
    return (
        "a link to a file or a page on this computer will not work for the reader: link to a web page"
        " (https://...), an e-mail (mailto:...) or a phone number (tel:...), or write the text without the link"
    )
