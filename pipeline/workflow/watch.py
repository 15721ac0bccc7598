"""Consultations ahead: `watch.yaml` at the top of the workbench, before any response folder exists.

    consultations:
      - id: send-review
        title: Special educational needs review
        by: Department for Education
        url: https://www.gov.uk/...
        closes: 2026-12-15 23:59        # its own time, in time_zone
        time_zone: Europe/London        # the default
        extended_from: 2026-12-01 17:00 # an extension is one edit: the old time moves here
        decision: respond               # respond, skip (with reason:) or undecided

`status` shows them by days left, `coproduce watch --ics FILE` writes every closing time as an
iCalendar feed (the `icalendar` library; each time in UTC, so every calendar shows it right in
summer and winter), `coproduce new SLUG --from-watch ID` starts a response from one, and the
year's report counts the skips by reason ("no capacity" is evidence too).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from pipeline.errors import CoproduceError, Problem, UsageError
from pipeline.load.files import read_text
from pipeline.load.outcome_schema import WatchEntry, WatchList
from pipeline.load.schema import validate
from pipeline.load.yamlsource import load_yaml

WATCH_FILE = "watch.yaml"


def read_watch(root: Path) -> tuple[list[WatchEntry], list[Problem]]:
    """The watch list and its problems; an empty list when the workbench has no watch.yaml."""
    path = root / WATCH_FILE
    if not path.exists():
        return [], []
    text, problems = read_text(path, WATCH_FILE, root=root)
    if text is None:
        return [], problems
    located, found = load_yaml(text, WATCH_FILE)
    problems += found
    if located is None:
        return [], problems
    data, found = validate(WatchList, located, WATCH_FILE)
    problems += found
    return (list(data.consultations) if data else []), problems


def load_watch(root: Path) -> list[WatchEntry]:
    entries, problems = read_watch(root)
    if any(p.severity == "error" for p in problems):
        raise CoproduceError(problems, f"{WATCH_FILE} could not be read")
    return entries


def entry(root: Path, wanted: str) -> WatchEntry:
    entries = load_watch(root)
    found = next((e for e in entries if e.id == wanted), None)
    if found is None:
        known = ", ".join(e.id for e in entries) or f"none: {WATCH_FILE} lists no consultations"
        raise UsageError(f"no consultation '{wanted}' in {WATCH_FILE}", f"the ids are: {known}", code="usage.watch-id")
    return found


def note_closing_time(response_yaml: Path, e: WatchEntry) -> None:
    """Write the closing time beside the closing day a new response carries over (`new --from-watch`)."""
    from pipeline.render.write import write_atomic

    day = e.closes_at().date().isoformat()
    text = response_yaml.read_text("utf-8")
    noted = text.replace(f"  closes: {day}\n", f"  closes: {day}  # at {when(e)} (watch.yaml: {e.id})\n", 1)
    if noted != text:
        write_atomic(response_yaml, noted.encode("utf-8"))


def days_left(e: WatchEntry, on: dt.date) -> int:
    """Days from `on` to the closing day, in the consultation's own time zone."""
    return (e.closes_at().date() - on).days


def when(e: WatchEntry) -> str:
    at = e.closes_at()
    return f"{at.day} {at:%B %Y}, {at:%H:%M} {at.tzname()}"


def line(e: WatchEntry, on: dt.date) -> str:
    """One line for `status` and `watch`: days left, the closing time, the decision, an extension."""
    n = days_left(e, on)
    left = f"{n} days left" if n > 1 else ("1 day left" if n == 1 else "closes today" if n == 0 else "closed")
    extended = ""
    if e.extended_from is not None:
        before = e.extended_from.replace(tzinfo=e.closes_at().tzinfo)
        extended = f"; extended from {before.day} {before:%B %Y}, {before:%H:%M}"
    decision = {"respond": "responding", "skip": f"not responding ({e.reason})", "undecided": "undecided"}
    return f"{e.id}: {left}, closes {when(e)}{extended}; {decision[e.decision]}. {e.title} ({e.by})"


def as_json(entries: list[WatchEntry], on: dt.date) -> list[dict[str, object]]:
    """The watch list for other tools and the dashboard (`status --json`): soonest first, closed ones too."""
    return [
        {
            "id": e.id,
            "title": e.title,
            "by": e.by,
            "url": e.url,
            "closes": e.closes_at().isoformat(),
            "closes_utc": e.closes_utc().isoformat(),
            "time_zone": e.time_zone,
            "extended_from": e.extended_from.isoformat() if e.extended_from else None,
            "days_left": days_left(e, on),
            "decision": e.decision,
            "reason": e.reason,
        }
        for e in sorted(entries, key=lambda e: (e.closes_utc(), e.id))
    ]


def ahead(entries: list[WatchEntry], on: dt.date) -> list[WatchEntry]:
    """Those not yet closed, soonest first."""
    return sorted((e for e in entries if days_left(e, on) >= 0), key=lambda e: (e.closes_utc(), e.id))


def skipped(entries: list[WatchEntry], start: dt.date, end: dt.date) -> dict[str, int]:
    """How many consultations closing in the period were skipped, by reason, for the year's report."""
    found = Counter(e.reason or "" for e in entries if e.decision == "skip" and start <= e.closes_at().date() <= end)
    return dict(sorted(found.items()))


def ics(entries: list[WatchEntry], organisation: str = "coproduce") -> bytes:
    """Every closing time as an event in an iCalendar feed; the same list gives the same bytes."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//coproduce//consultations ahead//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Consultations closing ({organisation})")
    for e in sorted(entries, key=lambda e: (e.closes_utc(), e.id)):
        event = icalendar.Event()
        closes = e.closes_utc()
        event.add("uid", f"{e.id}@coproduce.watch")
        event.add("dtstamp", closes)  # fixed by the entry, so the feed is the same bytes each time
        event.add("dtstart", closes)
        event.add("dtend", closes)
        event.add("summary", f"Closes: {e.title} ({e.by})")
        notes = [f"Closes {when(e)}.", f"Decision: {e.decision}" + (f" ({e.reason})" if e.reason else "") + "."]
        if e.extended_from is not None:
            notes.append(f"Extended from {e.extended_from:%d %B %Y %H:%M}.")
        event.add("description", " ".join(notes))
        if e.url:
            event.add("url", e.url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical())
