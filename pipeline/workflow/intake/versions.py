"""What intake says and does when a file is by the same people for the same place as an earlier contribution:
a new version written into it (`revising.revise`), or a second answer said in words (`revision.decide` decides)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from pipeline.load.workbench import Workbench
from pipeline.workflow.intake import contribution, pictures
from pipeline.workflow.intake.gather import Outcome, ReadFile
from pipeline.workflow.intake.record import Entry, Record
from pipeline.workflow.intake.revising import revise
from pipeline.workflow.intake.revision import Decision, body_sha, word_diff


def second_answer(wb: Workbench, decision: Decision, key: str, by: list[str]) -> str:
    """Why a file by the same people for the same place as an earlier one is taken in as its own contribution,
    and how to make it a new version of that one instead."""
    earlier = wb.shown(decision.earlier.path)
    if decision.revision:  # it is one, but the earlier text was changed in the workbench: both are kept
        return (
            f"it looks like a new version of {earlier} ({why(decision)}), but {earlier} was changed in the "
            "workbench since intake wrote it, so it was not replaced: both are kept; merge the two by hand, "
            "then delete the one you do not need"
        )
    return (
        f"a second answer by {', '.join(by)} to {key}, beside {earlier} (only {share(decision)} of its words "
        "are the same, and its name does not say it is a new version)"
    )


def take_revision(
    wb: Workbench,
    now: dt.datetime,
    item: ReadFile,
    folder: Path,
    record: Record,
    decision: Decision,
    notes: list[str],
    placed_by: str,
) -> Outcome:
    """A new version written into the contribution it revises; the earlier text kept (`revising.revise`)."""
    earlier = decision.earlier
    body = item.header.body.strip("\n")
    if item.reading.pictures:
        stem = f"{earlier.path.stem}-r{earlier.revision + 1}"
        body = pictures.place(body, item.reading.pictures, earlier.path.parent, stem, folder)
    copy = contribution.copy_path(folder, item.source, item.data)
    contribution.write_original(copy, item.data)
    entry = Entry(item.source, item.sha256, now.isoformat(timespec="seconds"), copy.relative_to(folder).as_posix(), "")
    entry = revise(folder, record, earlier, body, replace(entry, notes=notes, words=item.words))
    shown = wb.shown(earlier.path)
    kept = wb.shown(folder / entry.kept).rsplit("/", 1)[0]
    if body_sha(body) == body_sha(earlier.body):
        then = "its text is the same as before, so an approval of it still holds"
    else:
        then = "its text is now this version's; any approval of it no longer holds, so read it and approve it again"
    decided = f"revision of {shown} ({why(decision)}): {then}; each version's text is kept in {kept}/"
    return Outcome(
        item.source,
        item.shown,
        "taken in",
        became=shown,
        notes=notes,
        placed_by=placed_by,
        marked=item.reading.marked,
        revision_of=shown,
        changes=word_diff(earlier.body, body),
        decided=decided,
        change="separate",
    )


def written(item: ReadFile, decision: Decision) -> bool:
    """A new version an earlier run wrote but did not record (it stopped): its text is already there."""
    return not item.reading.pictures and body_sha(decision.earlier.body) == body_sha(item.header.body)


def share(decision: Decision) -> str:
    return f"{round(decision.share * 100)}%"


def why(decision: Decision) -> str:
    said = ["its name says so"] if decision.by_name else []
    return "; ".join([*said, f"{share(decision)} of its words are the same"])
