"""Rules every stage shares, decided once: the clock, what is in force, links, ids, images,
front matter, what an approval covers, file numbers, and dates as the submission prints them.

Anything that would otherwise be written twice (and drift: four places once
decided whether a withdrawal was in force) lives here, and stages call it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from urllib.parse import urlsplit

from pipeline.errors import UsageError

# ------------------------------------------------------------------ the clock

TODAY_VARIABLE = "COPRODUCE_TODAY"


def system_today() -> dt.date:
    """The computer's own date: the one place in coproduce that reads the real clock.

    Tests set it with monkeypatch on this function, never by changing the real clock."""
    return dt.date.today()


def _told() -> dt.date | None:
    """The day COPRODUCE_TODAY sets, or None when it is unset."""
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{TODAY_VARIABLE}={value} is not a date", "write it like 2026-02-25, or unset it", code="usage.bad-today"
        ) from None


def today() -> dt.date:
    """COPRODUCE_TODAY if set (so tests and look-backs are repeatable), else the computer's date.
    Called once a command, by `settings.make_settings`."""
    return _told() or system_today()


def clock_override() -> tuple[dt.date, dt.date] | None:
    """(the date COPRODUCE_TODAY sets, the computer's date) when it sets another day than the computer's;
    None when it is unset or says the same day. Every command says so (pipeline/cli.py)."""
    told = _told()
    if told is None:
        return None
    real = system_today()
    return None if told == real else (told, real)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, or the last day of that month when it has no such day (31 March, one
    month before: 28 or 29 February): how old consent may be (`consent_valid_months`, `reconsent`)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def in_force(day: dt.date | None, on: dt.date) -> bool:
    """Whether something dated `day` (a withdrawal, a leaving date) is in force on `on`:
    from that day on, the day itself included."""
    return day is not None and day <= on


def withdrawal_in_force(day: dt.date | None, on: dt.date) -> bool:
    """Whether a withdrawal dated `day` is in force on `on`, or already on the computer's own date.

    A build told an earlier day (COPRODUCE_TODAY, a look back) never brings back the words of
    someone whose withdrawal has passed: no clock setting undoes a withdrawal. The computer's date is
    asked here, the one rule that needs it beside the day the run was given (`settings.today`)."""
    return in_force(day, on) or in_force(day, system_today())


# ------------------------------------------------------------------ links

# what a link in a contribution may point to: the web, an e-mail address, a phone number
LINK_SCHEMES = ("http", "https", "mailto", "tel")


def is_link(href: str) -> bool:
    """A web, e-mail or phone address, never javascript:, file: or a path on this machine."""
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


# ------------------------------------------------------------------ approval

# The front-matter fields that change what is printed: an approval covers them and the body.
# status, approved and reviewed_by record who signed off; they change nothing that is printed.
PRINTED_FRONT_MATTER = ("answers", "section", "title", "by", "handed_over_from", "content_note", "confidential")
FINGERPRINT_PATTERN = r"^sha256:[0-9a-f]{64}$"


def fingerprint(front: object, body: str) -> str:
    """`sha256:<hex>` of what a contribution prints: its body and its PRINTED_FRONT_MATTER fields.

    The one rule for what an approval covers: `approve` records it, the approval check and
    `status` compare it, and git history uses it to tell an edit from a sign-off. `front` is
    the validated front matter, so `by: sam` and `by: [sam]`, the order of the fields and
    comments in them count the same; any change to the text, the authors, the place or the
    title counts. Line ends, and blank lines before and after the body, do not.
    """
    fields: dict[str, object] = {}
    for name in PRINTED_FRONT_MATTER:
        value = getattr(front, name, None)
        value = list(value) if isinstance(value, list | tuple) else value
        # an unset field adds nothing (`confidential: false` neither), so approvals made before it existed hold
        if value is not None and value is not False and value != "" and value != []:
            fields[name] = value
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    data = json.dumps({"body": text, "front": fields}, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


def covers_fingerprint(printed_beside: object) -> str:
    """`sha256:<hex>` of what a contribution prints beside its own text, as assemble/approval.py gathers it:
    the bytes of each picture it shows, the question it answers, and how each person it names or quotes is
    credited and may be quoted. An approval records it as `covers:`; a change to any of them undoes it."""
    data = json.dumps(printed_beside, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ file numbers

# Contributions are merged in file-name order (as text), so a file's number is its place: "40-q1-...md".
# A number is two digits, 00 to 99; where two neighbours leave no whole number between them, it
# takes a decimal fraction: 40, 40.1, 40.2 ... 40.9, 40.91 ... Read with the "-" after it, as text,
# these sort in the order of their values ("-" and "." sort before every digit), and there is always
# another number between any two, so numbers never run out. `add` and intake both use `next_number`.
NUMBER = re.compile(r"^(\d+(?:\.\d+)?)-")
_MOST_DIGITS = 40  # a fraction longer than this means the names around it are not numbers of ours


def numbered(number: int | str, stem: str) -> str:
    """`40-stem`; a number given as text (`40.5`) is kept as it is."""
    return f"{number:02d}-{stem}" if isinstance(number, int) else f"{number}-{stem}"


def rank_of(key: str, question_ids: Sequence[str]) -> int:
    """Where a kind of contribution sits in a submission (and so in file-name order):
    summary, about, method, each question in order, recommendations, the response's own sections."""
    fixed = {"summary": 0, "about": 1, "method": 2}
    if key in fixed:
        return fixed[key]
    if key in question_ids:
        return 3 + list(question_ids).index(key)
    if key == "recommendations":
        return 3 + len(question_ids)
    return 4 + len(question_ids)  # the response's own sections print last


def _ideal(rank: int, n_questions: int) -> int:
    """The number a tidy folder gives: 10 summary, 20 about, 30 method, 40… answers, 90 recommendations."""
    if rank < 3:
        return 10 * (rank + 1)
    if rank < 3 + n_questions:
        step = 10 if n_questions <= 5 else 5 if n_questions <= 10 else 2 if n_questions <= 24 else 1
        return 40 + step * (rank - 3)
    return 90 if rank == 3 + n_questions else 95


def place_files(numbers: Iterable[tuple[str, int | None]]) -> list[tuple[str, int]]:
    """(number, rank) of numbered files, in file-name order; a file whose rank is not known (None:
    its front matter does not load) ranks with the one before it, so nothing is put in front of it."""
    placed: list[tuple[str, int]] = []
    for number, rank in sorted(numbers, key=lambda e: f"{e[0]}-"):
        placed.append((number, rank if rank is not None else (placed[-1][1] if placed else 0)))
    return placed


def _after(low: str) -> Iterator[str]:
    """Numbers just after `low`, shortest first: 40 -> 41, 40.1, 40.01 ...; 40.9 -> 41, 40.91 ..."""
    whole, _, fraction = low.partition(".")
    if len(whole) <= 2 and int(whole) < 99:
        yield f"{int(whole) + 1:02d}"
    for width in range(max(len(fraction), 1), _MOST_DIGITS + 1):
        digits = str(int(fraction.ljust(width, "0")) + 1).rjust(width, "0")
        if len(digits) == width:
            yield f"{whole}.{digits.rstrip('0')}"


def next_number(existing: Iterable[tuple[int | str, int]], rank: int, n_questions: int) -> str:
    """The file number for a new contribution of `rank`, given (number, rank) of the files already there.

    It goes after every file of the same or an earlier rank and before the next one, as text (the
    order the files are merged in): the tidy number if its kind has no file yet and it is free, else
    the one after its own kind, else a round number in the gap, else a fraction that fits.
    """
    entries = place_files((n if isinstance(n, str) else f"{n:02d}", r) for n, r in existing)
    used = {n for n, _ in entries}
    at = max((k + 1 for k, (_, r) in enumerate(entries) if r <= rank), default=0)
    low = entries[at - 1][0] if at else None
    high = next((n for n, _ in entries[at:] if n != low), None)

    def fits(n: str) -> bool:
        return n not in used and (low is None or f"{low}-" < f"{n}-") and (high is None or f"{n}-" < f"{high}-")

    same = any(r == rank for _, r in entries)
    ideal = f"{_ideal(rank, n_questions):02d}"
    if not same and fits(ideal):
        return ideal
    if same and low is not None:
        found = next((n for n in _after(low) if fits(n)), None)
        if found:
            return found
    gap = [k for k in range(100) if fits(f"{k:02d}")]
    if gap:  # a round number near the middle of the gap
        middle = (gap[0] + gap[-1]) / 2
        for step in (10, 5, 1):
            if round_ones := [k for k in gap if k % step == 0]:
                return f"{min(round_ones, key=lambda k: (abs(k - middle), k)):02d}"
    found = next((n for n in _after(low) if fits(n)), None) if low is not None else None
    if found:
        return found
    raise UsageError(
        f"no file number fits between {low or 'the start'} and {high}",
        f"rename the file that starts {high}- to start with a whole number that leaves room before it, like 50-",
        code="usage.no-file-number",
    )


# ------------------------------------------------------------------ hours


def hours_text(hours: Decimal | float | int) -> str:
    """Hours as they were given, without trailing zeros: 1.75 stays 1.75, 2.50 is 2.5, 3.0 is 3."""
    exact = hours if isinstance(hours, Decimal) else Decimal(str(hours))
    return f"{exact.normalize():f}"


# ------------------------------------------------------------------ dates

# Spelled out rather than strftime("%B"), which follows the machine's locale.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date, language: str = "en") -> str:
    """21 April 2021; in Welsh 21 Ebrill 2021 (Babel's CLDR data for any language but English)."""
    base = language_of(language)
    if base == "en":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    from babel.dates import format_date  # only for responses in other languages: Babel is large

    return format_date(day, "d MMMM y", locale=base)


# ------------------------------------------------------------------ question numbers

# a sub-question's id: its parent's id and one letter (q3a after q3), as `new --questions` writes it
_SUB_QUESTION_ID = re.compile(r"^(?P<parent>.*\d)(?P<letter>[a-z])$")


def question_labels(ids: Sequence[str]) -> dict[str, str]:
    """How each question is numbered in print, decided once: by its place among the questions, and a
    sub-question (q3a, q3b) by its parent's number and its letter, "3(a)", so the question after it is still 4.
    Sub-questions with no question of their own before them (q3a, q3b alone) share one number."""
    labels: dict[str, str] = {}
    numbers: dict[str, int] = {}
    n = 0
    for qid in ids:
        sub = _SUB_QUESTION_ID.match(qid)
        if sub is None:
            n += 1
            numbers[qid] = n
            labels[qid] = str(n)
            continue
        if sub["parent"] not in numbers:
            n += 1
            numbers[sub["parent"]] = n
        labels[qid] = f"{numbers[sub['parent']]}({sub['letter']})"
    return labels


def label_key(text: str) -> str:
    """A question's number as a person may type it, reduced for comparison: "Question 3 (a)", "Q3(a)", "3a." -> "3a"."""
    said = re.sub(r"^\s*(?:question|q)(?=[\s\d.:#-])", "", text.strip().lower())
    return re.sub(r"[\s().:#\-–]+", "", said)


def language_of(tag: str) -> str:
    """The language of a tag: "cy-GB" -> "cy"."""
    return tag.split("-")[0].lower() or "en"
