"""A PDF read as its readers read it (privacy/readers.py): the text of each page, then every string, name,
link, bookmark, annotation, attachment, XMP packet, JPEG's metadata and colour profile in its objects."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

from pipeline.privacy import page_texts, parsed
from pipeline.privacy.normalise import decode_target
from pipeline.privacy.piece import PAGE_EDGE, Piece, decode
from pipeline.privacy.read_images import icc_texts, image_metadata


def pdf_pieces(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    pdf = _opened(data)
    store = page_texts.current() if depth == 0 and pdf is not None else None  # an output, not a file inside one
    keys = None
    if store is not None:
        try:
            keys = page_texts.page_keys(pdf)
        except Exception:  # noqa: BLE001 - a file pikepdf reads only in part: every page is read by pdfium
            keys = None
    yield from _pdf_pages(name, data, keys, store)
    yield from pdf_objects(name, data, depth, pdf)


def _opened(data: bytes) -> Any | None:
    """A pikepdf.Pdf of these bytes (the one their writer kept, else parsed now), or None if unreadable."""
    import pikepdf

    pdf = parsed.take(data)  # these very bytes, already parsed by the step that wrote them
    if pdf is None:
        try:
            pdf = pikepdf.open(io.BytesIO(data))
        except pikepdf.PdfError:
            return None
    return pdf


def _pdf_pages(name: str, data: bytes, keys: list[str] | None, store: page_texts.PageTexts | None) -> Iterator[Piece]:
    """The text of each page as extraction tools and screen readers get it (pdfium, in C: fast), or, for a
    page whose exact bytes the guard read in an earlier build (page_texts.py), the text read then."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return  # pikepdf below reads what can be read, or the raw bytes
    try:
        if keys is not None and len(keys) != len(doc):
            keys = None  # the two readers do not agree on the pages: pdfium reads them all
        previous = ""
        for i in range(len(doc)):
            text = store.get(keys[i]) if store is not None and keys is not None else None
            if text is None:
                try:
                    page = doc[i]
                    textpage = page.get_textpage()
                    text = textpage.get_text_range()  # not get_text_bounded: text placed off the page counts too
                    textpage.close()
                    page.close()
                except pdfium.PdfiumError:
                    continue  # a damaged page: its strings are still read from its objects below
                if store is not None and keys is not None:
                    store.put(keys[i], text)
            yield Piece(f"{name} page {i + 1} text", text, "text")
            if previous:
                edge = previous.splitlines()[-PAGE_EDGE:] + text.splitlines()[:PAGE_EDGE]
                yield Piece(f"{name} pages {i}-{i + 1} text", "\n".join(edge), "text")
            previous = text
    finally:
        doc.close()


def pdf_objects(name: str, data: bytes, depth: int, pdf: Any | None) -> Iterator[Piece]:
    """Everything else a PDF holds as objects: metadata, outline, links, notes, every string, images, attachments
    (`pdf`: these bytes opened by pikepdf, or None when it could not read them)."""
    if pdf is None:
        yield Piece(f"{name} (unreadable PDF)", decode(data), "text")
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
        return decode(obj.read_bytes())
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

    from pipeline.privacy.readers import read_at  # files inside files: read by what they are

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
            yield Piece(f"{name} metadata XMP", decode(obj.read_bytes()), "metadata")
        elif d.get("/Subtype") == Name.Image and last_filter in (Name.DCTDecode, Name.JPXDecode):
            # JPEG (and JPEG 2000) images are stored as they came, metadata and all
            raw = obj.read_bytes(_generalized()) if chained else obj.read_raw_bytes()
            for text in image_metadata(raw):
                yield Piece(f"{name} image {obj.objgen[0]} metadata", text, "image")
        elif d.get("/Type") == Name.EmbeddedFile:
            yield from read_at(f"{name} embedded file {obj.objgen[0]}", obj.read_bytes(), depth + 1)
        elif "/N" in d and "/First" not in d:  # an ICC profile (not an object stream): its texts
            for text in icc_texts(obj.read_bytes()):
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
