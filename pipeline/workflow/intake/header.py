"""The short header a volunteer fills in at the top of a document, like

    Question: 3
    Written by: Jordan

Header lines are found in the leading lines of the Markdown (blank lines between
them are fine) and removed from the body. Our template puts instructions under
the header and ends them with a line "Write your answer below this line": when
that line is near the top, everything above it is header or instructions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KEYS = {
    "question": "question",
    "question number": "question",
    "answers": "question",
    "section": "section",
    "written by": "by",
    "by": "by",
    "author": "by",
    "name": "by",
    "response": "response",
}
SHOWN_KEY = {"question": "Question", "section": "Section", "by": "Written by", "response": "Response"}
MARKER = re.compile(r"(?i)^\W*write your answer below this line\W*$")
MARKER_WITHIN = 80  # lines: the marker belongs to the template's top, not to a long answer
_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]*?)\s*[:：]\s*(?P<value>.*)$")
# a line that is only a question's number, as a heading: "Question 3a", "Q3(a)", "Question 3 (a)."
_BARE_QUESTION = re.compile(r"^(?:question|q)\s*(?P<value>\d+\s*(?:\([a-z]\)|[a-z])?)\s*[.:]?$", re.IGNORECASE)
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Value:
    text: str
    line: int  # 1-based, in the file's text as read


@dataclass
class Header:
    values: dict[str, Value] = field(default_factory=dict)
    twice: list[tuple[str, int]] = field(default_factory=list)  # (key, line) given more than once
    body: str = ""

    def get(self, key: str) -> Value | None:
        return self.values.get(key)


def plain(line: str) -> str:
    """A Markdown line as the words a person typed: no emphasis, heading or list marks, no escapes."""
    line = re.sub(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+)", "", line)
    line = line.replace("**", "").replace("__", "").rstrip("\\").strip()
    line = re.sub(r"(?<!\\)[*_]", "", line)
    return _UNESCAPE.sub(r"\1", line).strip()


def _field(line: str, bare_ok: bool = True) -> tuple[str, str] | None:
    if bare_ok and (bare := _BARE_QUESTION.match(plain(line))):
        return "question", bare.group("value")
    match = _LINE.match(plain(line))
    if not match:
        return None
    key = KEYS.get(re.sub(r"\s+", " ", match.group("key").strip().lower()))
    if key is None:
        return None
    value = match.group("value").strip()
    if re.fullmatch(r"\(.*\)|\[.*\]|\.*|…", value):  # the template's "(your name ...)" left as it was
        value = ""
    return key, value


def split_header(text: str, bare_ok: bool = True) -> Header:
    """The header lines at the top and the body under them. A line that is only a question's number ("Q3(a)")
    is a header line, unless another such line follows in the body: then the file answers several questions,
    and its headings are the volunteer's text, not a place to file it whole."""
    lines = text.split("\n")
    marker = next((i for i, ln in enumerate(lines[:MARKER_WITHIN]) if MARKER.match(plain(ln))), None)
    header = Header()
    if marker is not None:
        top = range(marker)
        body_start = marker + 1
    else:
        body_start = 0
        for i, ln in enumerate(lines):
            if ln.strip() and _field(ln, bare_ok) is None:
                break
            body_start = i + 1
        top = range(body_start)
    for i in top:
        found = _field(lines[i], bare_ok)
        if found is None:
            continue  # a blank line, or the template's instructions
        key, value = found
        if key in header.values:
            header.twice.append((key, i + 1))
            continue
        header.values[key] = Value(value, i + 1)
    header.body = "\n".join(lines[body_start:]).strip("\n")
    if bare_ok and any(_BARE_QUESTION.match(plain(ln)) for ln in lines[body_start:]):
        return split_header(text, bare_ok=False)
    return header
