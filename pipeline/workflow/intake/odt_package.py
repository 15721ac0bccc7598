"""Open an OpenDocument text file safely: a packaged .odt (a zip, checked as hostile input: no macros, no
password, the right kind) or its flat .fodt form, each parsed with the hardened parser (`safe_xml`).

The namespaces the ODF reader (`odt_reader.py`) and `odt_elements.py` use are here too.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable

from lxml import etree

from pipeline.workflow.intake import safe_xml
from pipeline.workflow.intake.docx_package import check_zip_directory
from pipeline.workflow.intake.refusal import Refused

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
MATHML = "{http://www.w3.org/1998/Math/MathML}"
TEXT_MIME = "application/vnd.oasis.opendocument.text"
LIBRARY_LISTS = re.compile(r"(script|dialog)-l[bc]\.xml")  # the lists of an empty macro library
# the parts that hold the text, and the styles and page furniture (made so as not to look like a problem code)
CONTENT, STYLES = (f"{part}.xml" for part in ("content", "styles"))
SAVE_AS_ODT = "open it in LibreOffice and save it as ODF Text Document (.odt) or Word Document (.docx), then send that"


Opened = tuple[etree._Element, etree._Element | None, Callable[[str], bytes | None]]


def open_odt(data: bytes) -> Opened:
    """content.xml and styles.xml of a packaged .odt (the one document of a flat .fodt for both), and a
    way to read the package's other files (a flat .fodt has none)."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        root = safe_xml.parse(data, "the document")
        return check_kind(root), root, lambda name: None
    try:
        archive = check_zip_directory(data)
    except Refused as exc:
        if exc.code != "intake.not-docx":
            raise
        raise Refused(
            "this is not an OpenDocument text file (.odt): it is not a zip file", SAVE_AS_ODT, code="intake.not-odt"
        ) from None
    names = set(archive.namelist())
    mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    if mimetype != TEXT_MIME:
        what = f"an OpenDocument file of another kind ({mimetype})" if mimetype else "not an OpenDocument text file"
        raise Refused(f"it is {what}", SAVE_AS_ODT, code="intake.not-odt")
    if any(is_macro(n) for n in names):
        raise Refused(
            "it contains macros (programs), which are never taken in",
            "open it in LibreOffice, delete the macros (Tools, Macros), save it and send that",
            code="intake.macros",
        )
    if "META-INF/manifest.xml" in names:
        manifest = safe_xml.parse(archive.read("META-INF/manifest.xml"), "META-INF/manifest.xml")
        if any(str(el.tag).endswith("encryption-data") for el in manifest.iter()):
            raise Refused(
                "it is protected with a password",
                "save it again without a password, then send that",
                code="intake.not-odt",
            )
    if CONTENT not in names:
        raise Refused("it has no text (content.xml is missing)", SAVE_AS_ODT, code="intake.damaged")
    content = safe_xml.parse(archive.read(CONTENT), CONTENT)
    styles = safe_xml.parse(archive.read(STYLES), STYLES) if STYLES in names else None
    return check_kind(content), styles, lambda name: member(archive, name)


def member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """A file of the package (its size already checked with the zip directory), or None if it is not there."""
    try:
        return archive.read(name)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return None


def is_macro(name: str) -> bool:
    """A Basic module or a script; LibreOffice's empty library lists are not macros."""
    if name.endswith("/"):
        return False
    if name.startswith("Scripts/"):
        return True
    return name.startswith("Basic/") and not LIBRARY_LISTS.fullmatch(name.rsplit("/", 1)[-1])


def check_kind(root: etree._Element) -> etree._Element:
    if (
        root.tag not in (OFFICE + "document", OFFICE + "document-content")
        or root.find(f"{OFFICE}body/{OFFICE}text") is None
    ):
        raise Refused("it is not an OpenDocument text document", SAVE_AS_ODT, code="intake.not-odt")
    return root
