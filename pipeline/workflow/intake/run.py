"""One intake run: read every file in the shared folder (`gather`), then take in what can be placed (`placing`).

Files are independent: a bad one is reported and the others still go in. All
reading and matching happens before the first write for a file, so a refused
file leaves the response as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from pathlib import Path

from pipeline.errors import CoproduceError, Problems, UsageError
from pipeline.load.unsorted import UNSORTED_DIR
from pipeline.load.workbench import ResponseFolder, Workbench, load_contributors, load_response
from pipeline.privacy.identity import every_name
from pipeline.privacy.matcher import NameMatcher
from pipeline.workflow.intake import contribution, match, pictures, placing, revising, same
from pipeline.workflow.intake.gather import DOCUMENTS, Outcome, ReadFile, Status, gather, read_one
from pipeline.workflow.intake.gather import READERS as READERS  # one dict: a test swaps a reader in it
from pipeline.workflow.intake.placing import Placed
from pipeline.workflow.intake.record import Entry, Record, load_record
from pipeline.workflow.intake.refusal import Refused
from pipeline.workflow.intake.revision import Decision, base_name, body_sha, decide, says_version, word_diff


def started(today: dt.date) -> dt.datetime:
    """When a run of intake happened, for its record and the template: `today` (from the caller's settings, the one
    reader of the clock) at midnight UTC, so intake reads no clock of its own."""
    return dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)


class Intake:
    """Takes files into one workbench; `into` is the response named on the command line, if any; `now` is
    when, given by the caller from the one clock (`settings.make_settings().today`): intake reads no clock."""

    def __init__(self, wb: Workbench, into: Path | None, now: dt.datetime) -> None:
        self.wb = wb
        self.into = into
        self.now = now
        problems = Problems()
        load_contributors(wb, problems)
        if bad := [p for p in problems.blocking() if p.path.startswith("contributors")]:
            raise CoproduceError(bad, "fix the contributor files first: intake matches names against them")
        self.responses: dict[str, ResponseFolder] = {}
        self.records: dict[str, Record] = {}
        self.added: dict[str, dict[str, str]] = {}  # slug -> contribution name -> place, written this run

    def response(self, folder: Path) -> tuple[ResponseFolder, Record]:
        slug = folder.name
        if slug not in self.responses:
            problems = Problems()
            loaded = load_response(self.wb, folder, problems)
            if loaded is None:
                raise CoproduceError(problems.blocking(), f"fix {self.wb.shown(folder)}/response.yaml first")
            self.responses[slug] = loaded
            self.records[slug] = load_record(folder, self.wb.shown(folder / "intake" / "record.yaml"))
        return self.responses[slug], self.records[slug]

    def run(self, shared: Path) -> list[Outcome]:
        files, outcomes = gather(shared)
        read: list[ReadFile] = []
        for path, folders in files:
            result = read_one(path, shared, folders)
            if isinstance(result, Outcome):
                outcomes.append(result)
            else:
                read.append(result)
        # an original before a sync client's copy of it, so the copy is the one reported as the same file
        sources = {item.source for item in read}
        # and a file whose name says it is a new version after the file it is one of ("x v2.docx" after "x.docx")
        bases = Counter(base_name(s) for s in sources)
        read.sort(
            key=lambda item: (
                same.original_of(item.source) in sources,
                bases[base_name(item.source)] > 1 and says_version(item.source),
                item.source,
            )
        )
        targets = self._targets(read, outcomes)
        for item in read:
            folder = targets.get(item.source)
            if folder is not None:
                outcomes.append(self._take_safely(item, folder))
        order = {"taken in": 0, "unsorted": 1, "already": 2, "refused": 3}
        return sorted(outcomes, key=lambda o: (order[o.status], o.source))

    def _targets(self, read: list[ReadFile], outcomes: list[Outcome]) -> dict[str, Path]:
        """The response folder of each file; a file no response can be found for stops the whole run."""
        known = {p.name: p for p in self.wb.response_dirs()}
        targets: dict[str, Path] = {}
        unknown: list[str] = []
        for item in read:
            said = item.header.get("response")
            wanted = said.text.strip().removeprefix("responses/").strip("/") if said else ""
            said_line = said.line if said else None
            if self.into is not None:
                if wanted and wanted != self.into.name:
                    outcomes.append(
                        self._refuse(
                            item,
                            f"it says Response: {wanted}, but you asked for --into {self.into.name}",
                            "correct the Response: line, or run intake again with the right --into",
                            said_line,
                            code="intake.wrong-response",
                        )
                    )
                    continue
                targets[item.source] = self.into
            elif wanted:
                if wanted not in known:
                    fix = f"write one of: {', '.join(known) or 'none yet'}"
                    outcomes.append(
                        self._refuse(
                            item,
                            f"there is no response '{wanted}'",
                            fix,
                            said.line if said else None,
                            code="intake.unknown-response",
                        )
                    )
                    continue
                targets[item.source] = known[wanted]
            elif len(known) == 1:
                targets[item.source] = next(iter(known.values()))
            elif self._already_anywhere(item, known, outcomes):
                continue
            else:
                unknown.append(item.source)
        if unknown:
            raise UsageError(
                f"{', '.join(unknown)} {'does' if len(unknown) == 1 else 'do'} not say which response "
                f"{'it is' if len(unknown) == 1 else 'they are'} for, and this workbench has {len(known)}",
                f"run again with --into and one of: {', '.join(known)}; or add a line like  Response: <one of them>",
                code="usage.intake-which-response",
            )
        return targets

    def _already_anywhere(self, item: ReadFile, known: dict[str, Path], outcomes: list[Outcome]) -> bool:
        for folder in known.values():
            _, record = self.response(folder)
            earlier = record.find(item.sha256, item.words, same.family, item.source)
            if earlier:
                outcomes.append(_already(item, earlier))
                return True
        return False

    def _refuse(self, item: ReadFile, message: str, fix: str, line: int | None = None, *, code: str) -> Outcome:
        # a line number means something only in a text file; in Word it would be a line of our Markdown
        line = None if item.path.suffix.lower() in DOCUMENTS else line
        return Outcome(
            item.source,
            item.shown,
            "refused",
            message=message,
            fix=fix,
            line=line,
            code=code,
            notes=item.reading.notes,
        )

    def _take_safely(self, item: ReadFile, folder: Path) -> Outcome:
        """One file taken in; what goes wrong with it is reported, and the other files still come in."""
        try:
            return self.take(item, folder)
        except (OSError, ValueError, KeyError, IndexError, LookupError, TypeError, AttributeError) as exc:
            return self._refuse(
                item,
                f"it could not be taken in ({type(exc).__name__}), so it was skipped",
                "run intake again; if it is refused again, open it and save it again under a new name",
                code="intake.failed",
            )

    def take(self, item: ReadFile, folder: Path) -> Outcome:
        response, record = self.response(folder)
        earlier = record.find(item.sha256, item.words, same.family, item.source)
        if earlier:
            return _already(item, earlier)
        written = contribution.written_from(folder, item.sha256, [UNSORTED_DIR])
        if written is not None:
            return self._finish(item, folder, record, written)
        try:
            found = placing.place(item, response, {pid: c.data for pid, c in self.wb.contributors.items()})
        except Refused as exc:
            return self._refuse(item, exc.message, exc.fix, exc.line, code=exc.code)
        if not item.header.body.strip():
            return self._refuse(
                item, "it has no text under its header lines", "add the answer and send it again", code="intake.empty"
            )
        notes = [*item.reading.notes, *_copy_note(item, record)]
        today = self.now.date()
        notes += [n for pid in found.by if (n := match.withdrawn_note(pid, self.wb.contributors[pid].data, today))]
        placed_by = "; ".join(found.how)
        if found.place is None or not found.by:
            return self._unsorted(item, folder, record, found, notes)
        place, by = found.place, found.by
        decision = decide(revising.earlier_for(folder, record, place.key, by), item.source, item.header.body)
        if decision is not None and decision.revision and (not decision.earlier.edited or _written(item, decision)):
            return self._revise(item, folder, record, decision, notes, placed_by)
        decided = self._second(item, folder, decision, place.key, by) if decision is not None else ""
        change = "revision" if decision is not None and not decision.revision else ""
        existing = {c.name: c.meta.answers or c.meta.section or "" for c in response.contributions}
        existing.update(self.added.setdefault(response.slug, {}))
        taken = [p.name for p in folder.iterdir()]
        try:
            name = contribution.file_name(place, by, existing, taken, [q.id for q in response.data.questions])
        except UsageError as exc:  # a file named by hand leaves no number between; the other files still come in
            first = exc.problems[0]
            return self._refuse(item, first.message, first.fix, code=first.code)
        path = folder / name
        self._write(item, folder, record, path, contribution.front_matter(place, by, item.source, item.sha256), notes)
        self.added[response.slug][name] = place.key  # later files in this run sort after this one
        shown = self.wb.shown(path)
        marked = item.reading.marked
        return Outcome(
            item.source,
            item.shown,
            "taken in",
            became=shown,
            notes=notes,
            placed_by=placed_by,
            marked=marked,
            decided=decided,
            change=change,
        )

    def _second(self, item: ReadFile, folder: Path, decision: Decision, key: str, by: list[str]) -> str:
        """Why a file by the same people for the same place as an earlier one is taken in as its own contribution,
        and how to make it a new version of that one instead."""
        earlier = self.wb.shown(decision.earlier.path)
        if decision.revision:  # it is one, but the earlier text was changed in the workbench: both are kept
            return (
                f"it looks like a new version of {earlier} ({_why(decision)}), but {earlier} was changed in the "
                "workbench since intake wrote it, so it was not replaced: both are kept; merge the two by hand, "
                "then delete the one you do not need"
            )
        return (
            f"a second answer by {', '.join(by)} to {key}, beside {earlier} (only {_share(decision)} of its words "
            "are the same, and its name does not say it is a new version)"
        )

    def _revise(
        self, item: ReadFile, folder: Path, record: Record, decision: Decision, notes: list[str], placed_by: str
    ) -> Outcome:
        """A new version written into the contribution it revises; the earlier text kept (`revising.revise`)."""
        earlier = decision.earlier
        body = item.header.body.strip("\n")
        if item.reading.pictures:
            stem = f"{earlier.path.stem}-r{earlier.revision + 1}"
            body = pictures.place(body, item.reading.pictures, earlier.path.parent, stem, folder)
        copy = contribution.copy_path(folder, item.source, item.data)
        contribution.write_original(copy, item.data)
        entry = Entry(
            item.source, item.sha256, self.now.isoformat(timespec="seconds"), copy.relative_to(folder).as_posix(), ""
        )
        entry = revising.revise(folder, record, earlier, body, replace(entry, notes=notes, words=item.words))
        shown = self.wb.shown(earlier.path)
        decided = (
            f"revision of {shown} ({_why(decision)}): its text is now this version's; the earlier text is kept in "
            f"{self.wb.shown(folder / entry.kept).rsplit('/', 1)[0]}/; any approval of it no longer holds, so read "
            "it and approve it again"
        )
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

    def _unsorted(self, item: ReadFile, folder: Path, record: Record, found: Placed, notes: list[str]) -> Outcome:
        """A draft in unsorted/, which no build reads, until  coproduce assign  files it."""
        waiting = folder / UNSORTED_DIR
        taken = [p.name for p in waiting.iterdir()] if waiting.is_dir() else []
        everyone = {pid: c.data for pid, c in self.wb.contributors.items()}
        name = contribution.unsorted_name(item.source, taken, NameMatcher(every_name(everyone)))
        path = waiting / name
        why = "; ".join(found.why)
        front = contribution.front_matter(found.place, found.by, item.source, item.sha256)
        self._write(item, folder, record, path, front, [f"unsorted: {why}", *notes])
        shown = self.wb.shown(path)
        where = "" if found.place else " <question>"
        who = "" if found.by else " --by <contributor id>"
        return Outcome(
            item.source,
            item.shown,
            "unsorted",
            became=shown,
            message=why,
            fix=f"read it, then  coproduce assign {shown}{where}{who}",
            code="intake.unsorted",
            notes=notes,
            placed_by="; ".join(found.how),
            marked=item.reading.marked,
        )

    def _write(self, item: ReadFile, folder: Path, record: Record, path: Path, front: str, notes: list[str]) -> None:
        """Pictures, then the draft, then the original's copy, then the record: the draft names its original's
        sha256, so a run stopped before the record is written is finished by the next (`_finish`), not repeated."""
        body = item.header.body.strip("\n")
        if item.reading.pictures:
            body = pictures.place(body, item.reading.pictures, path.parent, path.stem, folder)
        contribution.write_contribution(path, front + body + "\n")
        copy = contribution.copy_path(folder, item.source, item.data)
        contribution.write_original(copy, item.data)
        taken_in = self.now.isoformat(timespec="seconds")
        became = path.relative_to(folder).as_posix()
        copied = copy.relative_to(folder).as_posix()
        wrote = body_sha(body) if path.parent == folder else ""
        record.add(Entry(item.source, item.sha256, taken_in, copied, became, notes, item.words, wrote))

    def _finish(self, item: ReadFile, folder: Path, record: Record, written: Path) -> Outcome:
        """A draft an earlier run wrote from this file but did not record (it stopped): recorded now, not rewritten."""
        copy = contribution.copy_path(folder, item.source, item.data)
        contribution.write_original(copy, item.data)
        note = "an earlier intake run stopped after writing this draft; this run recorded it rather than write it again"
        notes = [note, *item.reading.notes]
        taken_in = self.now.isoformat(timespec="seconds")
        became = written.relative_to(folder).as_posix()
        copied = copy.relative_to(folder).as_posix()
        record.add(Entry(item.source, item.sha256, taken_in, copied, became, notes, item.words))
        status: Status = "unsorted" if became.startswith(f"{UNSORTED_DIR}/") else "taken in"
        shown = self.wb.shown(written)
        fix = f"read it, then  coproduce assign {shown}" if status == "unsorted" else ""
        code = "intake.unsorted" if status == "unsorted" else ""
        return Outcome(item.source, item.shown, status, became=shown, fix=fix, code=code, notes=notes)


def _written(item: ReadFile, decision: Decision) -> bool:
    """A new version an earlier run wrote but did not record (it stopped): its text is already there."""
    return not item.reading.pictures and body_sha(decision.earlier.body) == body_sha(item.header.body)


def _share(decision: Decision) -> str:
    return f"{round(decision.share * 100)}%"


def _why(decision: Decision) -> str:
    said = ["its name says so"] if decision.by_name else []
    return "; ".join([*said, f"{_share(decision)} of its words are the same"])


def _already(item: ReadFile, earlier: Entry) -> Outcome:
    """A file taken in before; said in words when it is another file with the same words."""
    message = ""
    if earlier.sha256 != item.sha256:
        how = "a sync client's copy of it" if same.original_of(item.source) == earlier.source else "saved again"
        message = (
            f"it has the same words as {earlier.source} ({how}), so it is the same file and was not taken in again"
        )
    return Outcome(item.source, item.shown, "already", earlier=earlier, message=message)


def _copy_note(item: ReadFile, record: Record) -> list[str]:
    """A sync client's copy with words of its own is taken in, saying which file it copies, to compare."""
    original = same.original_of(item.source)
    if original is not None and any(e.source == original for e in record.entries):
        return [f"its name says it is a sync client's copy of {original}, but its words differ: compare the two drafts"]
    twin = record.same_words(item.words)
    if twin is not None:
        return [
            f"it has the same words as {twin.source}, taken in as {twin.became}: check it is not the same answer twice"
        ]
    return []
