"""Read .md files as Markdown and .txt files as plain paragraphs; both must be UTF-8."""

from __future__ import annotations

import codecs
import re

from pipeline.workflow.intake.markdown_text import escape, escape_line_start
from pipeline.workflow.intake.reading import Reading
from pipeline.workflow.intake.refusal import Refused

# a plain-text list item as people type them: "- ", "* ", "• ", "1. ", "1) "
_TYPED_BULLET = re.compile(r"^\s*(?:[-*•·]\s+)(.*)$")
_TYPED_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
UTF8_FIX = "open it in a text editor and save it as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)"


def decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Refused("it is not saved as UTF-8 text (it looks like UTF-16)", UTF8_FIX, line=1, code="intake.not-utf8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Refused("it is not saved as UTF-8 text", UTF8_FIX, line=line, code="intake.not-utf8") from None
    if "\x00" in text:  # UTF-16, as Windows "Unicode" saves it, decodes as UTF-8 full of NULs
        raise Refused("it is not saved as UTF-8 text (it looks like UTF-16)", UTF8_FIX, line=1, code="intake.not-utf8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_markdown(data: bytes) -> Reading:
    text = decode(data)
    if text.startswith("---\n"):
        raise Refused(
            "it starts with front matter (---), so it is already a contribution, not a volunteer's draft",
            "copy it into the response folder by hand, or remove the --- lines and use header lines",
            line=1,
            code="intake.front-matter",
        )
    return Reading(text.strip("\n"))


def read_plain_text(data: bytes) -> Reading:
    """Paragraphs split at blank lines; typed bullets and numbers become lists; nothing else is Markdown."""
    paragraphs = re.split(r"\n\s*\n", decode(data).strip("\n"))
    return Reading("\n\n".join(_paragraph(p) for p in paragraphs if p.strip()))


def _paragraph(text: str) -> str:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    out: list[str] = []
    for ln in lines:
        bullet, number = _TYPED_BULLET.match(ln), _TYPED_NUMBER.match(ln)
        if bullet:
            out.append("- " + escape_line_start(escape(bullet.group(1).strip())))
        elif number:
            out.append("1. " + escape_line_start(escape(number.group(1).strip())))
        elif out and out[-1].startswith(("- ", "1. ")):
            out.append("   " + escape_line_start(escape(ln.strip())))  # a list item's wrapped line
        else:
            out.append(escape_line_start(escape(ln.strip())))
    return "\n".join(out)
