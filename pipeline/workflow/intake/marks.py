"""What a Word file's comments say and what its tracked changes took out and put in, in words.

The text taken in is the text with every change accepted and no comments (docx_reader.py); these words
are kept beside it for the coordinator, who decides what to do with them: the workbench shows them with
intake's report. Who commented or changed is never said (their names are in nobody's consent).
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

MOST_MARKED = 30  # comments and changes shown one by one; more are counted
MARK_CHARS = 300  # each cut to this many characters


_ODF_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODF_PARAGRAPHS = (_ODF_TEXT + "p", _ODF_TEXT + "h")


def _cut(text: str) -> str:
    said = " ".join(text.split())
    return said if len(said) <= MARK_CHARS else said[: MARK_CHARS - 1] + "…"


def _words_of(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t"), qn("w:delText")))


def marked(document: Document, changes: list[etree._Element]) -> list[str]:
    """What each comment says, and what each tracked change took out and put in (a deletion followed at
    once by an insertion is one change, before and after); who made them is never said."""
    said = [f"a comment says: “{_cut(c.text)}”" for c in document.comments if c.text.strip()]
    paired: set[int] = set()
    for el in changes:
        kind = etree.QName(el).localname
        if id(el) in paired or kind not in ("del", "ins", "moveFrom", "moveTo"):
            continue  # formatting changes change no words
        words = _words_of(el)
        after = el.getnext()
        if kind == "del" and after is not None and after.tag == qn("w:ins"):
            paired.add(id(after))
            said.append(f"a tracked change replaced “{_cut(words)}” with “{_cut(_words_of(after))}”")
        elif words.strip():
            verb = "took out" if kind in ("del", "moveFrom") else "put in"
            said.append(f"a tracked change {verb} “{_cut(words)}”")
    if len(said) > MOST_MARKED:
        said = [*said[:MOST_MARKED], f"and {len(said) - MOST_MARKED} more, in the original"]
    return said


def _odf_words(el: etree._Element) -> str:
    """The words of the paragraphs under `el` (not who or when: dc:creator and dc:date sit beside them)."""
    return " ".join("".join(p.itertext()) for p in el.iter(*_ODF_PARAGRAPHS))


def odt_marked(body: etree._Element) -> list[str]:
    """The same for an OpenDocument text: each comment's words, each tracked deletion's words; an insertion's
    words are in the draft already (LibreOffice keeps them in the text), so it is only said to be there."""
    said = [
        f"a comment says: “{_cut(words)}”"
        for note in body.iter(_ODF_OFFICE + "annotation")
        if (words := _odf_words(note)).strip()
    ]
    for region in body.iter(_ODF_TEXT + "changed-region"):
        deleted = region.find(_ODF_TEXT + "deletion")
        if deleted is not None and (words := _odf_words(deleted)).strip():
            said.append(f"a tracked change took out “{_cut(words)}”")
        elif region.find(_ODF_TEXT + "insertion") is not None:
            said.append("a tracked change put in words that are in the draft as written")
    if len(said) > MOST_MARKED:
        said = [*said[:MOST_MARKED], f"and {len(said) - MOST_MARKED} more, in the original"]
    return said
