"""What a reader of an output hands back (`Piece`: where, the text, what kind of text) and the limits every
reader of `privacy/readers.py` shares: how deep files inside files are read, how far metadata may unpack."""

from __future__ import annotations

from dataclasses import dataclass

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


def decode(data: bytes) -> str:
    """Bytes as text, whatever they hold: UTF-16 by its byte-order mark, else UTF-8; what cannot be read is replaced."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8-sig", "replace")
