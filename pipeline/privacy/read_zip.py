"""A DOCX, or any zip, read as its readers read it (privacy/readers.py): its entries, each XML part's text with
a paragraph's runs joined, every attribute (alt text too) and relationship target, pictures' metadata."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

from pipeline.privacy.normalise import decode_target
from pipeline.privacy.piece import Piece, decode
from pipeline.privacy.read_images import image_format, image_metadata

_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"


def zip_pieces(name: str, data: bytes, depth: int) -> Iterator[Piece]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        yield Piece(name, decode(data), "text")
        return
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        entries = [i.filename for i in archive.infolist()] + [decode(archive.comment)]
        yield Piece(f"{name} zip entries", "\n".join(entries), "structure")
        for info in infos:
            try:
                part = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError):
                continue  # a part Word could not open either
            yield from _zip_part(f"{name} {info.filename}", info.filename, part, depth)


def _zip_part(where: str, part: str, data: bytes, depth: int) -> Iterator[Piece]:
    from pipeline.privacy.readers import read_at  # files inside files: read by what they are

    if image_format(data):
        for text in image_metadata(data):
            yield Piece(f"{where} metadata", text, "image")
    elif b"%PDF-" in data[:1024] or data[:2] == b"PK":
        yield from read_at(where, data, depth + 1)
    elif data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        yield from _xml_part(where, part, data)
    else:
        yield Piece(where, decode(data), "text")


def _xml_part(where: str, part: str, data: bytes) -> Iterator[Piece]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        yield Piece(where, decode(data), "text")
        return
    texts: list[str] = []
    todo = [root]
    while todo:
        el = todo.pop()
        if el.tag == _P:
            texts.append("".join(el.itertext()))  # runs joined: "Jor" + "dan" is read as "Jordan"
        else:
            texts.append(el.text or "")
            todo.extend(reversed(el))
        texts.append(el.tail or "")
    kind = "metadata" if part.startswith("docProps/") else "text"
    yield Piece(where, "\n".join(t for t in texts if t.strip()), kind)
    # each value once: a long Word file repeats the same few (styles, sizes, ids) tens of thousands of times
    # every attribute's value in document order, found in C (a compiled XPath may not be shared between threads)
    values = dict.fromkeys(root.xpath("//@*", smart_strings=False))
    if part.endswith(".rels"):
        targets = [decode_target(el.get("Target", "")) for el in root.iter("{*}Relationship")]
        yield Piece(f"{where} target", "\n".join(targets), "link")
    # alt text (wp:docPr descr and title) and every other attribute, decoded as a link would be
    decoded = [d for v in values for d in dict.fromkeys((v, decode_target(v)))]
    yield Piece(f"{where} attributes", "\n".join(decoded), "structure")
