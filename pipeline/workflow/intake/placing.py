"""Where a file goes and who wrote it, from what it says of itself: its header lines, else its folders, else its
file name. What nothing says is left unsorted, never guessed; what a header line says wrongly is refused."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.load.schema import Contributor
from pipeline.load.workbench import ResponseFolder
from pipeline.workflow.intake import match
from pipeline.workflow.intake.gather import ReadFile, printable
from pipeline.workflow.intake.header import SHOWN_KEY
from pipeline.workflow.intake.refusal import Refused

# a question named in a file's name: "q3 visiting", "Question 3", "question-3", "Q3"; a sub-question "q3a", "Q3(a)"
QUESTION_IN_NAME = re.compile(
    r"(?<![a-z0-9])(?:q|question)[\s_.-]*(?P<n>\d+)(?:\s*\((?P<p>[a-z])\)|(?P<l>[a-z])(?![a-z]))?(?![0-9])",
    re.IGNORECASE,
)
QUESTION_FOLDER = re.compile(r"(?:q|question)?[\s_.-]*\d+(?:\s*\([a-z]\)|[a-z])?", re.IGNORECASE)


@dataclass
class Placed:
    """What a file says of itself: where it goes and who wrote it, how that was known, and what is missing."""

    place: match.Place | None = None
    by: list[str] = field(default_factory=list)
    how: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)


def _from_folders(
    folders: tuple[str, ...], response: ResponseFolder, contributors: Mapping[str, Contributor]
) -> tuple[list[tuple[str, str]], list[tuple[match.Place, str]], list[str]]:
    """Each subfolder read as a contributor, else a question (q3, question-3, 3) or a section; and
    what the folders that are neither are, in words."""
    people: list[tuple[str, str]] = []
    places: list[tuple[match.Place, str]] = []
    strange: list[str] = []
    question_ids = {q.id.lower() for q in response.data.questions}
    for name in folders:
        shown = printable(name)
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


def place(item: ReadFile, response: ResponseFolder, contributors: Mapping[str, Contributor]) -> Placed:
    """Where it goes, from its header lines, else its folder, else its file name; who wrote it,
    from its header lines, else its folder. What nothing says is left unsorted, never guessed;
    what a header line says wrongly is refused, so the volunteer's own words are not overruled."""
    h = item.header
    if h.twice:
        key, line = h.twice[0]
        raise Refused(f"'{SHOWN_KEY[key]}:' is given twice", "keep only one of them", line, code="intake.header-twice")
    q, s, by = h.get("question"), h.get("section"), h.get("by")
    if q and q.text and s and s.text:
        raise Refused("it gives both Question: and Section:", "keep only one of them", q.line, code="intake.two-places")
    found = Placed()
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
        _place_from_name(item, response, found)
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
        found.why.append("it does not say who wrote it (no Written by: line, and no folder named after a contributor)")
    if found.why:
        found.why += strange
    return found


def _place_from_name(item: ReadFile, response: ResponseFolder, found: Placed) -> None:
    named = {(int(m["n"]), (m["p"] or m["l"] or "").lower()) for m in QUESTION_IN_NAME.finditer(item.path.stem)}
    numbers = [f"{n}{letter}" for n, letter in sorted(named)]
    if len(numbers) == 1:
        try:
            found.place = match.question(numbers[0], response)
            found.how.append(f"placed by its file name ({printable(item.path.name)})")
        except Refused as exc:
            found.why.append(f"its file name says question {numbers[0]}, but {exc.message}")
    elif numbers:
        found.why.append(f"its file name names more than one question ({', '.join(map(str, numbers))})")
    else:
        found.why.append(
            "it does not say which question or section it is for (no Question: or Section: line, "
            "and neither its folder nor its file name names one)"
        )
