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

from collections.abc import Callable, Iterator

from pipeline.privacy.piece import MAX_DEPTH, Piece, decode
from pipeline.privacy.read_html import CSS_STRING, STRUCTURE_ATTRIBUTES, html_pieces
from pipeline.privacy.read_images import image_format, image_metadata
from pipeline.privacy.read_pdf import pdf_pieces
from pipeline.privacy.read_zip import zip_pieces

# each kind of file has its reader module: read_pdf, read_zip (DOCX), read_html (and SVG), read_images
__all__ = ["CSS_STRING", "STRUCTURE_ATTRIBUTES", "Piece", "image_metadata", "read_at", "read_output"]


def read_output(name: str, data: bytes, reader: str | None = None) -> Iterator[Piece]:
    """Every piece of text in the output `name`, whose bytes are `data`.

    What a file is comes from its content, not its name; `reader` (pdf, zip, html, text: what the
    format declares, see render/__init__.py) is read as well when the content says otherwise."""
    yield from read_at(name, data, 0)
    if reader is not None and reader != _kind(name, data):
        yield from _READERS[reader](name, data, 0)


def _kind(name: str, data: bytes) -> str:
    if b"%PDF-" in data[:1024]:  # the header may follow up to 1 KB of junk
        return "pdf"
    if data[:2] == b"PK":
        return "zip"
    if image_format(data):
        return "image"
    return "html" if _is_html(name, data) else "text"


def read_at(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    """The file `name` at `depth` (0: an output; more: a file inside one), read by what its content says it is."""
    if depth > MAX_DEPTH:
        yield Piece(name, decode(data), "text")
    else:
        yield from _READERS[_kind(name, data)](name, data, depth)


def _image(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    for text in image_metadata(data):
        yield Piece(f"{name} metadata", text, "image")


def _text(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    yield Piece(name, decode(data), "text")


def _html_bytes(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    yield from html_pieces(name, decode(data), depth)


def _is_html(name: str, data: bytes) -> bool:
    start = decode(data[:512]).lstrip().lower()
    return start.startswith(("<!doctype", "<html")) or name.lower().endswith((".html", ".htm"))


_READERS: dict[str, Callable[[str, bytes, int], Iterator[Piece]]] = {
    "pdf": pdf_pieces,
    "zip": zip_pieces,
    "image": _image,
    "html": _html_bytes,
    "text": _text,
}
