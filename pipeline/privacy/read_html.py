"""An HTML page or an SVG read as its readers read it (privacy/readers.py): the text, every attribute, the
strings of its CSS, comments, data: URIs (read as the files they are) and the source."""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from pipeline.privacy.normalise import decode_target
from pipeline.privacy.piece import MAX_DEPTH, Piece, decode
from pipeline.privacy.read_images import image_metadata

_BLOCKS = frozenset(
    re.findall(
        r"\S+",
        "address article aside blockquote body br caption dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
        "head header hr html li main nav ol option p pre section table tbody td tfoot th thead title tr ul",
    )
)
_URL_ATTRIBUTES = frozenset(
    re.findall(r"\S+", "href src action cite poster srcset data formaction background longdesc xlink:href")
)
# attributes a reader never sees, only the page's own wiring: read for whole names, as the source is
STRUCTURE_ATTRIBUTES = frozenset(
    re.findall(r"\S+", "class id for headers aria-labelledby aria-describedby aria-controls role lang dir type rel")
)
# a CSS string, "..." or '...', with its escapes: the only part of a stylesheet that is shown
CSS_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\(.)")


@dataclass
class _Page:
    text: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)  # <style> and <script>: not shown, but CSS content: strings are
    comments: list[str] = field(default_factory=list)
    attributes: dict[str, list[str]] = field(default_factory=dict)


def _parse_page(page: str) -> _Page:
    """The page as a browser builds it (libxml2's HTML parser, fast on long pages): character
    references decoded ("&#74;ordan" is "Jordan"), words in separate blocks kept apart, inline tags joined."""
    from lxml import etree
    from lxml import html as lxml_html

    out = _Page()
    if not page.strip():
        return out
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=False, no_network=True)
    root = etree.fromstring(page.encode("utf-8", "surrogatepass"), parser)
    if root is None:
        out.text.append(page)
        return out
    for pi in root.itersiblings(preceding=True):
        out.comments.append(pi.text or "")
    # an explicit stack: a page nested ten thousand deep must not exhaust Python's recursion
    todo: list[tuple[etree._Element, bool]] = [(root, False)]
    while todo:
        el, closing = todo.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if closing:
            if tag.lower() in _BLOCKS:
                out.text.append("\n")
            out.text.append(el.tail or "")
            continue
        if not tag:  # a comment or a processing instruction
            out.comments.append(el.text or "")
            out.text.append(el.tail or "")
            continue
        if tag.lower() in _BLOCKS:
            out.text.append("\n")
        for key, value in el.attrib.items():
            if value:
                out.attributes.setdefault(str(key).lower(), []).append(value)
        (out.code if tag.lower() in ("style", "script") else out.text).append(el.text or "")
        todo.append((el, True))
        todo.extend((child, False) for child in reversed(el))
    return out


def _css_text(css: str) -> str:
    """CSS with its escapes undone: content: "\\4A ordan" shows "Jordan"."""

    def one(m: re.Match[str]) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return m.group(2)

    return _CSS_ESCAPE.sub(one, css)


def html_pieces(name: str, page: str, depth: int) -> Iterator[Piece]:
    """An HTML page, or an SVG: the text, every attribute, <style>, comments, data: URIs, the source."""
    parser = _parse_page(page)
    yield Piece(f"{name} text", "".join(parser.text), "text")
    yield from _css(f"{name} style", "\n".join(parser.code), depth)
    if parser.comments:
        yield Piece(f"{name} comments", "\n".join(parser.comments), "text")
    uris: list[str] = []
    for key, values in sorted(parser.attributes.items()):
        kind = (
            "link"
            if key in _URL_ATTRIBUTES
            else "metadata"
            if key == "content"
            else "structure"
            if key in STRUCTURE_ATTRIBUTES
            else "text"
        )
        shown = []
        for value in values:
            text, found = _split_data(value, whole=value.lstrip()[:5].lower() == "data:")
            uris += found
            shown.append(decode_target(text) if kind == "link" else _css_text(text) if key == "style" else text)
        yield Piece(f"{name} attribute {key}", "\n".join(shown), kind)
    for uri in uris:
        yield from _data_uri(name, uri, depth)
    # the source as "view source" shows it, without the data: payloads read above
    yield Piece(f"{name} source", _split_data(page)[0], "structure")


def _css(where: str, css: str, depth: int) -> Iterator[Piece]:
    """CSS shows only its strings (`content: "Page "`): those are text. The rest, selectors, properties
    and keywords (`@page`, `white`, `bold`), is the file's own vocabulary, read for whole names only."""
    text, uris = _split_data(css)
    decoded = _css_text(text)
    strings = [_css_text(m.group(0)[1:-1]) for m in CSS_STRING.finditer(text)]
    if strings:
        yield Piece(f"{where} strings", "\n".join(strings), "text")
    yield Piece(where, text if decoded == text else f"{text}\n{decoded}", "structure")
    for uri in uris:
        yield from _data_uri(where, uri, depth)


_DATA_START = re.compile(r"data:[^,\s\"'<>()]*,", re.IGNORECASE)  # no spaces: "our data: 40 people," is prose
_DATA_END = re.compile(r"[\s\"'()<>]")
_CLOSERS = {'"': '"', "'": "'", "(": ")"}


def _split_data(text: str, whole: bool = False) -> tuple[str, list[str]]:
    """`text` with the payload of every data: URI cut out, and those URIs. `whole`: all of `text` is one URI."""
    if whole:
        return text.partition(",")[0] + ",", [text.strip()]
    kept, uris, pos = [], [], 0
    while m := _DATA_START.search(text, pos):
        # a quoted URI ends at its quote (an SVG inside may hold spaces), an unquoted one at a space
        closer = _CLOSERS.get(text[m.start() - 1]) if m.start() else None
        end = text.find(closer, m.end()) if closer else -1
        if end < 0:
            stop = _DATA_END.search(text, m.end())
            end = stop.start() if stop else len(text)
        kept.append(text[pos : m.end()])
        uris.append(text[m.start() : end])
        pos = end
    kept.append(text[pos:])
    return "".join(kept), uris


def _data_uri(name: str, uri: str, depth: int) -> Iterator[Piece]:
    from pipeline.privacy.readers import read_at  # files inside files: read by what they are

    header, _, payload = uri[len("data:") :].partition(",")
    params = [p.strip().lower() for p in decode_target(header).split(";")]
    mime = params[0] or "text/plain"
    data = unquote_to_bytes(payload.strip())
    if "base64" in params[1:]:
        with contextlib.suppress(binascii.Error, ValueError):  # else read as it stands
            data = base64.b64decode(b"".join(data.split()) + b"==", validate=False)
    where = f"{name} data: {mime}"
    if mime.startswith("font/"):
        return  # glyphs, not text a reader sees
    if mime.startswith("image/") and mime != "image/svg+xml":
        for found in image_metadata(data):
            yield Piece(f"{name} data: image metadata", found, "image")
    elif depth >= MAX_DEPTH or mime == "text/plain":
        yield Piece(where, decode(data), "text")
    elif mime == "text/css":
        yield from _css(where, decode(data), depth + 1)
    elif mime.endswith(("+xml", "/xml", "/html")):  # SVG too: its text, titles and attributes are read as a page's
        yield from html_pieces(where, decode(data), depth + 1)
    else:
        yield from read_at(where, data, depth + 1)
