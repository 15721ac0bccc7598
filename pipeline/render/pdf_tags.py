"""What WeasyPrint's tags came from: the HTML element behind each structure element it makes.

WeasyPrint tags every page on its own, so the pieces of one table or list on two pages are two
structure elements. To know which belong together, `recording()` wraps WeasyPrint's
`_build_box_tree` while the PDF is written and notes, for each structure element it makes (by
object number, which pikepdf keeps on reading), the HTML element and pseudo-element it came from,
with what describes a link, a passage's own language, a header cell's scope and an image's alt.
pdf_tree.py reads these `Source`s to repair the tree (pdf_structure.py runs the whole).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pipeline.render.pdf_split import PART_LINK

# WeasyPrint's tag builder is patched module-wide while a PDF is written: one at a time.
LOCK = threading.Lock()

_SPACE = re.compile(r"\s+")
_SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


@dataclass(frozen=True)
class Source:
    """What one structure element came from in the HTML."""

    key: int  # one number per HTML element and pseudo-element: the pieces of one box share it
    tag: str  # WeasyPrint's element_tag: "a", "a::after", "th", ...; a leader's ends "::leader"
    text: str = ""  # for a link: what describes it (aria-label, title, else its text)
    lang: str = ""  # its own lang attribute, if any
    scope: str = ""  # for a header cell: its HTML scope, as a PDF name
    alt: str | None = None  # for an image: its alt attribute (None when absent)
    role: str = ""  # what pdf_lists.py retags: "note" (a footnote), "noteref" (a link to one), "para-number"


@dataclass
class Recorder:
    """Sources of the structure elements WeasyPrint makes, by object number."""

    sources: dict[int, Source] = field(default_factory=dict)
    _keys: dict[tuple[int, str], int] = field(default_factory=dict)
    _held: list[object] = field(default_factory=list)  # keeps id()s unique while recording

    def note(self, number: int, box: Any) -> None:
        element = getattr(box, "element", None)
        if number in self.sources or element is None:
            return  # the innermost call names the element: it made it
        tag = str(getattr(box, "element_tag", "") or "")
        if getattr(box, "is_leader", False):  # leader(): an anonymous box inside its pseudo-element
            tag += "::leader"
        ident = (id(element), tag)
        if ident not in self._keys:
            self._keys[ident] = len(self._keys)
            self._held.append(element)
        attrib = getattr(element, "attrib", {})
        text = ""
        if tag == "a":
            said = (
                attrib.get("aria-label")
                or attrib.get("title")
                or "".join(element.itertext()).strip()
                or " ".join(str(e.get("alt", "")) for e in element.iter() if str(e.tag).endswith("img"))
            )
            text = _SPACE.sub(" ", said).strip()
        self.sources[number] = Source(
            key=self._keys[ident],
            tag=tag,
            text=text,
            lang=str(attrib.get("lang", "")) if "::" not in tag else "",
            scope=_SCOPES.get(str(attrib.get("scope", "")).lower(), "") if tag == "th" else "",
            alt=attrib.get("alt") if tag == "img" else None,
            role=_role(tag, attrib),
        )


def _role(tag: str, attrib: Any) -> str:
    """What the HTML says an element is for, where PDF/UA wants a tag of its own (html_body.py writes these)."""
    if tag == "li" and str(attrib.get("id", "")).startswith("fn-"):
        return "note"
    if tag == "a" and str(attrib.get("href", "")).startswith(("#fn-", f"{PART_LINK}fn-")):  # in another part too
        return "noteref"
    if "::" not in tag and "para-number" in str(attrib.get("class", "")).split():
        return "para-number"
    return ""


@contextmanager
def recording(recorder: Recorder) -> Iterator[None]:
    """Note where each structure element comes from while WeasyPrint builds its tag tree.

    Hold LOCK around it. If WeasyPrint no longer has the function, nothing is recorded and
    `restructure` merges nothing it cannot place."""
    from weasyprint.pdf import tags

    original: Callable[..., Iterator[Any]] | None = getattr(tags, "_build_box_tree", None)
    if original is None:
        yield
        return
    build = original

    def _recorded(box: Any, *args: Any) -> Iterator[Any]:
        for element in build(box, *args):
            number = getattr(element, "number", None)
            if isinstance(number, int):
                recorder.note(number, box)
            yield element

    tags._build_box_tree = _recorded
    try:
        yield
    finally:
        tags._build_box_tree = original
