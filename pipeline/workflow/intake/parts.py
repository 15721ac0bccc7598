"""A file that answers several questions, like the Word template made for a response: split at each question's
heading, so each part is taken in under its own question, as a contribution of its own.

A part's heading is a line that starts with the question's number ("Question 3: What should ...", "Q3.",
"QUESTION 3 –", "Question 3(a)"), typed however Word types it (no-break and zero-width spaces, a full-width
colon, dashes); it counts when it is a heading, when nothing but the question's own words follow the number,
or, in the template (whose marker line says where answers start), whatever follows. The template's guidance
line under each heading ("Up to 120 words. Write your answer under this line.") is not part of the answer.
A question left empty makes nothing; words before the first question are never dropped silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.load.workbench import ResponseFolder
from pipeline.privacy.normalise import fold
from pipeline.workflow.intake import match
from pipeline.workflow.intake.header import MARKER, plain
from pipeline.workflow.intake.refusal import Refused

GUIDE = "Write your answer under this line."
_NUMBER = re.compile(r"^(?:question|q)\s*(?P<n>\d+\s*(?:\([a-z]\)|[a-z](?![a-z]))?)", re.IGNORECASE)
_GUIDE = re.compile(
    r"^\W*(?:(?:up to|no)\b[^.]*\.\s*)*write your answer under this line\W*$|^\W*(?:up to [\d,]+ \w+|no limit)\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Part:
    qid: str
    body: str  # Markdown, the heading and guidance line taken out
    heading_line: int  # 1-based, in the body


def _clean(line: str) -> str:
    """A line as words: Word's invisible characters gone, its spaces plain."""
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in line)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return plain(text)


def _heading(line: str, response: ResponseFolder, template: bool) -> str | None:
    """The question id a line heads, or None."""
    said = _clean(line)
    number = _NUMBER.match(said)
    if number is None:
        return None
    rest = said[number.end() :].strip()
    if rest and not re.match(r"^[.:\uff1a\-\u2013\u2014)]", rest):
        return None  # "Q3 was hard": words, not a heading
    rest = rest.lstrip(".:\uff1a-\u2013\u2014) ").strip()
    try:
        qid = match.question(number.group("n"), response).answers
    except Refused:
        return None
    if qid is None:
        return None
    text = next((q.text for q in response.data.questions if q.id == qid), "")
    own_words = fold(text).split()[:4]
    if template or line.lstrip().startswith("#") or not rest or fold(rest).split()[:4] == own_words:
        return qid
    return None


def split(body: str, response: ResponseFolder, template: bool) -> tuple[list[Part], str] | None:
    """The parts of a body answering several questions, and any words before the first; None when it is not
    such a file (no heading in a template, fewer than two elsewhere, or a question named twice)."""
    lines = body.split("\n")
    heads = [(i, qid) for i, ln in enumerate(lines) if (qid := _heading(ln, response, template))]
    if not heads or (len(heads) < 2 and not template) or len({q for _, q in heads}) < len(heads):
        return None
    parts: list[Part] = []
    for k, (i, qid) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        kept = [ln for ln in lines[i + 1 : end] if not _GUIDE.match(_clean(ln))]
        text = "\n".join(kept).strip("\n")
        if text.strip():
            parts.append(Part(qid, text, i + 1))
    before = "\n".join(ln for ln in lines[: heads[0][0]] if not MARKER.match(plain(ln))).strip()
    return parts, before
