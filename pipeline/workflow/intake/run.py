"""One intake run: read every file in the shared folder, then take in what can be matched.

The shared folder is only read: each file is read once into memory, and the
bytes that were checked are the bytes that are converted, hashed and copied.
Files are independent: a bad one is reported and the others still go in. All
reading and matching happens before the first write for a file, so a refused
file leaves the response as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.errors import CoproduceError, Problems, UsageError
from pipeline.load.schema import Contributor
from pipeline.load.unsorted import UNSORTED_DIR
from pipeline.load.workbench import ResponseFolder, Workbench, load_contributors, load_response
from pipeline.privacy.identity import every_name
from pipeline.privacy.matcher import NameMatcher
from pipeline.workflow.intake import contribution, match, pictures
from pipeline.workflow.intake.docx_reader import read_docx
from pipeline.workflow.intake.header import SHOWN_KEY, Header, split_header
from pipeline.workflow.intake.odt_reader import read_odt
from pipeline.workflow.intake.reading import Reading
from pipeline.workflow.intake.record import Entry, Record, load_record
from pipeline.workflow.intake.refusal import Refused
from pipeline.workflow.intake.text_reader import read_markdown, read_plain_text

MAX_TEXT_FILE = 5 * 1024 * 1024
MAX_WORD_FILE = 50 * 1024 * 1024
READERS: dict[str, Callable[[bytes], Reading]] = {
    ".docx": read_docx,
    ".odt": read_odt,
    ".fodt": read_odt,  # LibreOffice's flat (one XML file) form of .odt
    ".md": read_markdown,
    ".txt": read_plain_text,
}
DOCUMENTS = (".docx", ".odt", ".fodt")  # files whose lines are not the Markdown's lines
# things a sync client or an editor leaves behind, never a volunteer's work
IGNORED = re.compile(r"^(\..*|~\$.*|desktop\.ini|thumbs\.db|icon\r?)$", re.IGNORECASE)
WRONG_KIND = {
    ".docm": "it is a macro-enabled Word document, and macros are never taken in",
    ".dotm": "it is a macro-enabled Word template, and macros are never taken in",
    ".doc": "it is an old-style Word file (.doc)",
    ".ods": "it is a spreadsheet (.ods)",
    # no maintained pure-Python reader keeps an .rtf's footnotes, hides its hidden text and drops its tracked
    # deletions, and the one that comes nearest (striprtf) slows to minutes on a small hostile file
    ".rtf": "it is a Rich Text file (.rtf), which intake cannot read without losing footnotes or showing hidden text",
    ".pdf": "it is a PDF, which cannot be turned back into text reliably",
}
SAVE_AS = "save it as Word Document (.docx), or as plain text (.txt), and put that in the folder"

Status = Literal["taken in", "unsorted", "already", "refused"]
# a question named in a file's name: "q3 visiting", "Question 3", "question-3", "Q3"
QUESTION_IN_NAME = re.compile(r"(?<![a-z0-9])(?:q|question)[\s_.-]*(\d+)(?![0-9])", re.IGNORECASE)
QUESTION_FOLDER = re.compile(r"(?:q|question)?[\s_.-]*\d+", re.IGNORECASE)


@dataclass
class Outcome:
    source: str  # path inside the shared folder, with /
    shown: str  # the file as the user would find it
    status: Status
    became: str = ""  # the contribution, as shown
    message: str = ""
    fix: str = ""
    line: int | None = None
    code: str = ""  # why it was refused, as a stable kind (docs/CODES.md)
    notes: list[str] = field(default_factory=list)
    earlier: Entry | None = None
    placed_by: str = ""  # what said where it goes and who wrote it, in words


@dataclass
class _Read:
    """A file read and converted, not yet matched to a response."""

    path: Path
    source: str
    shown: str
    data: bytes
    sha256: str
    folders: tuple[str, ...]  # the subfolders it was in, outermost first
    reading: Reading
    header: Header


def _printable(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]", "?", text)


MOST_FOLDERS = 2  # shared/<person>/<question>/file: deeper than that is not looked in


def gather(shared: Path) -> tuple[list[tuple[Path, tuple[str, ...]]], list[Outcome]]:
    """The files to read, with the subfolders they were in; and what was found but cannot be read."""
    files: list[tuple[Path, tuple[str, ...]]] = []
    refused: list[Outcome] = []

    def look(folder: Path, folders: tuple[str, ...]) -> None:
        for entry in sorted(folder.iterdir()):
            if IGNORED.match(entry.name):
                continue
            if entry.is_symlink():
                if folders:
                    message = "it is a link, which intake does not look in"
                    refused.append(_refused(entry, shared, message, "", code="intake.not-looked-in"))
                else:
                    what = "it is a link to somewhere else, so it was not followed"
                    refused.append(_refused(entry, shared, what, SAVE_AS, code="intake.link"))
            elif entry.is_dir():
                if len(folders) < MOST_FOLDERS:
                    look(entry, (*folders, entry.name))
                else:
                    message = "it is a folder three folders deep, which intake does not look in"
                    refused.append(_refused(entry, shared, message, "", code="intake.not-looked-in"))
            elif entry.is_file():
                files.append((entry, folders))

    look(shared, ())
    return files, refused


def _refused(path: Path, shared: Path, message: str, fix: str, line: int | None = None, *, code: str) -> Outcome:
    source = _printable(path.relative_to(shared).as_posix())
    return Outcome(source, _printable(str(path)), "refused", message=message, fix=fix, line=line, code=code)


def read_one(path: Path, shared: Path, folders: tuple[str, ...]) -> _Read | Outcome:
    """The file read and converted, or why not; whatever goes wrong with one file, the others still come in."""
    try:
        return _read_one(path, shared, folders)
    except (OSError, ValueError, KeyError, IndexError, LookupError, TypeError, AttributeError, RecursionError) as exc:
        kind = {".docx": "Word document", ".odt": "OpenDocument text"}.get(path.suffix.lower(), "file")
        return _refused(
            path,
            shared,
            f"it could not be read as a {kind} ({type(exc).__name__}), so it was skipped",
            "open it and save it again (as Word Document (.docx), or as plain text), then put that in the folder",
            code="intake.unreadable",
        )


def _read_one(path: Path, shared: Path, folders: tuple[str, ...]) -> _Read | Outcome:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        what = WRONG_KIND.get(
            suffix, f"intake takes in .docx, .odt, .md and .txt files, not {suffix or 'files with no ending'}"
        )
        return _refused(path, shared, what, SAVE_AS, code="intake.wrong-kind")
    size = path.stat().st_size
    limit = MAX_WORD_FILE if suffix in DOCUMENTS else MAX_TEXT_FILE
    if size > limit:
        what = f"it is {size // (1024 * 1024)} MB, too big to be a written answer"
        return _refused(path, shared, what, SAVE_AS, code="intake.too-large")
    data = path.read_bytes()
    try:
        reading = READERS[suffix](data)
    except Refused as exc:
        return _refused(
            path, shared, exc.message, exc.fix, exc.line if suffix not in DOCUMENTS else None, code=exc.code
        )
    source = _printable(path.relative_to(shared).as_posix())
    sha = hashlib.sha256(data).hexdigest()
    header = split_header(reading.text)
    return _Read(path, source, _printable(str(path)), data, sha, folders, reading, header)


class Intake:
    """Takes files into one workbench; `into` is the response named on the command line, if any."""

    def __init__(self, wb: Workbench, into: Path | None, now: dt.datetime | None = None) -> None:
        self.wb = wb
        self.into = into
        self.now = now or dt.datetime.now(dt.UTC)
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
        read: list[_Read] = []
        for path, folders in files:
            result = read_one(path, shared, folders)
            if isinstance(result, Outcome):
                outcomes.append(result)
            else:
                read.append(result)
        targets = self._targets(read, outcomes)
        for item in read:
            folder = targets.get(item.source)
            if folder is not None:
                outcomes.append(self._take_safely(item, folder))
        order = {"taken in": 0, "unsorted": 1, "already": 2, "refused": 3}
        return sorted(outcomes, key=lambda o: (order[o.status], o.source))

    def _targets(self, read: list[_Read], outcomes: list[Outcome]) -> dict[str, Path]:
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

    def _already_anywhere(self, item: _Read, known: dict[str, Path], outcomes: list[Outcome]) -> bool:
        for folder in known.values():
            _, record = self.response(folder)
            earlier = record.find(item.sha256)
            if earlier:
                outcomes.append(Outcome(item.source, item.shown, "already", earlier=earlier))
                return True
        return False

    def _refuse(self, item: _Read, message: str, fix: str, line: int | None = None, *, code: str) -> Outcome:
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

    def _take_safely(self, item: _Read, folder: Path) -> Outcome:
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

    def take(self, item: _Read, folder: Path) -> Outcome:
        response, record = self.response(folder)
        earlier = record.find(item.sha256)
        if earlier:
            return Outcome(item.source, item.shown, "already", earlier=earlier)
        written = contribution.written_from(folder, item.sha256, [UNSORTED_DIR])
        if written is not None:
            return self._finish(item, folder, record, written)
        try:
            found = self._match(item, response)
        except Refused as exc:
            return self._refuse(item, exc.message, exc.fix, exc.line, code=exc.code)
        if not item.header.body.strip():
            return self._refuse(
                item, "it has no text under its header lines", "add the answer and send it again", code="intake.empty"
            )
        notes = list(item.reading.notes)
        today = self.now.date()
        notes += [n for pid in found.by if (n := match.withdrawn_note(pid, self.wb.contributors[pid].data, today))]
        placed_by = "; ".join(found.how)
        if found.place is None or not found.by:
            return self._unsorted(item, folder, record, found, notes)
        place, by = found.place, found.by
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
        return Outcome(item.source, item.shown, "taken in", became=shown, notes=notes, placed_by=placed_by)

    def _unsorted(self, item: _Read, folder: Path, record: Record, found: _Placed, notes: list[str]) -> Outcome:
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
        )

    def _write(self, item: _Read, folder: Path, record: Record, path: Path, front: str, notes: list[str]) -> None:
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
        record.add(Entry(item.source, item.sha256, taken_in, copy.relative_to(folder).as_posix(), became, notes))

    def _finish(self, item: _Read, folder: Path, record: Record, written: Path) -> Outcome:
        """A draft an earlier run wrote from this file but did not record (it stopped): recorded now, not rewritten."""
        copy = contribution.copy_path(folder, item.source, item.data)
        contribution.write_original(copy, item.data)
        note = "an earlier intake run stopped after writing this draft; this run recorded it rather than write it again"
        notes = [note, *item.reading.notes]
        taken_in = self.now.isoformat(timespec="seconds")
        became = written.relative_to(folder).as_posix()
        record.add(Entry(item.source, item.sha256, taken_in, copy.relative_to(folder).as_posix(), became, notes))
        status: Status = "unsorted" if became.startswith(f"{UNSORTED_DIR}/") else "taken in"
        shown = self.wb.shown(written)
        fix = f"read it, then  coproduce assign {shown}" if status == "unsorted" else ""
        code = "intake.unsorted" if status == "unsorted" else ""
        return Outcome(item.source, item.shown, status, became=shown, fix=fix, code=code, notes=notes)

    def _match(self, item: _Read, response: ResponseFolder) -> _Placed:
        """Where it goes, from its header lines, else its folder, else its file name; who wrote it,
        from its header lines, else its folder. What nothing says is left unsorted, never guessed;
        what a header line says wrongly is refused, so the volunteer's own words are not overruled."""
        h = item.header
        if h.twice:
            key, line = h.twice[0]
            raise Refused(
                f"'{SHOWN_KEY[key]}:' is given twice", "keep only one of them", line, code="intake.header-twice"
            )
        q, s, by = h.get("question"), h.get("section"), h.get("by")
        if q and q.text and s and s.text:
            raise Refused(
                "it gives both Question: and Section:", "keep only one of them", q.line, code="intake.two-places"
            )
        contributors = {pid: c.data for pid, c in self.wb.contributors.items()}
        found = _Placed()
        folder_people, folder_places, strange = _from_folders(item.folders, response, contributors)
        if q and q.text:
            found.place = match.question(q.text, response, q.line)
            found.how.append("placed by its Question: line")
        elif s and s.text:
            found.place = match.section(s.text, response, s.line)
            found.how.append("placed by its Section: line")
        elif len(folder_places) == 1:
            [(found.place, folder_name)] = folder_places
            found.how.append(f"placed by its folder {folder_name}/")
        elif folder_places:
            found.why.append(f"its folders name more than one place ({', '.join(n + '/' for _, n in folder_places)})")
        else:
            self._place_from_name(item, response, found)
        if found.place is not None and (q or s):  # the volunteer's own line is followed; say what differed
            for other, folder_name in folder_places:
                if other.key != found.place.key:
                    found.how.append(f"its folder {folder_name}/ says {other.key}, but its header line was followed")
        if by and by.text:
            people = match.people(by.text, contributors, by.line)
            if folder_people and people != [pid for pid, _ in folder_people]:
                raise Refused(
                    f"it is in the folder {folder_people[0][1]}/ but says Written by: {by.text}",
                    "move it to the right folder, or correct the Written by: line",
                    by.line,
                    code="intake.folder-mismatch",
                )
            found.by = people
            found.how.append("author from its Written by: line")
        elif len(folder_people) == 1:
            [(pid, folder_name)] = folder_people
            found.by = [pid]
            found.how.append(f"author from its folder {folder_name}/")
        elif folder_people:
            found.why.append(f"its folders name more than one person ({', '.join(n + '/' for _, n in folder_people)})")
        else:
            found.why.append(
                "it does not say who wrote it (no Written by: line, and no folder named after a contributor)"
            )
        if found.why:
            found.why += strange
        return found

    def _place_from_name(self, item: _Read, response: ResponseFolder, found: _Placed) -> None:
        numbers = sorted({int(m.group(1)) for m in QUESTION_IN_NAME.finditer(item.path.stem)})
        if len(numbers) == 1:
            try:
                found.place = match.question(str(numbers[0]), response)
                found.how.append(f"placed by its file name ({_printable(item.path.name)})")
            except Refused as exc:
                found.why.append(f"its file name says question {numbers[0]}, but {exc.message}")
        elif numbers:
            found.why.append(f"its file name names more than one question ({', '.join(map(str, numbers))})")
        else:
            found.why.append(
                "it does not say which question or section it is for (no Question: or Section: line, "
                "and neither its folder nor its file name names one)"
            )


@dataclass
class _Placed:
    """What a file says of itself: where it goes and who wrote it, how that was known, and what is missing."""

    place: match.Place | None = None
    by: list[str] = field(default_factory=list)
    how: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)


def _from_folders(
    folders: tuple[str, ...], response: ResponseFolder, contributors: dict[str, Contributor]
) -> tuple[list[tuple[str, str]], list[tuple[match.Place, str]], list[str]]:
    """Each subfolder read as a contributor, else a question (q3, question-3, 3) or a section; and
    what the folders that are neither are, in words."""
    people: list[tuple[str, str]] = []
    places: list[tuple[match.Place, str]] = []
    strange: list[str] = []
    question_ids = {q.id.lower() for q in response.data.questions}
    for name in folders:
        shown = _printable(name)
        try:
            people.append((match.person(name, contributors), shown))
            continue
        except Refused:
            pass
        if QUESTION_FOLDER.fullmatch(name.strip()) or name.strip().lower() in question_ids:
            try:
                places.append((match.question(re.sub(r"[_.-]+", " ", name), response), shown))
            except Refused as exc:
                strange.append(f"the folder {shown}/ names a question, but {exc.message}")
            continue
        try:
            places.append((match.section(name, response), shown))
        except Refused:
            strange.append(f"the folder {shown}/ is not a contributor, a question or a section")
    people = list({pid: (pid, n) for pid, n in people}.values())
    places = list({p.key: (p, n) for p, n in places}.values())
    return people, places, strange
