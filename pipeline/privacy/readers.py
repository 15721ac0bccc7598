"""Read a finished output the way its readers can: every string a person, a screen reader or a tool could see.

The last guard must look where a reader looks, not at the raw bytes: the text of
a PDF's pages (its streams are compressed), a DOCX paragraph whose runs split a
word, an HTML attribute or a data: URI, an image's EXIF. Each reader hands back
`Piece`s saying where the text was found. Nothing here decides what is private:
that is the matcher's job.

The kind of file is found from its content, not its name, so a mislabelled file
is still read as what it is. A damaged part is read as plain text rather than
skipped: a reader that cannot parse something must not hide it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import html
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_to_bytes

from pipeline.privacy import parsed
from pipeline.privacy.normalise import decode_target

MAX_DEPTH = 3  # files inside files: an attachment in a PDF, a data: URI in an SVG in a page
MAX_INFLATE = 16 * 1024 * 1024  # a compressed metadata chunk may not unpack to more than this
PAGE_EDGE = 4  # lines either side of a page break read together: a name may wrap onto the next page
# (whole lines, so a credit that is printed whole is never cut in two and mistaken for a part of a name)


@dataclass(frozen=True)
class Piece:
    where: str  # "r.pdf page 3 text", "r.docx word/document.xml", "r.html attribute alt", ...
    text: str
    # "text" | "metadata" | "link" | "image"; "structure" for a file's own vocabulary (PDF names, XML
    # attributes, zip entries, HTML source), where single words like Page or Title are the format's, not a name
    kind: str


def read_output(name: str, data: bytes, reader: str | None = None) -> Iterator[Piece]:
    """Every piece of text in the output `name`, whose bytes are `data`.

    What a file is comes from its content, not its name; `reader` (pdf, zip, html, text: what the
    format declares, see render/__init__.py) is read as well when the content says otherwise."""
    yield from _read(name, data, 0)
    if reader is not None and reader != _kind(name, data):
        yield from _READERS[reader](name, data, 0)


def _kind(name: str, data: bytes) -> str:
    if b"%PDF-" in data[:1024]:  # the header may follow up to 1 KB of junk
        return "pdf"
    if data[:2] == b"PK":
        return "zip"
    if _image_format(data):
        return "image"
    return "html" if _is_html(name, data) else "text"


def _read(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    if depth > MAX_DEPTH:
        yield Piece(name, _decode(data), "text")
    else:
        yield from _READERS[_kind(name, data)](name, data, depth)


def _image(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    for text in image_metadata(data):
        yield Piece(f"{name} metadata", text, "image")


def _text(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    yield Piece(name, _decode(data), "text")


def _html_bytes(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    yield from _html(name, _decode(data), depth)


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8-sig", "replace")


def _is_html(name: str, data: bytes) -> bool:
    start = _decode(data[:512]).lstrip().lower()
    return start.startswith(("<!doctype", "<html")) or name.lower().endswith((".html", ".htm"))


# ------------------------------------------------------------------ PDF


def _pdf(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    yield from _pdf_pages(name, data)
    yield from _pdf_objects(name, data, depth)


def _pdf_pages(name: str, data: bytes) -> Iterator[Piece]:
    """The text of each page as extraction tools and screen readers get it (pdfium, in C: fast)."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return  # pikepdf below reads what can be read, or the raw bytes
    try:
        previous = ""
        for i in range(len(doc)):
            try:
                page = doc[i]
                textpage = page.get_textpage()
                text = textpage.get_text_range()  # not get_text_bounded: text placed off the page counts too
                textpage.close()
                page.close()
            except pdfium.PdfiumError:
                continue  # a damaged page: its strings are still read from its objects below
            yield Piece(f"{name} page {i + 1} text", text, "text")
            if previous:
                edge = previous.splitlines()[-PAGE_EDGE:] + text.splitlines()[:PAGE_EDGE]
                yield Piece(f"{name} pages {i}-{i + 1} text", "\n".join(edge), "text")
            previous = text
    finally:
        doc.close()


def _pdf_objects(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    """Everything else a PDF holds as objects: metadata, outline, links, notes, every string, images, attachments."""
    import pikepdf

    pdf = parsed.take(data)  # these very bytes, already parsed by the step that wrote them
    if pdf is None:
        try:
            pdf = pikepdf.open(io.BytesIO(data))
        except pikepdf.PdfError:
            yield Piece(f"{name} (unreadable PDF)", _decode(data), "text")
            return
    with pdf:
        for key, value in pdf.docinfo.items():
            yield Piece(f"{name} metadata {key}", _pdf_text(value), "metadata")
        for key in pdf.attachments:
            spec = pdf.attachments[key]
            names = [key, spec.filename or "", spec.description or ""]
            yield Piece(f"{name} embedded file name", "\n".join(names), "metadata")
        yield from _pdf_walk(name, pdf, depth)


def _pdf_text(obj: Any) -> str:
    import pikepdf

    if isinstance(obj, pikepdf.Name):
        return _name_text(str(obj))
    if isinstance(obj, pikepdf.Stream):
        return _decode(obj.read_bytes())
    return str(obj)  # pikepdf decodes PDFDocEncoding, UTF-16 and UTF-8 strings


def _name_text(name: str) -> str:
    # "/Jordan#20Reeve" is the name "Jordan Reeve"
    return re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), name[1:])


# In qpdf's JSON a string is "u:text" (already decoded) or "b:hex", a name "/Name"; a JSON string ends at a bare quote
_JSON_STRING = rb'"([ub]):([^"\\]*(?:\\.[^"\\]*)*)"'
_PDF_STRING = re.compile(_JSON_STRING)
_PDF_URI = re.compile(rb'"/URI":\s*' + _JSON_STRING)
_PDF_TITLE = re.compile(rb'"/Title":\s*' + _JSON_STRING)  # bookmarks (and the document's title)
_PDF_NOTE = re.compile(rb'"/(?:Contents|T|TU|RC|Subj)":\s*' + _JSON_STRING)  # annotations' text and authors
_PDF_NAME = re.compile(rb'"(?:n:)?(/[^"\\]*(?:\\.[^"\\]*)*)"(?!:)')  # values only: a key is followed by ":"


def _pdf_walk(name: str, pdf: Any, depth: int) -> Iterator[Piece]:
    """Every string and name in every object, and the streams a reader can open as something else.

    Each object is serialised by qpdf (in C++) with its children left as references, so it
    is read once, and the strings are picked out of that text: walking the objects one by
    one from Python takes several times as long on a long document.
    """
    from pikepdf import Array, Name, ObjectType

    stream = ObjectType.stream
    parts, streams = [], []
    for obj in pdf.objects:
        parts.append(obj.to_json(dereference=True))  # a stream gives its dictionary
        if obj._type_code == stream:
            streams.append(obj)
    parts.append(pdf.trailer.to_json())
    blob = b"\n".join(parts)
    yield Piece(f"{name} strings", "\n".join(dict.fromkeys(_json_strings(_PDF_STRING.findall(blob)))), "text")
    names = {_name_text(n) for n in _json_strings([(b"u", n) for n in set(_PDF_NAME.findall(blob))])}
    yield Piece(f"{name} names", "\n".join(sorted(names)), "structure")
    links = [decode_target(u) for u in _json_strings(_PDF_URI.findall(blob))]
    for where, found, kind in (
        ("link", links, "link"),
        ("outline", _json_strings(_PDF_TITLE.findall(blob)), "text"),
        ("annotation", _json_strings(_PDF_NOTE.findall(blob)), "text"),
    ):
        if found:
            yield Piece(f"{name} {where}", "\n".join(dict.fromkeys(found)), kind)
    for obj in streams:
        d = obj.stream_dict
        filters = d.get("/Filter")
        chained = isinstance(filters, Array)
        last_filter = filters[-1] if chained and len(filters) else filters
        if d.get("/Type") == Name.Metadata:
            yield Piece(f"{name} metadata XMP", _decode(obj.read_bytes()), "metadata")
        elif d.get("/Subtype") == Name.Image and last_filter in (Name.DCTDecode, Name.JPXDecode):
            # JPEG (and JPEG 2000) images are stored as they came, metadata and all
            raw = obj.read_bytes(_generalized()) if chained else obj.read_raw_bytes()
            for text in image_metadata(raw):
                yield Piece(f"{name} image {obj.objgen[0]} metadata", text, "image")
        elif d.get("/Type") == Name.EmbeddedFile:
            yield from _read(f"{name} embedded file {obj.objgen[0]}", obj.read_bytes(), depth + 1)
        elif "/N" in d and "/First" not in d:  # an ICC profile (not an object stream): its texts
            for text in _icc_texts(obj.read_bytes()):
                yield Piece(f"{name} colour profile {obj.objgen[0]}", text, "metadata")


def _json_strings(found: list[tuple[bytes, bytes]]) -> list[str]:
    """The PDF strings behind qpdf's JSON ("u:", "b:") forms."""
    from pikepdf import String

    try:
        texts = json.loads(b"[" + b",".join(b'"' + body + b'"' for _, body in found) + b"]")  # one parse for all
    except ValueError:  # never from qpdf's own JSON; if it ever is, read the bodies as they stand
        texts = [body.decode("utf-8", "replace") for _, body in found]
    return [text if kind == b"u" else _hex_text(text, String) for (kind, _), text in zip(found, texts, strict=True)]


def _hex_text(hex_: str, string: Any) -> str:
    try:
        return str(string(bytes.fromhex(hex_)))  # qpdf decodes PDFDocEncoding, UTF-16 and UTF-8
    except ValueError:
        return hex_


def _generalized() -> Any:
    from pikepdf import StreamDecodeLevel

    return StreamDecodeLevel.generalized  # undo Flate and the like, never the image's own coding


# ------------------------------------------------------------------ DOCX and any zip

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _zip(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        yield Piece(name, _decode(data), "text")
        return
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        entries = [i.filename for i in archive.infolist()] + [_decode(archive.comment)]
        yield Piece(f"{name} zip entries", "\n".join(entries), "structure")
        for info in infos:
            try:
                part = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError):
                continue  # a part Word could not open either
            yield from _zip_part(f"{name} {info.filename}", info.filename, part, depth)


def _zip_part(where: str, part: str, data: bytes, depth: int) -> Iterator[Piece]:
    if _image_format(data):
        for text in image_metadata(data):
            yield Piece(f"{where} metadata", text, "image")
    elif b"%PDF-" in data[:1024] or data[:2] == b"PK":
        yield from _read(where, data, depth + 1)
    elif data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        yield from _xml_part(where, part, data)
    else:
        yield Piece(where, _decode(data), "text")


def _xml_part(where: str, part: str, data: bytes) -> Iterator[Piece]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        yield Piece(where, _decode(data), "text")
        return
    texts: list[str] = []
    todo = [root]
    while todo:
        el = todo.pop()
        if el.tag == f"{_W}p":
            texts.append("".join(el.itertext()))  # runs joined: "Jor" + "dan" is read as "Jordan"
        else:
            texts.append(el.text or "")
            todo.extend(reversed(el))
        texts.append(el.tail or "")
    kind = "metadata" if part.startswith("docProps/") else "text"
    yield Piece(where, "\n".join(t for t in texts if t.strip()), kind)
    values = [v for el in root.iter(tag=etree.Element) for v in el.attrib.values()]
    if part.endswith(".rels"):
        targets = [decode_target(el.get("Target", "")) for el in root.iter("{*}Relationship")]
        yield Piece(f"{where} target", "\n".join(targets), "link")
    # alt text (wp:docPr descr and title) and every other attribute, decoded as a link would be
    decoded = [d for v in values for d in dict.fromkeys((v, decode_target(v)))]
    yield Piece(f"{where} attributes", "\n".join(decoded), "structure")


# ------------------------------------------------------------------ HTML

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


def _html(name: str, page: str, depth: int) -> Iterator[Piece]:
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
        yield Piece(where, _decode(data), "text")
    elif mime == "text/css":
        yield from _css(where, _decode(data), depth + 1)
    elif mime.endswith(("+xml", "/xml", "/html")):  # SVG too: its text, titles and attributes are read as a page's
        yield from _html(where, _decode(data), depth + 1)
    else:
        yield from _read(where, data, depth + 1)


# ------------------------------------------------------------------ images


def image_metadata(data: bytes) -> Iterator[str]:
    """Every human-readable metadata string in an image: EXIF values, XMP, PNG text chunks,
    JPEG and GIF comments, IPTC, ICC profile descriptions. Never the pixels.

    PNG, JPEG, GIF and WebP are walked chunk by chunk, so private and late chunks
    (a PNG text chunk after the pixels, a GIF comment on the tenth frame) are read
    too; other formats are read with Pillow.
    """
    seen: set[str] = set()
    walked = _image_format(data) in ("png", "jpeg", "gif", "webp")
    for text in _chunk_texts(data) if walked else _pillow_texts(data):
        for form in (text, html.unescape(text)):  # XMP is XML: "J&#111;rdan" is "Jordan"
            form = form.replace("\x00", "").strip()
            if form and form not in seen:
                seen.add(form)
                yield form


def _image_format(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:4] in (b"II*\x00", b"MM\x00*") or data[:2] == b"BM" or data[4:12] in (b"ftypavif", b"ftypheic"):
        return "other"
    return None


def _chunk_texts(data: bytes) -> Iterator[str]:
    walk = {"png": _png, "jpeg": _jpeg, "gif": _gif, "webp": _webp}[_image_format(data) or ""]
    blobs: list[tuple[str, bytes]] = []
    try:
        for found in walk(data):  # ("exif" | "icc" | "text", bytes) for every metadata chunk, segment or extension
            blobs.append(found)
    except (struct.error, IndexError):
        pass  # a truncated file: what came before the damage has been read
    for kind, blob in blobs:
        yield from _exif_texts(blob) if kind == "exif" else _icc_texts(blob) if kind == "icc" else _bytes_texts(blob)


_PNG_LAYOUT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"fdAT", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"pHYs", b"bKGD"}
_PNG_LAYOUT |= {b"sBIT", b"hIST", b"tIME", b"acTL", b"fcTL"}


def _png(data: bytes) -> Iterator[tuple[str, bytes]]:
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind in _PNG_LAYOUT:
            continue
        key, _, rest = body.partition(b"\0")
        if kind == b"eXIf":
            yield "exif", body
        elif kind == b"iCCP":
            yield "text", key
            yield "icc", _inflate(rest[1:])
        elif kind == b"zTXt":
            yield from _png_text(key, _inflate(rest[1:]))
        elif kind == b"iTXt":
            compressed = rest[:1] == b"\x01"
            language, _, rest = rest[2:].partition(b"\0")
            translated, _, text = rest.partition(b"\0")
            yield "text", language + b"\n" + translated
            yield from _png_text(key, _inflate(text) if compressed else text)
        elif kind == b"tEXt":
            yield from _png_text(key, rest)
        else:
            yield "text", body  # a chunk this reader does not know, private ones included


def _png_text(key: bytes, text: bytes) -> Iterator[tuple[str, bytes]]:
    yield "text", key
    if key.startswith(b"Raw profile type"):
        # ImageMagick keeps EXIF, IPTC and XMP in a text chunk as hex: "\nexif\n   1234\n4578696600..."
        lines = text.strip().split(b"\n", 2)
        try:
            raw = binascii.unhexlify(b"".join(lines[2].split())) if len(lines) == 3 else b""
        except (binascii.Error, ValueError):
            raw = b""
        yield ("exif" if lines[0].strip() == b"exif" else "text"), raw
    yield "text", text


_JPEG_LAYOUT = (b"JFIF\0", b"JFXX\0", b"Adobe\0")  # APPn segments of numbers only


def _jpeg(data: bytes) -> Iterator[tuple[str, bytes]]:
    pos, icc = 2, []
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF or 0xD0 <= marker <= 0xD8 or marker == 0x01:  # fill bytes and markers without a body
            pos += 1 if marker == 0xFF else 2
            continue
        if marker in (0xDA, 0xD9):  # the pixels start, or the image ends
            break
        (length,) = struct.unpack_from(">H", data, pos + 2)
        body = data[pos + 4 : pos + 2 + length]
        pos += 2 + length
        if marker == 0xE1 and body.startswith(b"Exif\0"):
            yield "exif", body
        elif marker == 0xE2 and body.startswith(b"ICC_PROFILE\0"):
            icc.append(body[14:])  # a profile may be split across segments
        elif (0xE0 <= marker <= 0xEF or marker == 0xFE) and not body.startswith(_JPEG_LAYOUT):
            yield "text", body  # APPn (XMP, IPTC, ...) and COM
    if icc:
        yield "icc", b"".join(icc)


def _gif(data: bytes) -> Iterator[tuple[str, bytes]]:
    def blocks(pos: int) -> tuple[bytes, int]:
        parts = []
        while data[pos]:
            parts.append(data[pos + 1 : pos + 1 + data[pos]])
            pos += 1 + data[pos]
        return b"".join(parts), pos + 1

    flags = data[10]
    pos = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    while pos < len(data) and data[pos] != 0x3B:
        if data[pos] == 0x21:
            label, start = data[pos + 1], pos + 2
            body, pos = blocks(start)
            if label == 0xFF:
                yield "text", data[start:pos]  # XMP is written raw, its bytes doubling as block lengths
            elif label in (0xFE, 0x01):  # a comment; plain text drawn over the image
                yield "text", body
        elif data[pos] == 0x2C:
            flags = data[pos + 9]
            pos += 10 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0) + 1  # + the LZW code size
            _, pos = blocks(pos)
        else:
            break


def _webp(data: bytes) -> Iterator[tuple[str, bytes]]:
    pos = 12
    while pos + 8 <= len(data):
        kind, size = struct.unpack_from("<4sI", data, pos)
        body = data[pos + 8 : pos + 8 + size]
        pos += 8 + size + (size & 1)
        if kind == b"EXIF":
            yield "exif", body
        elif kind == b"ICCP":
            yield "icc", body
        elif kind == b"XMP ":
            yield "text", body


def _pillow_texts(data: bytes) -> Iterator[str]:
    """TIFF, BMP, AVIF and the rest, through Pillow."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:  # reads the headers, not the pixels
            values = [*_exif_values(img.getexif()), *img.info.values()]
            icc = img.info.get("icc_profile")
    except Exception:  # Pillow raises many kinds for a damaged file; its bytes are read as text instead
        yield from _bytes_texts(data)
        return
    for value in values:
        yield from _value_texts(value)
    if isinstance(icc, bytes):
        yield from _icc_texts(icc)


def _exif_texts(blob: bytes) -> Iterator[str]:
    from PIL import Image

    exif = Image.Exif()
    try:
        exif.load(blob)
        values = _exif_values(exif)
    except Exception:  # a damaged EXIF block: read it as bytes
        yield from _bytes_texts(blob)
        return
    for value in values:
        yield from _value_texts(value)


def _exif_values(exif: Any) -> list[object]:
    """The values of the main EXIF directory and of those it points to."""
    from PIL.ExifTags import IFD

    ifds = [exif, *(exif.get_ifd(i) for i in (IFD.Exif, IFD.GPSInfo, IFD.Interop))]
    return [value for ifd in ifds for value in ifd.values()]


def _value_texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes):
        yield from _bytes_texts(value)
    elif isinstance(value, tuple) and len(value) > 1 and all(isinstance(v, int) and 0 <= v < 256 for v in value):
        yield from _bytes_texts(bytes(value))  # XPAuthor and friends: UTF-16 as a tuple of bytes
    elif isinstance(value, tuple | dict):
        for v in value.values() if isinstance(value, dict) else value:
            yield from _value_texts(v)


_CHARSETS = (b"ASCII\0\0\0", b"UNICODE\0", b"JIS\0\0\0\0\0", b"\0" * 8)  # EXIF UserComment prefixes


def _bytes_texts(blob: bytes) -> Iterator[str]:
    if blob[:8] in _CHARSETS:
        blob = blob[8:]
    yield blob.decode("utf-8", "replace").replace("\x00", "")
    if blob.count(0) * 3 >= len(blob) > 1:  # UTF-16 (XPAuthor, UNICODE comments) of either byte order
        even = blob[: len(blob) // 2 * 2]
        yield even.decode("utf-16-le", "replace")
        yield even.decode("utf-16-be", "replace")


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, MAX_INFLATE)
    except zlib.error:
        return b""


def _icc_texts(icc: bytes) -> Iterator[str]:
    """Every text tag of an ICC profile (description, copyright, maker, model: any of them)."""
    if len(icc) < 132 or icc[36:40] != b"acsp":
        return
    try:
        (count,) = struct.unpack_from(">I", icc, 128)
        for i in range(min(count, 1000)):
            _, start, size = struct.unpack_from(">4sII", icc, 132 + 12 * i)
            tag = icc[start : start + size]
            if tag[:4] == b"desc":  # ICC v2: ASCII, then the same in UTF-16
                (n,) = struct.unpack_from(">I", tag, 8)
                yield tag[12 : 12 + n].decode("latin-1")
                (u,) = struct.unpack_from(">I", tag, 16 + n)
                yield tag[20 + n : 20 + n + 2 * u].decode("utf-16-be", "replace")
            elif tag[:4] == b"text":
                yield tag[8:].decode("latin-1")
            elif tag[:4] == b"mluc":  # ICC v4: one UTF-16 string per language
                records, record_size = struct.unpack_from(">II", tag, 8)
                for r in range(min(records, 1000)):
                    length, at = struct.unpack_from(">II", tag, 16 + r * record_size + 4)
                    yield tag[at : at + length].decode("utf-16-be", "replace")
    except struct.error:
        return


_READERS: dict[str, Callable[[str, bytes, int], Iterator[Piece]]] = {
    "pdf": _pdf,
    "zip": _zip,
    "image": _image,
    "html": _html_bytes,
    "text": _text,
}
