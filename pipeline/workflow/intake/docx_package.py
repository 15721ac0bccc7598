"""Open a Word file from untrusted bytes: check the zip directory first, then every XML part.

Everything here runs before python-docx sees the file. The zip directory is read
without decompressing anything, so a zip bomb is refused by its declared sizes;
zipfile then never returns more than the declared size of a member (it stops
and fails the CRC check), so those checks also bound what is read later.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from pipeline.workflow.intake import safe_xml
from pipeline.workflow.intake.refusal import Refused

MB = 1024 * 1024
MAX_UNCOMPRESSED = 50 * MB  # far above any written answer; pictures are not taken in anyway
MAX_RATIO = 100  # Word's XML compresses about 5-20 times; bombs compress thousands of times
RATIO_FLOOR = 1 * MB  # small members may compress well without being dangerous
MAX_MEMBERS = 2000
MAX_MEDIA = 20 * MB
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc files, and password-protected .docx

# relationship types that make Word load content from elsewhere when the file is opened
ACTIVE_EXTERNAL = ("attachedTemplate", "frame", "subDocument", "oleObject", "package", "control")
NETWORK_SCHEMES = ("http", "https", "ftp", "file", "smb")
SAVE_AS_DOCX = "open it in Word and save it as Word Document (.docx), then send that"
# Strict Open XML (ISO/IEC 29500 Strict) names its parts and relationships here; python-docx reads only Transitional
STRICT = "http://purl.oclc.org/ooxml/"


@dataclass(frozen=True)
class External:
    """A relationship to something outside the file, other than a hyperlink. Never fetched."""

    kind: str  # the last part of the relationship type, like attachedTemplate
    target: str

    @property
    def remote(self) -> bool:
        """True when Word would reach out to another machine to load it."""
        target = self.target.strip()
        scheme = urlsplit(target).scheme.lower()
        return target.startswith(("\\\\", "//")) or (scheme in NETWORK_SCHEMES and not _local_file(target))

    @property
    def active(self) -> bool:
        return self.kind in ACTIVE_EXTERNAL


def _local_file(target: str) -> bool:
    parts = urlsplit(target)
    return parts.scheme.lower() == "file" and parts.netloc in ("", "localhost")


@dataclass(frozen=True)
class Package:
    document: Document
    externals: tuple[External, ...]
    media: int  # pictures and other embedded files, which are not taken in


def check_zip_directory(data: bytes) -> zipfile.ZipFile:
    """The zip, once its directory shows no bomb, no macros and no oversized part."""
    if data.startswith(OLE_MAGIC):
        raise Refused(
            "this is an old-style Word file (.doc) or a password-protected document",
            "remove any password, then " + SAVE_AS_DOCX,
            code="intake.not-docx",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise Refused(
            "this is not a Word document (.docx): it is not even a zip file", SAVE_AS_DOCX, code="intake.not-docx"
        ) from None
    if len(members) > MAX_MEMBERS:
        raise Refused(
            f"it holds {len(members)} parts, far more than a Word document has", SAVE_AS_DOCX, code="intake.zip-bomb"
        )
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(packed, 1) and total > RATIO_FLOOR:
        raise Refused(
            f"it would unpack to {total // MB} MB from {max(packed // 1024, 1)} KB (a 'zip bomb'); it was not opened",
            "ask for the text in a new document, without pictures",
            code="intake.zip-bomb",
        )
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise Refused(
                f"its part {m.filename} is packed suspiciously tightly (a 'zip bomb')",
                SAVE_AS_DOCX,
                code="intake.zip-bomb",
            )
        if m.filename.lower().endswith("vbaproject.bin"):
            raise Refused("it contains macros (programs), which are never taken in", _NO_MACROS, code="intake.macros")
        if not m.filename.lower().endswith((".xml", ".rels")) and m.file_size > MAX_MEDIA:
            raise Refused(
                f"a picture or file inside it ({m.filename}) is {m.file_size // MB} MB",
                "take the pictures out, save it again and send that",
                code="intake.too-large",
            )
    return archive


_NO_MACROS = "open it in Word, save it as Word Document (.docx), not Word Macro-Enabled Document, and send that"


def _check_parts(archive: zipfile.ZipFile) -> None:
    """Parse every XML part with the hardened parser: python-docx's own parser is less strict."""
    for m in archive.infolist():
        name = m.filename
        if not name.lower().endswith((".xml", ".rels")):
            continue
        try:
            root = safe_xml.parse(archive.read(m), name)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
            # RuntimeError: an encrypted member; BadZipFile: a lying directory or a bad CRC
            raise Refused(f"its part {name} cannot be unpacked ({exc})", SAVE_AS_DOCX, code="intake.damaged") from None
        if _is_strict(root):
            raise Refused(
                "it is saved as Strict Open XML Document, a rare kind of Word file that intake cannot read",
                "open it in Word and save it as an ordinary Word Document (.docx), then send that",
                code="intake.strict-ooxml",
            )
        if name == "[Content_Types].xml":
            types = " ".join(e.get("ContentType", "") for e in root)
            if re.search(r"macroEnabled|vbaProject|vbaData", types, re.IGNORECASE):
                raise Refused(
                    "it is a macro-enabled Word document, and macros are never taken in",
                    _NO_MACROS,
                    code="intake.macros",
                )


def _is_strict(root: etree._Element) -> bool:
    """A part in the Strict namespaces, or a relationship of a Strict type (the package's first part says so)."""
    if isinstance(root.tag, str) and root.tag.startswith("{" + STRICT):
        return True
    rels = root.iter("{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")
    return any((rel.get("Type") or "").startswith(STRICT) for rel in rels)


def open_docx(data: bytes) -> Package:
    """Check `data` as hostile input, then open it with python-docx."""
    archive = check_zip_directory(data)
    _check_parts(archive)
    try:
        document = docx.Document(io.BytesIO(data))
        rels = list(document.part.package.iter_rels())
    except Exception as exc:  # python-docx raises many kinds on damaged packages; all mean the same here
        raise Refused(
            f"it could not be read as a Word document ({type(exc).__name__})", SAVE_AS_DOCX, code="intake.damaged"
        ) from None
    externals = tuple(
        External(rel.reltype.rsplit("/", 1)[-1], rel.target_ref)
        for rel in rels
        if rel.is_external and rel.reltype != RT.HYPERLINK
    )
    media = sum(1 for m in archive.infolist() if m.filename.startswith(("word/media/", "word/embeddings/")))
    return Package(document, externals, media)
