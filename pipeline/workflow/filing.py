"""`coproduce assign` and the workbench's "move it to another question": one function files a contribution.

A draft intake left in `unsorted/` is filed by `intake/assign.py`; a contribution already filed is moved
here: its `answers:` (or `section:`) line changes in place, by the careful editor, and the file is renamed
with a number as `coproduce add` numbers files, so file order stays answer order. Its words, its other
front matter and its pictures stay as they are; the intake record follows the new name.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pipeline.errors import CoproduceError, Problems, UsageError
from pipeline.load.schema import FrontMatter
from pipeline.load.unsorted import UNSORTED_DIR, read_draft
from pipeline.load.workbench import Workbench, load_contributors, load_response
from pipeline.vocabulary import NUMBER, numbered, rank_of
from pipeline.workflow import scaffold
from pipeline.workflow.editing import must_load
from pipeline.workflow.intake import match
from pipeline.workflow.intake.assign import assign
from pipeline.workflow.intake.record import load_record
from pipeline.workflow.intake.refusal import Refused
from pipeline.workflow.starting import check_writers, keep_withdrawn
from pipeline.workflow.yamledit import (
    EditError,
    cannot_edit,
    front_matter_span,
    read_raw,
    remove_yaml_field,
    set_yaml_field,
    write_raw,
)


def file_contribution(
    wb: Workbench,
    path: Path,
    question: str | None,
    section: str | None,
    by: tuple[str, ...] | list[str] = (),
    *,
    today: dt.date,
) -> Path:
    """File `path` under `question` (q3, or 3) or `section`, written by `by` (or as it says); returns where it is."""
    if path.parent.name == UNSORTED_DIR:
        known = read_draft(path)[0].get("by") if path.is_file() and not path.is_symlink() else None
        if by and isinstance(known, list):  # what intake knew of a withdrawn writer is not overruled either
            if not wb.contributors:
                load_contributors(wb, Problems())
            keep_withdrawn(wb, [str(p) for p in known], list(by), today)
        return assign(wb, path, question, section, tuple(by))
    return move(wb, path, question, section, tuple(by), today=today)


def move(
    wb: Workbench, path: Path, question: str | None, section: str | None, by: tuple[str, ...] = (), *, today: dt.date
) -> Path:
    """Move a filed contribution to another question or section (and, if `by` is given, to those writers)."""
    folder = path.parent
    shown = wb.shown(path)
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, folder, problems) if (folder / "response.yaml").is_file() else None
    c = next((c for c in response.contributions if c.path.resolve() == path.resolve()), None) if response else None
    if response is None or c is None or path.is_symlink():
        blocking = [p for p in problems.blocking(draft=True) if p.path == shown]
        if blocking:
            raise CoproduceError(blocking, f"fix {shown} first")
        raise UsageError(
            f"{shown} is not a draft waiting in a response's {UNSORTED_DIR}/ folder, nor a contribution filed in one",
            f"give a .md file in a response folder, or a draft in responses/<slug>/{UNSORTED_DIR}/",
            code="usage.not-a-contribution",
        )
    if bool(question) == bool(section):
        raise UsageError("say where it goes: a question or --section NAME, not both", "like  q3", code="usage.where")
    try:
        place = match.question(question, response) if question else match.section(section or "", response)
    except Refused as exc:
        code = "usage.unknown-question" if question else "usage.bad-section"
        raise UsageError(exc.message, exc.fix, code=code) from None
    if by:
        keep_withdrawn(wb, (*c.meta.by, *c.meta.handed_over_from), list(by), today)
    people = check_writers(wb, by, today) if by else list(c.meta.by)
    was = c.meta.answers or c.meta.section or ""
    if place.key == was and people == list(c.meta.by):
        raise UsageError(f"{shown} is already filed under {was}", "choose another place", code="usage.already-placed")
    raw, bom = read_raw(path)
    span = front_matter_span(raw)
    if span is None:
        raise cannot_edit(shown, f"answers: {place.key}", "no front matter")
    head = raw[span.start : span.end]
    try:
        if place.answers:
            head = remove_yaml_field(remove_yaml_field(head, ("section",)), ("title",))
            head = set_yaml_field(head, ("answers",), place.answers)
        else:
            head = set_yaml_field(remove_yaml_field(head, ("answers",)), ("section",), place.section)
            if place.title:
                head = set_yaml_field(head, ("title",), place.title)
        if people != list(c.meta.by):
            head = set_yaml_field(head, ("by",), people)
    except EditError as exc:
        raise cannot_edit(shown, f"answers: {place.key}", str(exc)) from None
    must_load(head, shown, FrontMatter)
    new = folder / _new_name(folder, c.path.name, was, place.key, [q.id for q in response.data.questions])
    if new.exists():
        raise UsageError(f"{new.name} already exists", "try again", code="usage.file-exists")
    write_raw(path, raw[: span.start] + head + raw[span.end :], bom)
    os.replace(path, new)  # one rename: the file is under its old name or its new one, never both or neither
    load_record(folder, wb.shown(folder / "intake" / "record.yaml")).moved(path.name, new.name)
    return new


def _new_name(folder: Path, name: str, was: str, key: str, ids: list[str]) -> str:
    """The number `add` would give a file of `key` now, and the name's words with the old place swapped."""
    numbers = [
        (n, r)
        for n, r in scaffold.existing_numbers(folder, ids)
        if n != (m.group(1) if (m := NUMBER.match(name)) else "")
    ]
    number = scaffold.next_number(numbers, rank_of(key, ids), len(ids))
    tail = NUMBER.sub("", name, count=1)
    if was and tail.startswith(f"{was}-"):
        tail = f"{key}-{tail[len(was) + 1 :]}"
    elif was and tail == f"{was}.md":
        tail = f"{key}.md"
    else:
        tail = f"{key}-{tail}"
    return numbered(number, tail)
