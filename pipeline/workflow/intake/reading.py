"""What reading a file gives: Markdown text, and what the coordinator should hear about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.workflow.intake.pictures import Picture


@dataclass
class Reading:
    text: str  # Markdown, header lines still at the top
    notes: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)  # their marks in `text` are placed when written
    # what its comments say and what its tracked changes took out and put in, for the coordinator to read
    # beside the draft (the workbench shows them); never part of the text taken in
    marked: list[str] = field(default_factory=list)


def plural(n: int, one: str, many: str | None = None) -> str:
    if not n:
        return ""
    return f"1 {one}" if n == 1 else f"{n} {many or one + 's'}"


def _and(*parts: str) -> str:
    return " and ".join(x for x in parts if x)


def link_name(target: str) -> str:
    """Only the last part of a link's address: a local path holds the Windows user name (C:/Users/<name>/...)."""
    return target.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or "something"


@dataclass
class Changed:
    """What a reader found that is not plain text, counted, for the notes to the coordinator.

    Word's and LibreOffice's readers count the same things, so they say them in the same words."""

    hidden: int = 0  # words
    comments: int = 0
    changes: int = 0
    people: int = 0  # who commented or changed: counted, never named (their names are in no one's consent)
    text_boxes: int = 0
    footnotes: int = 0
    endnotes: int = 0
    raised: int = 0
    struck: int = 0
    equations: int = 0
    nested_tables: int = 0
    furniture: int = 0  # words in page headers and footers
    pictures: int = 0  # shapes and charts with no picture in them
    embedded: int = 0  # whole documents pasted in (Word's altChunk: a web page, RTF or Word file inside the file)
    dropped_links: list[str] = field(default_factory=list)


def notes_on(c: Changed, hidden_fix: str) -> list[str]:
    """The coordinator's notes on what was taken in differently, or left out, and what to check."""
    notes: list[str] = []
    if c.hidden:
        notes.append(f"it has hidden text ({plural(c.hidden, 'word')}); {hidden_fix}")
    if c.comments or c.changes:
        what = _and(plural(c.comments, "comment"), plural(c.changes, "tracked change"))
        by = f" by {plural(c.people, 'person', 'people')} (not named here)" if c.people else ""
        done = _and(
            "took the text as if every change were accepted" if c.changes else "",
            "left the comments out" if c.comments else "",
        )
        fix = "accept or reject the changes and send it again" if c.changes else "read them in the original"
        notes.append(f"it has {what}{by}: we {done}; if that is not right, {fix}")
    if c.text_boxes:
        one = c.text_boxes == 1
        notes.append(
            f"it has {plural(c.text_boxes, 'text box', 'text boxes')}: "
            f"{'its text was' if one else 'their text was'} taken in after the paragraph "
            f"{'it is' if one else 'each is'} anchored to; check that it reads well there"
        )
    if c.footnotes or c.endnotes:
        what = _and(plural(c.footnotes, "footnote"), plural(c.endnotes, "endnote"))
        notes.append(f"it has {what}: taken in as footnotes at the end, endnotes numbered after footnotes")
    if c.raised:
        notes.append(
            f"it has {plural(c.raised, 'superscript or subscript', 'superscripts or subscripts')} with letters "
            "(like 1st): kept as ordinary text, as Markdown cannot raise letters; check that they read well"
        )
    if c.struck:
        notes.append(
            f"it has struck-through text ({plural(c.struck, 'word')}): kept as ordinary text, as the text here "
            "cannot be struck through; delete the words if the writer meant them gone"
        )
    if c.equations:
        notes.append(
            f"it has {plural(c.equations, 'equation')}: taken in as a line of text; check that "
            f"{'it reads' if c.equations == 1 else 'they read'} right"
        )
    if c.nested_tables:
        notes.append(
            f"it has {plural(c.nested_tables, 'table')} inside a table: its words were taken into the cell "
            "that holds it, as the text here cannot hold a table inside a table"
        )
    if c.furniture:
        notes.append(
            f"its page headers and footers ({plural(c.furniture, 'word')}) were not taken in, as they repeat on "
            "every page; if they hold part of the answer, copy it into the text"
        )
    if c.pictures:
        what = plural(c.pictures, "shape or chart", "shapes or charts")
        notes.append(f"it has {what}: these are not taken in; add them by hand as a picture with alt text")
    if c.embedded:
        one = c.embedded == 1
        notes.append(
            f"it has {plural(c.embedded, 'document')} pasted in whole (a web page, Rich Text or Word file kept "
            f"inside it as it was): {'its words were' if one else 'their words were'} NOT taken in; open the file "
            "in Word and save it again as a Word Document (.docx), which makes them part of the text, and send that"
        )
    for target in c.dropped_links:
        notes.append(
            f"a link to {link_name(target)} was left out (only web and e-mail links are kept); its words are kept"
        )
    return notes
