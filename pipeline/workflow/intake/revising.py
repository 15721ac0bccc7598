"""A volunteer's new version written into the contribution it revises, and the coordinator's change of mind.

`earlier_for` finds the contributions intake wrote for the same person and place (from the intake record, so
those written earlier in the same run count too); `revision.decide` says whether a file is a new version of
one. `revise` writes it: the text below the front matter is replaced (the front matter stays byte for byte,
`editing.split_raw`), so the contribution's fingerprint changes and an approval of it no longer holds; the
earlier text and the new one are kept under `intake/revisions/`, and the record keeps every revision's
sha256, its original and where its text is kept.

The coordinator may decide otherwise: `separate` makes a revision a contribution of its own (the earlier text
goes back), `join` makes a separate contribution a revision of the earlier one. Neither touches what a
volunteer sent (the originals in `intake/`); neither overwrites a text changed in the workbench since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.load.unsorted import UNSORTED_DIR, read_draft
from pipeline.render.write import write_atomic
from pipeline.workflow.editing import split_raw
from pipeline.workflow.intake import contribution
from pipeline.workflow.intake.match import Place
from pipeline.workflow.intake.record import Entry, Record
from pipeline.workflow.intake.revision import Earlier, body_sha, kept_path, revisions_of
from pipeline.workflow.yamledit import write_raw


def _place_and_by(path: Path) -> tuple[str, list[str]]:
    front, _ = read_draft(path)
    key = str(front.get("answers") or front.get("section") or "")
    by = front.get("by")
    people = [str(p) for p in by] if isinstance(by, list) else [str(by)] if by else []
    return key, people


def earlier_of(folder: Path, record: Record, name: str) -> Earlier | None:
    """The contribution `name` (relative to the response folder) as intake last wrote it, if intake did."""
    entries = revisions_of(record, name)
    path = folder / name
    if not entries or name.startswith(f"{UNSORTED_DIR}/") or path.is_symlink() or not path.is_file():
        return None
    _, body, _ = split_raw(path)
    last = entries[-1]
    edited = not last.wrote or body_sha(body) != last.wrote
    sources = tuple(e.source for e in entries)
    return Earlier(path, name, body, last, max(e.revision or 1 for e in entries), edited, sources)


Places = dict[tuple[str, tuple[str, ...]], list[str]]


def places_of(folder: Path, record: Record) -> Places:
    """Each (place, writers) and the contributions intake wrote for it, read once: a run looks candidates up here
    rather than reading every contribution again for each file."""
    found: Places = {}
    for name in dict.fromkeys(e.became for e in record.entries):
        path = folder / name
        if name.startswith(f"{UNSORTED_DIR}/") or path.is_symlink() or not path.is_file():
            continue
        key, by = _place_and_by(path)
        found.setdefault((key, tuple(by)), []).append(name)
    return found


def earlier_for(
    folder: Path, record: Record, key: str, by: Sequence[str], leave_out: str = "", places: Places | None = None
) -> list[Earlier]:
    """Every contribution intake wrote for the place `key` by exactly the people `by` (`places`: as `places_of`
    found them, kept up to date by the caller)."""
    names = (places if places is not None else places_of(folder, record)).get((key, tuple(by)), [])
    found: list[Earlier] = []
    for name in names:
        if name != leave_out and (earlier := earlier_of(folder, record, name)) is not None:
            found.append(earlier)
    return found


def _keep(folder: Path, name: str, revision: int, body: str) -> str:
    path = kept_path(folder, name, revision)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, (body.strip("\n") + "\n").encode("utf-8"))
    return path.relative_to(folder).as_posix()


def write_body(path: Path, body: str) -> None:
    """The text below the front matter replaced; the front matter kept byte for byte."""
    head, _, bom = split_raw(path)
    write_raw(path, head + body.strip("\n") + "\n", bom)


def revise(folder: Path, record: Record, earlier: Earlier, body: str, entry: Entry) -> Entry:
    """`body` (pictures placed) written as revision N+1 of `earlier`; returns the entry recorded."""
    number = earlier.revision + 1
    before = _keep(folder, earlier.name, earlier.revision, earlier.body)
    if not earlier.entry.kept:  # the first revision's text, kept only now that another replaces it
        record.replace_entry(earlier.entry, replace(earlier.entry, kept=before))
    kept = _keep(folder, earlier.name, number, body)
    write_body(earlier.path, body)
    recorded = replace(entry, became=earlier.name, wrote=body_sha(body), revision=number, kept=kept)
    record.add(recorded)
    return recorded


def _entry(record: Record, source: str, shown: str) -> Entry:
    found = [e for e in record.entries if e.source == source]
    if not found:
        raise UsageError(
            f"nothing taken in from {source} is in {shown}'s intake record",
            "give the file's name as intake's report shows it, like  ada/q3 answer v2.docx",
            code="usage.intake-not-taken",
        )
    return found[-1]


def _unchanged(earlier: Earlier, shown: str) -> None:
    if earlier.edited:
        raise UsageError(
            f"{shown}/{earlier.name} was changed in the workbench since intake wrote it, so intake will not rewrite it",
            "make the change by hand: the text of each revision is kept in intake/revisions/",
            code="usage.intake-edited-since",
        )


def separate(folder: Path, record: Record, source: str, shown: str, question_ids: list[str]) -> tuple[str, str]:
    """The revision taken in from `source` made a contribution of its own; the contribution it revised goes back
    to its text before. Returns (the contribution it revised, the new contribution's name)."""
    entry = _entry(record, source, shown)
    if entry.revision < 2:
        raise UsageError(
            f"{source} was not taken in as a new version: it is already its own contribution, {entry.became}",
            "nothing to do",
            code="usage.intake-not-revision",
        )
    entries = revisions_of(record, entry.became)
    if entries[-1] is not entry:
        raise UsageError(
            f"{source} is not the last version of {entry.became}: a later one came in after it",
            "make the change by hand: the text of each revision is kept in intake/revisions/",
            code="usage.intake-not-last",
        )
    earlier = earlier_of(folder, record, entry.became)
    assert earlier is not None
    _unchanged(earlier, shown)
    before = entries[-2]
    kept = folder / before.kept if before.kept else kept_path(folder, entry.became, before.revision or 1)
    previous = kept.read_text(encoding="utf-8")
    key, by = _place_and_by(earlier.path)
    place = Place(answers=key) if key in question_ids else Place(section=key)
    existing = {n: _place_and_by(folder / n)[0] for n in (p.name for p in folder.glob("*.md"))}
    name = contribution.file_name(place, by, existing, [p.name for p in folder.iterdir()], question_ids)
    front = contribution.front_matter(place, by, entry.source, entry.sha256)
    contribution.write_contribution(folder / name, front + earlier.body.strip("\n") + "\n")
    write_body(earlier.path, previous)
    record.replace_entry(entry, replace(entry, became=name, revision=0, kept=""))
    return entry.became, name


def join(folder: Path, record: Record, source: str, shown: str) -> str:
    """The contribution taken in from `source` made a new version of the earlier one by the same people for the
    same place (the closest in words, if several); its own file moves into intake/revisions/. Returns the
    contribution it now revises."""
    from pipeline.workflow.intake.revision import similarity

    entry = _entry(record, source, shown)
    if entry.revision >= 2:
        raise UsageError(
            f"{source} is already a new version of {entry.became}", "nothing to do", code="usage.intake-is-revision"
        )
    own = earlier_of(folder, record, entry.became)
    if own is None:
        raise UsageError(
            f"{entry.became} is not a contribution intake wrote that is still there",
            "make the change by hand",
            code="usage.intake-not-taken",
        )
    _unchanged(own, shown)
    key, by = _place_and_by(own.path)
    others = earlier_for(folder, record, key, by, leave_out=entry.became)
    if not others:
        raise UsageError(
            f"there is no other contribution by {', '.join(by)} for {key} that intake took in",
            "nothing to join it to; leave it as it is",
            code="usage.intake-no-earlier",
        )
    target = max(others, key=lambda e: similarity(e.body, own.body))
    _unchanged(target, shown)
    number = target.revision + 1
    before = _keep(folder, target.name, target.revision, target.body)
    if not target.entry.kept:
        record.replace_entry(target.entry, replace(target.entry, kept=before))
    kept_at = _keep(folder, target.name, number, own.body)
    write_body(target.path, own.body)
    # the draft intake wrote (never the volunteer's original) moves beside its text, so nothing is deleted
    own.path.replace(kept_path(folder, target.name, number).with_suffix(".draft.md"))
    record.replace_entry(entry, replace(entry, became=target.name, revision=number, kept=kept_at))
    return target.name
