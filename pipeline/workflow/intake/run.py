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
from pipeline.vocabulary import question_labels
from pipeline.workflow.intake import contribution, match, parts, pictures, placing, revising, same, versions
from pipeline.workflow.intake.gather import DOCUMENTS, Outcome, ReadFile, Status, gather, read_one
from pipeline.workflow.intake.gather import READERS as READERS  # one dict: a test swaps a reader in it
from pipeline.workflow.intake.header import MARKER, MARKER_WITHIN, plain
from pipeline.workflow.intake.placing import Placed
from pipeline.workflow.intake.record import Entry, Record, load_record
from pipeline.workflow.intake.refusal import Refused
from pipeline.workflow.intake.revision import base_name, body_sha, decide, says_version


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
        self.places: dict[str, revising.Places] = {}  # slug -> contributions intake wrote, by place and writers

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
                taken = self._take_safely(item, folder)
                outcomes.extend(taken if isinstance(taken, list) else [taken])
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

    def _take_safely(self, item: ReadFile, folder: Path) -> Outcome | list[Outcome]:
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

    def take(self, item: ReadFile, folder: Path) -> Outcome | list[Outcome]:
        response, record = self.response(folder)
        earlier = record.find(item.sha256, item.words, same.family, item.source)
        if earlier:
            return _already(item, earlier)
        written = contribution.written_from(folder, item.sha256, [UNSORTED_DIR])
        try:
            found = placing.place(item, response, {pid: c.data for pid, c in self.wb.contributors.items()})
        except Refused as exc:
            if written is not None:
                return self._finish(item, folder, record, written)
            return self._refuse(item, exc.message, exc.fix, exc.line, code=exc.code)
        if written is not None and not self._several(item, folder, found):
            return self._finish(item, folder, record, written)
        if not item.header.body.strip():
            return self._refuse(
                item, "it has no text under its header lines", "add the answer and send it again", code="intake.empty"
            )
        notes = [*item.reading.notes, *_copy_note(item, record)]
        today = self.now.date()
        notes += [n for pid in found.by if (n := match.withdrawn_note(pid, self.wb.contributors[pid].data, today))]
        placed_by = "; ".join(found.how)
        if (several := self._parts(item, folder, found, notes)) is not None:
            return several
        if not found.by and self._several(item, folder, replace(found, by=["?"])) is not None:
            found.why.append(
                "it answers several questions, each under its heading, but does not say who wrote it: once you know, "
                "send it again with its Written by: line filled in, and each answer comes in under its question"
            )
        if found.place is None or not found.by:
            return self._unsorted(item, folder, record, found, notes)
        return self._place_one(item, folder, found.place, found.by, notes, placed_by)

    def _place_one(
        self, item: ReadFile, folder: Path, place: match.Place, by: list[str], notes: list[str], placed_by: str
    ) -> Outcome:
        """`item` (or a part of it) written as the contribution for `place` by `by`, or as a new version of one."""
        response, record = self.response(folder)
        places = self.places.get(response.slug)
        if places is None:
            places = self.places[response.slug] = revising.places_of(folder, record)
        earlier = revising.earlier_for(folder, record, place.key, by, places=places)
        decision = decide(earlier, item.source, item.header.body)
        fresh = decision is not None and (not decision.earlier.edited or versions.written(item, decision))
        if decision is not None and decision.revision and fresh:
            return versions.take_revision(self.wb, self.now, item, folder, record, decision, notes, placed_by)
        decided = versions.second_answer(self.wb, decision, place.key, by) if decision is not None else ""
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
        places.setdefault((place.key, tuple(by)), []).append(name)
        return Outcome(
            item.source,
            item.shown,
            "taken in",
            became=self.wb.shown(path),
            notes=notes,
            placed_by=placed_by,
            marked=item.reading.marked,
            decided=decided,
            change=change,
        )

    def _parts(self, item: ReadFile, folder: Path, found: Placed, notes: list[str]) -> list[Outcome] | None:
        """A file answering several questions (the response's template, filled in): each part under its question,
        credited to the file's writer, as a contribution of its own; None when it is not such a file."""
        response, record = self.response(folder)
        split = self._several(item, folder, found)
        if split is None:
            return None
        answered, before = split
        labels = question_labels([q.id for q in response.data.questions])
        said = [*notes]
        if before:
            said.append(
                f"it has words before its first question, not taken in: \u201c{' '.join(before.split()[:12])}"
                " …\u201d; copy them into the right answer by hand"
            )
        if not answered:
            fix = "write at least one answer under its question, and send it again"
            return [self._refuse(item, "every question in it is empty", fix, code="intake.empty")]
        how = f"one of {len(answered)} answers in it, placed by its heading; author from " + "; ".join(found.how)
        outcomes = []
        for part in answered:
            piece = replace(item, header=replace(item.header, body=part.body))
            placed = f"question {labels[part.qid]}: {how}"
            drafted = contribution.written_from(folder, item.sha256, [], answers=part.qid)
            if drafted is not None:  # an earlier run wrote this part, then stopped: recorded now, not written again
                outcomes.append(self._finish(piece, folder, record, drafted))
                continue
            outcomes.append(self._place_one(piece, folder, match.Place(answers=part.qid), found.by, said, placed))
        return outcomes

    def _several(self, item: ReadFile, folder: Path, found: Placed) -> tuple[list[parts.Part], str] | None:
        if item.header.get("question") or item.header.get("section") or not found.by:
            return None
        template = any(MARKER.match(plain(ln)) for ln in item.reading.text.split("\n")[:MARKER_WITHIN])
        return parts.split(item.header.body, self.response(folder)[0], template)

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
