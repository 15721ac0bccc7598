"""Consultations ahead: `watch.yaml` at the top of the workbench, or a folder `watch/` of small files (one
consultation each, its id the file name unless it says `id:`), or both; before any response folder exists.

    consultations:
      - id: send-review
        title: Special educational needs review
        by: Department for Education
        url: https://www.gov.uk/...
        closes: 2026-12-15 23:59        # its own time, in time_zone
        time_zone: Europe/London        # the default
        extended_from: 2026-12-01 17:00 # an extension is one edit: the old time moves here
        decision: respond               # respond, skip (with reason:) or undecided

A file in `watch/` holds one entry's keys at its top (`title:`, `by:`, `closes:` ...): one consultation
a file, so people who share a folder never edit the same file. Each file is read and validated as
watch.yaml is, every problem naming its own file, line and column; an id given twice, in either place,
is named where it is given the second time.

`status` shows them by days left, `coproduce watch --ics FILE` writes every closing time as an
iCalendar feed (the `icalendar` library; each time in UTC, so every calendar shows it right in
summer and winter), `coproduce new SLUG --from-watch ID` starts a response from one, and the
year's report counts the skips by reason ("no capacity" is evidence too).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import CoproduceError, Problem, UsageError
from pipeline.load.files import read_text
from pipeline.load.outcome_schema import WatchEntry, WatchList
from pipeline.load.schema import validate
from pipeline.load.yamlsource import Located, load_yaml

WATCH_FILE = "watch.yaml"
WATCH_FOLDER = "watch"
WATCH_NAMES = f"{WATCH_FILE} or {WATCH_FOLDER}/"


@dataclass(frozen=True)
class Watched:
    entry: WatchEntry
    shown: str  # the file it is written in
    line: int  # the line of its id (or its first line, where the id is the file name)
    column: int | None


def _located(root: Path, path: Path, shown: str, problems: list[Problem]) -> Located | None:
    text, found = read_text(path, shown, root=root)
    problems += found
    if text is None:
        return None
    located, found = load_yaml(text, shown)
    problems += found
    return located


def _from_list(root: Path) -> tuple[list[Watched], list[Problem]]:
    path = root / WATCH_FILE
    problems: list[Problem] = []
    if not path.exists():
        return [], problems
    located = _located(root, path, WATCH_FILE, problems)
    if located is None:
        return [], problems
    data, found = validate(WatchList, located, WATCH_FILE)
    problems += found
    if data is None:
        return [], problems
    return [
        Watched(e, WATCH_FILE, located.line(("consultations", i, "id")), located.column(("consultations", i, "id")))
        for i, e in enumerate(data.consultations)
    ], problems


def watch_files(root: Path) -> list[Path]:
    """The small files of `watch/`, in name order (the README or a note beside them is not one)."""
    folder = root / WATCH_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and not p.name.startswith("."))


def _from_folder(root: Path) -> tuple[list[Watched], list[Problem]]:
    out: list[Watched] = []
    problems: list[Problem] = []
    for path in watch_files(root):
        shown = f"{WATCH_FOLDER}/{path.name}"
        located = _located(root, path, shown, problems)
        if located is None:
            continue
        data = located.data
        if isinstance(data, dict) and "consultations" in data:
            line = located.line(("consultations",))
            fix = f"give one consultation's keys at the top of {shown}, or move the list into {WATCH_FILE}"
            problems.append(
                Problem(
                    shown, line, "a file in watch/ holds one consultation, not a list", fix, code="watch.list-in-folder"
                )
            )
            continue
        if isinstance(data, dict) and "id" not in data:  # the file's name is its id
            located = replace(located, data={"id": path.stem, **data})
        entry, found = validate(WatchEntry, located, shown)
        problems += found
        if entry is None:
            continue
        named = isinstance(data, dict) and "id" in data
        if named and entry.id != path.stem:
            line, column = located.line(("id",)), located.column(("id",))
            problems.append(
                Problem(
                    shown,
                    line,
                    f"the id {entry.id} is not the file's name ({path.stem})",
                    f"rename the file {entry.id}{path.suffix}, or remove the  id:  line so the name is the id",
                    code="watch.id-not-file-name",
                    column=column,
                )
            )
            continue
        line = located.line(("id",)) if named else located.start
        out.append(Watched(entry, shown, line, located.column(("id",)) if named else None))
    return out, problems


def read_watched(root: Path) -> tuple[list[Watched], list[Problem]]:
    """Every consultation in watch.yaml and watch/, with where each is written, and every problem of both."""
    listed, problems = _from_list(root)
    filed, found = _from_folder(root)
    problems += found
    out: list[Watched] = []
    first: dict[str, Watched] = {}
    for w in (*listed, *filed):
        if w.entry.id in first:
            before = first[w.entry.id]
            problems.append(
                Problem(
                    w.shown,
                    w.line,
                    f"the id {w.entry.id} is used twice: {before.shown} line {before.line} gives it too",
                    "give each consultation its own id, or remove the copy",
                    code="watch.id-twice",
                    column=w.column,
                )
            )
            continue
        first[w.entry.id] = w
        out.append(w)
    return out, problems


def read_watch(root: Path) -> tuple[list[WatchEntry], list[Problem]]:
    """The watch list (watch.yaml and watch/) and its problems; empty when the workbench has neither."""
    watched, problems = read_watched(root)
    return [w.entry for w in watched], problems


def load_watch(root: Path) -> list[WatchEntry]:
    entries, problems = read_watch(root)
    if any(p.severity == "error" for p in problems):
        raise CoproduceError(problems, f"{WATCH_NAMES} could not be read")
    return entries


def entry(root: Path, wanted: str) -> WatchEntry:
    entries = load_watch(root)
    found = next((e for e in entries if e.id == wanted), None)
    if found is None:
        known = ", ".join(e.id for e in entries) or f"none: {WATCH_NAMES} lists no consultations"
        raise UsageError(f"no consultation '{wanted}' in {WATCH_NAMES}", f"the ids are: {known}", code="usage.watch-id")
    return found


def note_closing_time(response_yaml: Path, e: WatchEntry, source: str = WATCH_FILE) -> None:
    """Write the closing time beside the closing day a new response carries over (`new --from-watch`), and the
    file it came from (`written_in`)."""
    from pipeline.render.write import write_atomic

    day = e.closes_at().date().isoformat()
    text = response_yaml.read_text("utf-8")
    noted = text.replace(f"  closes: {day}\n", f"  closes: {day}  # at {when(e)} ({source}: {e.id})\n", 1)
    if noted != text:
        write_atomic(response_yaml, noted.encode("utf-8"))


def written_in(root: Path, wanted: str) -> str:
    """The file a consultation is written in: watch.yaml, or its own file in watch/."""
    watched, _ = read_watched(root)
    return next((w.shown for w in watched if w.entry.id == wanted), WATCH_FILE)


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
