"""Every string a submission prints, with the file and line it came from.

Checks that look at what the reader will see (named people, copied words of a
withdrawn person) walk this, not the raw Markdown: names split by emphasis or a
line break are whole here, and a title or a content note written in YAML is
checked like the text. `locate()` turns a match back into a line and column of
the file the user must edit.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from pipeline import model as m
from pipeline.load.workbench import Contribution, ResponseFolder
from pipeline.load.yamlsource import Located, PathKey
from pipeline.privacy.normalise import decode_target, fold_with_map

Kind = Literal["text", "code", "link", "alt", "field", "quote"]
# the template files that hold text a submission prints
TEMPLATE_SUFFIXES = (".j2", ".html", ".css", ".yaml", ".yml", ".txt")
NOT_PRINTED = frozenset({"language.yaml"})  # files of the look that no output prints: the language guide
# Markdown's inline markers: left out when looking for words in the source, so "Jor**dan**" reads "Jordan"
_MARKERS = frozenset("*_`~\\")


@dataclass(frozen=True)
class Printed:
    text: str
    source: m.Source
    kind: Kind  # "quote": inside a lived-experience quote (a person's own words)


def _inline_text(nodes: Iterable[m.Inline], out: list[Printed], source: m.Source, kind: Kind) -> str:
    parts: list[str] = []
    for n in nodes:
        if isinstance(n, m.Text | m.Code):
            parts.append(n.text)
        elif isinstance(n, m.Strong | m.Emphasis):
            parts.append(_inline_text(n.children, out, source, kind))
        elif isinstance(n, m.Link):
            parts.append(_inline_text(n.children, out, source, kind))
            out.append(Printed(decode_target(n.href), source, "link"))
        elif isinstance(n, m.Image):
            out.append(Printed(n.alt, source, "alt"))
            if n.title:
                out.append(Printed(n.title, source, "alt"))
        elif isinstance(n, m.LineBreak):
            parts.append("\n")
    return "".join(parts)


# Each block's printed strings, kept by the block itself (blocks are frozen, all the way down): the checks walk
# the document several times a run, and in `serve` a contribution's blocks are the same objects from save to save
# (parse/kept.py), so a save walks only what it changed. The block is held with its strings, so its id is not
# reused while the entry lasts.
_KEPT: dict[tuple[int, str], tuple[m.Block, tuple[Printed, ...]]] = {}
_KEPT_SIZE = 100_000
_kept_lock = threading.Lock()


def _blocks(blocks: Iterable[m.Block], kind: Kind = "text") -> Iterator[Printed]:
    for b in blocks:
        key = (id(b), kind)
        found = _KEPT.get(key)
        if found is not None and found[0] is b:
            yield from found[1]
            continue
        out = tuple(_block(b, kind))
        with _kept_lock:
            _KEPT[key] = (b, out)
            while len(_KEPT) > _KEPT_SIZE:
                _KEPT.pop(next(iter(_KEPT)))
        yield from out


def _block(b: m.Block, kind: Kind) -> Iterator[Printed]:
    if b.source == m.NO_SOURCE:
        return  # made by the tool from YAML fields, which are walked where they are written
    out: list[Printed] = []
    if isinstance(b, m.Paragraph | m.Heading):
        out.insert(0, Printed(_inline_text(b.children, out, b.source, kind), b.source, kind))
    elif isinstance(b, m.Table):
        for row in (b.header, *b.rows):
            for cell in row:
                out.append(Printed(_inline_text(cell.children, out, b.source, kind), b.source, kind))
    elif isinstance(b, m.BulletList | m.OrderedList):
        for item in b.items:
            out.extend(_blocks(item.blocks, kind))
    elif isinstance(b, m.Quote):
        out.extend(_blocks(b.blocks, kind))
    elif isinstance(b, m.LivedQuote):
        out.extend(_blocks(b.blocks, "quote"))
    elif isinstance(b, m.CodeBlock):
        out.append(Printed(b.text, b.source, "code"))
    elif isinstance(b, m.ContentNote):
        out.append(Printed(b.text, b.source, "field"))
    yield from out


def block_texts(blocks: Iterable[m.Block]) -> Iterator[Printed]:
    """The printed text of some blocks (one answer's, say), in order."""
    yield from _blocks(blocks)


def document_texts(doc: m.Document) -> Iterator[Printed]:
    """The printed text of every contribution: sections, answers, notes."""
    for section in doc.sections:
        if section.source != m.NO_SOURCE:
            yield Printed(section.title, section.source, "field")
            if section.kind == "other":  # its slug becomes the HTML id and a PDF destination
                yield Printed(section.id, section.id_source, "field")
        yield from _blocks(section.blocks)
        for answer in section.answers:
            yield from _blocks(answer.blocks)
    for note in doc.footnotes:
        yield from _blocks(note.blocks)


# response.yaml fields that are printed (the consultation's own wording is checked too: a single
# word of a private name in it is common, see privacy/identity.py, but a whole private name is not)
RESPONSE_FIELDS: tuple[PathKey, ...] = (
    ("title",),
    ("organisation",),
    ("confidentiality",),
    ("consultation", "title"),
    ("consultation", "by"),
    ("consultation", "url"),
    ("reference",),  # written evidence's heading line
    ("salutation",),  # a letter's
)
# an organisation's details (`organisation:` with its name and details, or each of `organisations:`)
ORGANISATION_FIELDS = ("name", "about", "logo_alt", "contact_role", "email", "phone", "company_number")


def _field(located: Located, shown: str, path: PathKey) -> Printed | None:
    value = _value(located, path)
    if not isinstance(value, str):
        return None
    return Printed(value, m.Source(shown, located.line(path)), "field")


def yaml_texts(response: ResponseFolder) -> Iterator[Printed]:
    """Printed fields written in YAML: the response's title and sessions; each contribution's
    section title and content note are in the document model with their lines."""
    for path in RESPONSE_FIELDS:
        if found := _field(response.located, response.shown, path):
            yield found
    for i in range(len(response.data.questions)):  # ids become HTML ids and PDF destinations
        for key in ("id", "text"):
            if found := _field(response.located, response.shown, ("questions", i, key)):
                yield found
    for i in range(len(response.data.involvement)):
        if found := _field(response.located, response.shown, ("involvement", i, "activity")):
            yield found
    yield from _organisation_texts(response)
    one_line = isinstance(response.located.data, dict) and isinstance(response.located.data.get("to"), str)
    addressee: list[PathKey] = [("to",)] if one_line else [("to", i) for i in range(len(response.data.to))]
    for path in addressee:  # a letter's addressee lines
        if found := _field(response.located, response.shown, path):
            yield found


def _organisation_texts(response: ResponseFolder) -> Iterator[Printed]:
    """What each organisation prints (organisation_schema.Organisation): its name, about us and details."""
    for i in range(len(response.data.signers)):
        at = response.data.organisation_path(i)
        paths: list[PathKey] = [(*at, key) for key in ORGANISATION_FIELDS]
        for key in ("address", "charity_number"):
            given = _value(response.located, (*at, key))
            paths += [(*at, key)] if not isinstance(given, list) else [(*at, key, j) for j in range(len(given))]
        for path in paths:
            if found := _field(response.located, response.shown, path):
                yield found


def _value(located: Located, path: PathKey) -> object:
    value: object = located.data
    for key in path:
        try:
            value = value[key]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def printed_texts(doc: m.Document, response: ResponseFolder, annex: m.Document | None = None) -> Iterator[Printed]:
    yield from yaml_texts(response)
    yield from document_texts(doc)
    if annex is not None:  # the confidential annex: printed apart, checked as the submission is
        yield from document_texts(annex)


class SourceLines:
    """The lines of the files a response was loaded from, to place a match at a line and column."""

    def __init__(self, response: ResponseFolder, contributions: Iterable[Contribution]) -> None:
        self._located: dict[str, Located] = {response.shown: response.located}
        self._bodies: dict[str, tuple[int, list[str]]] = {}
        for c in contributions:
            self._located[c.shown] = c.located
            self._bodies[c.shown] = (c.body_line, c.body.split("\n"))

    def lines(self, source: m.Source) -> tuple[int, list[str]]:
        """(the first line's number, the lines) of the block or field at `source`."""
        last = max(source.line, source.end_line)
        if source.path in self._bodies:
            first, body = self._bodies[source.path]
            if first <= source.line:
                return source.line, body[source.line - first : last - first + 1]
        located = self._located.get(source.path)
        if located is not None:
            return source.line, [located.source_line(n) for n in range(source.line, last + 1)]
        return source.line, []

    def locate(self, source: m.Source, folded: str, nth: int = 0) -> tuple[int, int]:
        """The line and column (1-based) where the folded words `folded` are written in `source`
        (their `nth` use there, counting from 0).

        Markdown's emphasis markers are skipped so "Jor**dan**" is found; when the words
        cannot be found as written (an entity, say), the block's own line is given."""
        first, lines = self.lines(source)
        raw = "\n".join(lines)
        kept = [(c, k) for k, c in enumerate(raw) if c not in _MARKERS]
        # without comments (never printed), then with entities and %-escapes decoded ("&#69;lias"), then as written
        bare = _without_comments(kept)
        for chars in (bare, _decoded(bare), _decoded(_decoded(bare)), kept):
            text, where = fold_with_map("".join(c for c, _ in chars))
            at = -1
            for _ in range(nth + 1):
                at = text.find(folded, at + 1)
            if at >= 0 and chars:
                offset = chars[where[at + 1]][1]
                line = first + raw.count("\n", 0, offset)
                return line, offset - (raw.rfind("\n", 0, offset) + 1) + 1
        return source.line, 1


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _without_comments(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    text = "".join(c for c, _ in chars)
    drop = {k for found in _COMMENT.finditer(text) for k in range(found.start(), found.end())}
    return [pair for k, pair in enumerate(chars) if k not in drop] if drop else chars


_ESCAPE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|(?:%[0-9A-Fa-f]{2})+")


def _decoded(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """`chars` with HTML entities and percent-escapes decoded; each decoded character keeps
    the position of the escape it came from."""
    text = "".join(c for c, _ in chars)
    out: list[tuple[str, int]] = []
    last = 0
    for found in _ESCAPE.finditer(text):
        out.extend(chars[last : found.start()])
        escape = found.group()
        decoded = html.unescape(escape) if escape.startswith("&") else unquote(escape)
        out.extend((c, chars[found.start()][1]) for c in decoded)
        last = found.end()
    out.extend(chars[last:])
    return out


# ------------------------------------------------------------------ the look's own files

_JINJA = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL
)  # template code: what it prints is checked at its source
_ATTRIBUTE = re.compile(r"([A-Za-z_:][-\w:.]*)\s*=\s*(\"[^\"]*\"|'[^']*')")
# attributes a reader meets: read aloud, shown on hover, or kept as the file's details
SHOWN_ATTRIBUTES = frozenset(("alt", "title", "aria-label", "content", "placeholder", "value", "summary", "label"))
_OPENING = re.compile(r"<\s*([A-Za-z][\w-]*)")


def shown_in_template(source: str, suffix: str) -> tuple[str, list[int]]:
    """What a file of the look shows a reader, and the offset in `source` each character came from.

    A stylesheet shows only its strings (`content: "Page "`), never its selectors and keywords
    (`@page`, `white`); an HTML template shows its text, its comments, the strings of its <style> and
    the attributes a reader meets (alt, title, aria-label, content ...), never tag names, classes, ids
    or Jinja code. Other files (brand.yaml, .txt) show everything. Pieces that are not side by side in
    the page are kept apart by a line break. The privacy guard reads outputs the same way
    (privacy/readers.py: CSS and wiring attributes are "structure"), so the check and the build agree.
    """
    from pipeline.privacy.read_html import CSS_STRING  # its home: not every output reader (check imports none)

    if suffix in (".yaml", ".yml"):
        return _yaml_values(source)
    if suffix not in (".css", ".j2", ".html"):
        return source, list(range(len(source)))
    chars: list[str] = []
    where: list[int] = []

    def add(start: int, end: int) -> None:
        for k in range(start, end):
            if masked[k] != "\0":
                chars.append(masked[k])
                where.append(k)

    def apart(at: int) -> None:
        chars.append("\n")
        where.append(at)

    def strings(start: int, end: int) -> None:
        for found in CSS_STRING.finditer(masked, start, end):
            apart(found.start())
            add(found.start() + 1, found.end() - 1)
            apart(found.end())

    masked = _JINJA.sub(lambda found: "\0" * len(found.group()), source)  # same length: offsets hold
    if suffix == ".css":
        strings(0, len(masked))
        return "".join(chars), where
    i, n = 0, len(masked)
    while i < n:
        if masked.startswith("<!--", i):
            end = masked.find("-->", i + 4)
            end = n if end < 0 else end
            apart(i)
            add(i + 4, end)
            apart(end)
            i = end + 3
            continue
        if masked[i] != "<":
            add(i, i + 1)
            i += 1
            continue
        end = masked.find(">", i)
        end = n if end < 0 else end
        tag = masked[i:end]
        for found in _ATTRIBUTE.finditer(tag):
            if found.group(1).lower() in SHOWN_ATTRIBUTES:
                apart(i + found.start(2))
                add(i + found.start(2) + 1, i + found.end(2) - 1)
                apart(i + found.end(2))
        opened = _OPENING.match(tag)
        name = opened.group(1).lower() if opened else ""
        if name in ("style", "script"):  # a stylesheet shows its strings; a script nothing
            close = masked.lower().find(f"</{name}", end)
            close = n if close < 0 else close
            if name == "style":
                strings(end + 1, close)
            i = close
            continue
        i = end + 1  # tags are left out and the text on each side joined: "<b>Jor</b>dan" reads "Jordan"
    return "".join(chars), where


_YAML_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[\w.-]+\s*:(?:\s+|$))?(?P<value>.*)$")


def _yaml_values(source: str) -> tuple[str, list[int]]:
    """The values of a YAML file of the look (brand.yaml's logo_alt is printed), without keys and comments."""
    chars: list[str] = []
    where: list[int] = []
    offset = 0
    for line in source.split("\n"):
        found = _YAML_VALUE.match(line)
        value = found.group("value") if found else line
        start = offset + (found.start("value") if found else 0)
        quote = ""
        for k, c in enumerate(value):
            if c in "\"'" and (not quote or quote == c):
                quote = "" if quote else c
            elif c == "#" and not quote and (k == 0 or value[k - 1] in " \t"):
                break  # a comment, to the end of the line
            chars.append(c)
            where.append(start + k)
        chars.append("\n")
        where.append(offset + len(line))
        offset += len(line) + 1
    return "".join(chars), where
