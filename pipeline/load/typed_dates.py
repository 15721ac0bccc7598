"""Dates as people in the UK type them, read one way everywhere a date is asked for.

`coproduce new`, `contributor add`, `withdraw --on`, the browser's forms and intake all call
`read_date`, so "16/12/2026", "16 December 2026", "16th Dec 2026" and "2026-12-16" mean the same
day wherever they are typed. Day first, always: 03/04/2026 is the 3rd of April, as in the UK.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

# the forms a message names, in the words a person would recognise
ACCEPTED = "16/12/2026, 16 December 2026 or 2026-12-16"

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
# Welsh month names, for responses written in Welsh (mis Rhagfyr, 16 Rhagfyr 2026)
_MONTHS |= {
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "ebrill": 4, "mai": 5, "mehefin": 6,
    "gorffennaf": 7, "awst": 8, "medi": 9, "hydref": 10, "tachwedd": 11, "rhagfyr": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_WORDS = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})$")
_WORDS_US = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


class NotADate(ValueError):
    """The text is not a date in any accepted form; str() says so in plain words."""


def read_date(text: str | dt.date) -> dt.date:
    """The day `text` names, or NotADate saying which forms are accepted."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    said = " ".join(str(text).replace("\u00a0", " ").split()).strip().lower()
    day = month = year = None
    if m := _ISO.match(said):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC.match(said):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if len(m[3]) == 2:
            year += 2000  # '16/12/26': this century; nothing here dates from the last one
    elif (m := _WORDS.match(said)) and m[2] in _MONTHS:
        day, month, year = int(m[1]), _MONTHS[m[2]], int(m[3])
    elif (m := _WORDS_US.match(said)) and m[1] in _MONTHS:
        day, month, year = int(m[2]), _MONTHS[m[1]], int(m[3])
    if day is None or month is None or year is None:
        raise NotADate(f"'{text}' is not a date: write it like {ACCEPTED}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise NotADate(f"'{text}' is not a day of the calendar: write it like {ACCEPTED}") from None
