"""The one way text is folded before it is compared with a private string.

Folded text is lower-case letters and digits in words separated by single
spaces, with a space at each end (" jordan reeve "), so a pattern with spaces
round it matches whole words only. Folding undoes what typing, Word and
copy-paste do to a name:

- Unicode compatibility forms (NFKC: fullwidth letters, ligatures, NBSP);
- invisible format characters (soft hyphen, zero-width space and joiners, bidi
  marks, BOM: category Cf) are removed, so "Jor<SHY>dan" is "jordan";
- case (casefold: "ß" is "ss");
- accents ("José" is "jose"), by dropping combining marks after NFD;
- look-alike letters from other scripts (Cyrillic "о", Greek "ο") become the
  Latin letter they imitate (Unicode TR39 confusables);
- every apostrophe, dash, hyphen and punctuation mark, and all whitespace, is a
  word break, so O’Farrell, O'Farrell and "O Farrell" fold alike and
  "Reeve, Jordan" reads as the words "reeve jordan".

ASCII letters and digits are left as they are (lower-cased): folding "m" to
"rn" or "0" to "o" would make ordinary text collide with names.

`fold()` is the fast path for whole outputs; `fold_with_map()` gives the same
text and, for each folded character, the index it came from, so a match can be
reported at its line and column. Both fold character by character, so they
always agree.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from urllib.parse import unquote

_SEPARATORS = re.compile(r"[\W_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


LOOKALIKES = "latin_lookalikes.json"  # beside this module: made from confusable-homoglyphs' data by `lookalikes`


def lookalikes(data: dict[str, list[dict[str, str]]]) -> dict[str, str]:
    """Non-ASCII character -> the ASCII letters it imitates, from the TR39 data that confusable-homoglyphs
    ships (its confusables.json). Only mappings onto plain Latin letters are kept."""
    table: dict[str, str] = {}
    for char, entries in data.items():
        if len(char) != 1 or char.isascii():
            continue
        latin = [e["c"] for e in entries if e["c"].isascii() and e["c"].isalpha()]
        if latin:
            table[char] = min(latin, key=lambda s: (len(s), s)).lower()
    return table


@cache
def _confusables() -> dict[str, str]:
    """`lookalikes` of confusable-homoglyphs' data, as kept beside this module: reading and sifting the 900 KB it
    ships took 30 ms of every command; tests/test_latin_lookalikes.py checks the two are the same."""
    text = Path(__file__).with_name(LOOKALIKES).read_text("utf-8")
    table: dict[str, str] = json.loads(text)
    return table


# Apostrophes that Unicode counts as letters (modifier letters): a break like any other apostrophe
_APOSTROPHE_LETTERS = frozenset("\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u02c8\u02ca\u02cb\u0374\u055a")


@cache
def fold_char(char: str) -> str:
    """One character folded: "" for an invisible one, " " for a break, else letters and digits."""
    if char.isascii():
        return char.lower() if char.isalnum() else " "
    if char in _APOSTROPHE_LETTERS:
        return " "
    confusables = _confusables()

    def latin(text: str) -> str:
        return "".join(c if c.isascii() else confusables.get(c, c) for c in text)

    text = unicodedata.normalize("NFKC", char)
    # look-alikes before case folding too: Greek capital Epsilon imitates E, its small form does not imitate e
    text = latin("".join(c for c in text if unicodedata.category(c) != "Cf")).casefold()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return _SEPARATORS.sub(" ", latin(text).lower())


def _fold_match(match: re.Match[str]) -> str:
    return fold_char(match.group())


# ASCII: letters lower-cased, digits kept, everything else a space (the same as fold_char)
_ASCII_TABLE = bytes((c | 0x20 if 65 <= c <= 90 else c) if chr(c).isalnum() and c < 128 else 32 for c in range(256))


def fold(text: str) -> str:
    """Text folded for comparison: " words like this " (see the module docstring)."""
    if not text.isascii():
        text = _NON_ASCII.sub(_fold_match, text)
    if text.isascii():  # the common case, at bytes speed
        joined = " ".join(text.encode("ascii").translate(_ASCII_TABLE).decode("ascii").split())
    else:
        joined = _SEPARATORS.sub(" ", text.lower()).strip()
    return f" {joined} " if joined else " "


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index in `text` it came from."""
    out: list[str] = [" "]
    where: list[int] = [0]
    for i, char in enumerate(text):
        for c in fold_char(char):
            if c == " " and out[-1] == " ":
                continue
            out.append(c)
            where.append(i)
    if out[-1] != " ":
        out.append(" ")
        where.append(len(text))
    return "".join(out), where


def decode_target(target: str) -> str:
    """A link's address as a reader would see it: percent- and entity-decoded, as often as it was encoded."""
    for _ in range(4):
        decoded = html.unescape(unquote(target))
        if decoded == target:
            break
        target = decoded
    return target


def words(text: str) -> list[str]:
    """The folded words of `text`."""
    return fold(text).split()
