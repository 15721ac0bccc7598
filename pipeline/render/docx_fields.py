"""Word's fields and numbering that python-docx lacks: the contents as a TOC field Word fills on opening,
and letters for a list inside numbered paragraphs (written evidence), so no two paragraphs read "1.".
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.render.docx_xml import _SETTINGS_AFTER_FOOTNOTEPR, single_level_numbering

# Word's own contents: headings 1 and 2 (the sections and the questions), each entry a link (\h),
# no page numbers in web view (\z), paragraphs with an outline level too (\u)
TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
_SETTINGS_AFTER_UPDATEFIELDS = ("w:hdrShapeDefaults", "w:footnotePr", *_SETTINGS_AFTER_FOOTNOTEPR)


def _field_char(kind: str) -> Any:
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    return r


def wrap_in_toc_field(first: Any, last: Any) -> None:
    """Make the paragraphs from `first` to `last` (the static contents list) the cached result of a TOC field.

    The field opens at the start of the first entry and closes at the end of the last: LibreOffice and
    screen readers see the list as written, and Word, told to update fields on opening, fills it with
    page numbers."""
    instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instr.text = TOC_INSTRUCTION
    code = OxmlElement("w:r")
    code.append(instr)
    at = first.pPr if first.pPr is not None else None
    for element in (_field_char("begin"), code, _field_char("separate")):
        if at is None:
            first.insert(0, element)
        else:
            at.addnext(element)
        at = element
    last.append(_field_char("end"))


def update_fields_on_open(settings_el: Any) -> None:
    """`w:updateFields`: Word updates every field (the contents' page numbers) when the file is opened."""
    if settings_el.find(qn("w:updateFields")) is None:
        element = OxmlElement("w:updateFields", {qn("w:val"): "true"})
        settings_el.insert_element_before(element, *_SETTINGS_AFTER_UPDATEFIELDS)


def letter_numbering(numbering_el: Any, start: int = 1) -> int:
    """The id of a new `w:num` lettering a list (a), (b), (c), from the `start`th letter, for a list inside
    numbered paragraphs; its own definition, indented under the paragraph's text."""
    return single_level_numbering(numbering_el, fmt="lowerLetter", text="(%1)", left=1134, start=start)
