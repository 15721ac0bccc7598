"""What the ODF reader (`odt_reader.py`) looks up in an OpenDocument file: its styles and list styles, formulas as
text, who made a change; and the coordinator's notes on what the walk found (`Found`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.workflow.intake.inline_marks import RAISED, SUBSCRIPT, SUPERSCRIPT
from pipeline.workflow.intake.odt_package import FO, MATHML, STYLE, TEXT
from pipeline.workflow.intake.reading import Changed, notes_on


@dataclass(frozen=True)
class Style:
    parent: str = ""
    bold: bool | None = None
    italic: bool | None = None
    hidden: bool | None = None
    raised: str | None = None  # "super" or "sub"
    struck: bool | None = None
    display: str = ""  # the style's display name, for quote styles
    outline: int = 0


@dataclass
class Found:
    hidden: int = 0  # words
    text_boxes: int = 0
    pictures: int = 0  # shapes and frames with no picture in them, not taken in
    comments: int = 0
    changes: int = 0
    struck: int = 0
    raised: int = 0  # superscript or subscript spans with letters, kept as ordinary text
    nested_tables: int = 0
    equations: int = 0
    dropped_links: list[str] = field(default_factory=list)
    people: set[str] = field(default_factory=set)  # who commented or changed: counted, never named


def raised_as(position: str) -> str | None:
    """ "super" or "sub" from style:text-position, which says so in words or as a percentage of the line."""
    first = (position.split() or [""])[0]
    if first in ("super", "sub"):
        return first
    number = first.removesuffix("%")
    try:
        value = float(number)
    except ValueError:
        return None
    return "super" if value > 0 else "sub" if value < 0 else None


def read_styles(
    *roots: etree._Element | None,
) -> tuple[dict[tuple[str, str], Style], dict[str, list[tuple[bool, int]]]]:
    """Every style by (family, name), and each list style's levels (numbered or not, and the first number)."""
    styles: dict[tuple[str, str], Style] = {}
    lists: dict[str, list[tuple[bool, int]]] = {}
    for root in roots:
        if root is None:
            continue
        for s in root.iter(STYLE + "style"):
            props = s.find(STYLE + "text-properties")
            weight = None if props is None else props.get(FO + "font-weight")
            slant = None if props is None else props.get(FO + "font-style")
            display = None if props is None else props.get(TEXT + "display")
            position = (None if props is None else props.get(STYLE + "text-position")) or ""
            strike = None if props is None else props.get(STYLE + "text-line-through-style")
            outline = s.get(STYLE + "default-outline-level") or ""
            styles[(s.get(STYLE + "family") or "", s.get(STYLE + "name") or "")] = Style(
                parent=s.get(STYLE + "parent-style-name") or "",
                bold=None if weight is None else weight in ("bold", "600", "700", "800", "900"),
                italic=None if slant is None else slant in ("italic", "oblique"),
                hidden=None if display is None else display != "true",
                raised=raised_as(position),
                struck=None if strike is None else strike != "none",
                display=s.get(STYLE + "display-name") or s.get(STYLE + "name") or "",
                outline=int(outline) if outline.isdigit() else 0,
            )
        for ls in root.iter(TEXT + "list-style"):
            levels = sorted(
                (digits(lvl.get(TEXT + "level"), 1), lvl.tag == TEXT + "list-level-style-number", list_start(lvl))
                for lvl in ls
                if lvl.tag in (TEXT + "list-level-style-number", TEXT + "list-level-style-bullet")
            )
            lists[ls.get(STYLE + "name") or ""] = [(numbered, start) for _, numbered, start in levels]
    return styles, lists


def creators(el: etree._Element) -> set[str]:
    """Who wrote a comment or made a change, as the file says: for counting people, never for output."""
    return {(c.text or "").strip() for c in el.iter("{http://purl.org/dc/elements/1.1/}creator")} - {""}


def mathml_text(el: etree._Element) -> str:
    """MathML as a line of text, as the Word reader writes equations: (a)/(b), x², √(x)."""
    tag = el.tag.removeprefix(MATHML) if isinstance(el.tag, str) else ""
    if tag in ("annotation", "annotation-xml", ""):
        return ""  # the formula again, in another notation
    if tag in ("mi", "mn", "mo", "mtext", "ms"):
        return "".join(el.itertext()).strip()
    parts = [mathml_text(child) for child in el]
    if tag == "mfrac" and len(parts) == 2:
        return f"({parts[0]})/({parts[1]})"
    if tag in ("msup", "msub") and len(parts) == 2:
        table, mark = (SUPERSCRIPT, "^") if tag == "msup" else (SUBSCRIPT, "_")
        return parts[0] + (parts[1].translate(table) if set(parts[1]) <= RAISED else f"{mark}({parts[1]})")
    if tag == "msqrt":
        return f"√({''.join(parts)})"
    if tag == "mroot" and len(parts) == 2:
        return f"({parts[1]})√({parts[0]})"
    return "".join(parts)


def digits(value: str | None, default: int) -> int:
    return min(int(value), 999_999) if value and value.isdigit() else default


def list_start(level: etree._Element) -> int:
    """The number a list level starts at (ODF says so on the level's style; LibreOffice's HTML import uses it)."""
    return digits(level.get(TEXT + "start-value"), 1) if level.tag == TEXT + "list-level-style-number" else 1


def child_text(el: etree._Element, tag: str) -> str:
    found = el.find(tag)
    return "" if found is None else "".join(found.itertext()).strip()


def plain_words(el: etree._Element) -> str:
    """The words under `el`, for counting what was held back, never for output."""
    return " ".join(t for t in el.itertext() if t)


def coordinator_notes(found: Found, taken: dict[str, int], styles: etree._Element | None, hidden_fix: str) -> list[str]:
    furniture = 0
    if styles is not None:
        for master in styles.iter(STYLE + "master-page"):
            for part in master:
                if isinstance(part.tag, str) and re.search(r"}(header|footer)(-left|-first)?$", part.tag):
                    furniture += len(plain_words(part).split())
    changed = Changed(
        hidden=found.hidden,
        comments=found.comments,
        changes=found.changes,
        people=len(found.people),
        text_boxes=found.text_boxes,
        footnotes=taken["footnote"],
        endnotes=taken["endnote"],
        raised=found.raised,
        struck=found.struck,
        equations=found.equations,
        nested_tables=found.nested_tables,
        furniture=furniture,
        pictures=found.pictures,
        dropped_links=found.dropped_links,
    )
    return notes_on(changed, hidden_fix)
