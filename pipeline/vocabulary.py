"""Rules every stage shares, decided once: the clock, what is in force, links, ids, images,
front matter, file numbers, and dates as the submission prints them.

Anything that would otherwise be written twice (and drift: four places once
decided whether a withdrawal was in force) lives here, and stages call it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from urllib.parse import urlsplit

from pipeline.errors import UsageError

# ------------------------------------------------------------------ the clock

TODAY_VARIABLE = "COPRODUCE_TODAY"


def today() -> dt.date:
    """COPRODUCE_TODAY if set (so tests and look-backs are repeatable), else the clock."""
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{TODAY_VARIABLE}={value} is not a date", "write it like 2026-02-25, or unset it") from None


def in_force(day: dt.date | None, on: dt.date) -> bool:
    """Whether something dated `day` (a withdrawal, a leaving date) is in force on `on`:
    from that day on, the day itself included."""
    return day is not None and day <= on


# ------------------------------------------------------------------ links

# what a link in a contribution may point to: the web, or an e-mail address
LINK_SCHEMES = ("http", "https", "mailto")


def is_link(href: str) -> bool:
    """A web or e-mail address, never javascript:, file: or a path on this machine."""
    scheme = urlsplit(href.strip()).scheme.lower() if ":" in href else ""
    return scheme in LINK_SCHEMES


# ------------------------------------------------------------------ ids

# a contributor id, a question id, a section slug: what a file name and an HTML id can both hold
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
ID = re.compile(ID_PATTERN)

# ------------------------------------------------------------------ images

# what a contribution may show, by file ending: (what Pillow must find inside, what it is written as)
IMAGE_FORMATS = {".png": ("PNG", "PNG"), ".gif": ("GIF", "PNG"), ".jpg": ("JPEG", "JPEG"), ".jpeg": ("JPEG", "JPEG")}
IMAGE_MIME = {"PNG": "image/png", "JPEG": "image/jpeg"}

# ------------------------------------------------------------------ front matter

FRONT_MATTER_START = "---"
FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)\s*$")


def front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter opened on line 0, or None."""
    if not lines or lines[0].strip() != FRONT_MATTER_START:
        return None
    return next((i for i in range(1, len(lines)) if FRONT_MATTER_END.match(lines[i].rstrip("\r\n"))), None)


# ------------------------------------------------------------------ file numbers

# contributions are merged in file-name order, so a file's number is its place: "40-q1-...md"
NUMBER = re.compile(r"^(\d+)-")


def numbered(number: int, stem: str) -> str:
    return f"{number:02d}-{stem}"


# ------------------------------------------------------------------ dates

# Spelled out rather than strftime("%B"), which follows the machine's locale.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    """21 April 2021."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
