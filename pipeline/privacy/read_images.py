"""An image's metadata as a tool reads it (privacy/readers.py): EXIF, XMP, comments, PNG text chunks,
GIF comments, ICC profiles' texts, whatever the format."""

from __future__ import annotations

import binascii
import html
import io
import struct
import zlib
from collections.abc import Iterator
from typing import Any

from pipeline.privacy.piece import MAX_INFLATE


def image_metadata(data: bytes) -> Iterator[str]:
    """Every human-readable metadata string in an image: EXIF values, XMP, PNG text chunks,
    JPEG and GIF comments, IPTC, ICC profile descriptions. Never the pixels.

    PNG, JPEG, GIF and WebP are walked chunk by chunk, so private and late chunks
    (a PNG text chunk after the pixels, a GIF comment on the tenth frame) are read
    too; other formats are read with Pillow.
    """
    seen: set[str] = set()
    walked = image_format(data) in ("png", "jpeg", "gif", "webp")
    for text in _chunk_texts(data) if walked else _pillow_texts(data):
        for form in (text, html.unescape(text)):  # XMP is XML: "J&#111;rdan" is "Jordan"
            form = form.replace("\x00", "").strip()
            if form and form not in seen:
                seen.add(form)
                yield form


def image_format(data: bytes) -> str | None:
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
    walk = {"png": _png, "jpeg": _jpeg, "gif": _gif, "webp": _webp}[image_format(data) or ""]
    blobs: list[tuple[str, bytes]] = []
    try:
        for found in walk(data):  # ("exif" | "icc" | "text", bytes) for every metadata chunk, segment or extension
            blobs.append(found)
    except (struct.error, IndexError):
        pass  # a truncated file: what came before the damage has been read
    for kind, blob in blobs:
        yield from _exif_texts(blob) if kind == "exif" else icc_texts(blob) if kind == "icc" else _bytes_texts(blob)


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
        yield from icc_texts(icc)


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


def icc_texts(icc: bytes) -> Iterator[str]:
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
