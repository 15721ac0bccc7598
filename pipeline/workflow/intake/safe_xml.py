"""Parse XML from untrusted files without DTDs, entities, network or huge trees."""

from __future__ import annotations

from lxml import etree

from pipeline.workflow.intake.refusal import Refused

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)


DOCTYPE = [b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be")]


def parse(data: bytes, part: str) -> etree._Element:
    """The root of `data`; a DOCTYPE (the way in for entity bombs and external entities) is refused.

    It is looked for before parsing, as libxml2 reads a DTD's entities even when told not to expand
    them, and again after, in case an encoding hid it from the first look.
    """
    if any(marker in data for marker in DOCTYPE):
        raise _dtd(part)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise Refused(
            f"its part {part} is damaged ({exc.msg})", "open it in Word and save it again", code="intake.damaged"
        ) from None
    if root.getroottree().docinfo.doctype:
        raise _dtd(part)
    return root


def _dtd(part: str) -> Refused:
    return Refused(
        f"its part {part} declares a DTD, which Word never writes (it can hide an XML bomb)",
        "copy the text into a new Word document and send that",
        code="intake.dtd",
    )
