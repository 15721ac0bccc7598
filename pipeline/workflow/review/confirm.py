"""Each person confirms edits to their own words: who must be asked, their letters, and their answers.

`review accept` calls `note_before_edit` before it changes a contribution: for each person whose words the
change alters (its authors, or the person whose quote it is), other than whoever suggested it, the words as
they stood are recorded (`confirmed: [{by, on, text, decision: as-written}]`) and a copy of the body is kept
in `responses/<slug>/review/before/`, which no build reads, for the letter. `letters` writes each person one
plain-words letter (DOCX and text) showing their words before and after, into a folder the user names, never
the build folder. `answer` records a confirmation, or a decline that puts their earlier words back, or one
that leaves the contribution out of every build (`decision: left-out`, the text unchanged).
The rule of whose words and what they last saw is `assemble/confirmation.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.assemble.confirmation import Unconfirmed, last_seen, left_out_by, quotes_by, unconfirmed, words_of
from pipeline.assemble.people import decide_all
from pipeline.errors import CoproduceError, Problem, Problems, UsageError
from pipeline.load.schema import FrontMatter, Response, validate
from pipeline.load.workbench import Contribution, Workbench, load_contributors, load_response, split_front_matter
from pipeline.model import Person
from pipeline.render.write import write_atomic
from pipeline.workflow.review.record import FOLDER
from pipeline.workflow.yamledit import EditError, cannot_edit, read_raw, set_front_matter, write_raw

BEFORE = "before"


def _parts(text: str, shown: str) -> tuple[FrontMatter | None, str, int]:
    located, body, _, _ = split_front_matter(text, shown)
    meta, _ = validate(FrontMatter, located, shown) if located is not None else (None, [])
    return meta, body, len(text) - len(body)


def _copy(response_dir: Path, fp: str) -> Path:
    return response_dir / FOLDER / BEFORE / f"{fp.removeprefix('sha256:')[:16]}.md"


def note_before_edit(
    response_dir: Path, shown: str, before: str, after: str, edited_by: str, today: dt.date, response: Response
) -> str:
    """`after` with an as-written record for each person whose words it changes and who has none yet."""
    if not response.confirm_edits:
        return after
    meta, body, _ = _parts(before, shown)
    new_meta, new_body, _ = _parts(after, shown)
    if meta is None or new_meta is None:
        return after
    was, now = words_of(meta, body), words_of(new_meta, new_body)
    records = [c.model_dump(mode="json") for c in meta.confirmed]
    for pid, fp in was.items():
        if now.get(pid) == fp or pid == edited_by:
            continue
        copy = _copy(response_dir, fp)
        copy.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(copy, body.encode("utf-8"))
        if last_seen(meta, pid) is None:
            records.append({"by": pid, "on": today.isoformat(), "text": fp, "decision": "as-written"})
    if len(records) == len(meta.confirmed):
        return after
    try:
        return set_front_matter(after, {"confirmed": [_dated(r) for r in records]})
    except EditError as exc:
        raise cannot_edit(shown, "confirmed:", str(exc)) from None


def _dated(record: dict[str, object]) -> dict[str, object]:
    return {**record, "on": dt.date.fromisoformat(str(record["on"]))}


@dataclass(frozen=True)
class Asked:
    contribution: Contribution
    who: Unconfirmed
    before: str | None  # their words as they last saw them, when a copy was kept
    after: str


def _people(wb: Workbench, today: dt.date) -> dict[str, Person]:
    return decide_all({pid: cf.data for pid, cf in wb.contributors.items()}, today)


def _load(response_dir: Path) -> tuple[Workbench, Response, list[Contribution]]:
    wb = Workbench(response_dir.parent.parent)
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, response_dir, problems)
    if response is None:
        raise CoproduceError(
            list(problems.items)
            or [
                Problem(str(response_dir), None, "could not be read", "run  coproduce check", code="approve.unreadable")
            ]
        )
    return wb, response.data, list(response.contributions)


def response_data(response_dir: Path) -> Response:
    return _load(response_dir)[1]


def to_ask(response_dir: Path, today: dt.date) -> list[Asked]:
    """Everyone whose words changed since they last saw them, with before and after to show them."""
    wb, data, contributions = _load(response_dir)
    people = _people(wb, today)
    asked = []
    for c in contributions:
        if left_out_by(c.meta):
            continue  # left out at someone's request: nothing of it is printed, nobody need be asked (as the check)
        for u in unconfirmed(c.meta, c.body, data, people):
            copy = _copy(response_dir, u.seen.text)
            before = copy.read_text(encoding="utf-8") if copy.is_file() else None
            if u.author:
                asked.append(Asked(c, u, before, c.body))
            else:
                said = "\n\n".join(quotes_by(before or "").get(u.pid, [])) if before is not None else None
                asked.append(Asked(c, u, said, "\n\n".join(quotes_by(c.body).get(u.pid, []))))
    return asked


def left_out_at_request(response_dir: Path) -> list[tuple[str, str]]:
    """(file, id) for each contribution someone asked to be left out: the browser offers to bring it back."""
    return [(c.name, pid) for c in _load(response_dir)[2] for pid in left_out_by(c.meta)]


def answer(
    response_dir: Path, file: str, pid: str, today: dt.date, *, declined: bool = False, leave_out: bool = False
) -> tuple[str, bool]:
    """Record `pid`'s answer for `file`: (what was recorded, whether their earlier words were put back).

    With `leave_out` (a decline), the text stays as it is and a `left-out` record makes every build leave the
    contribution out (`assemble/confirmation.asked_left_out`); a confirmation recorded after it brings it back."""
    wb, data, contributions = _load(response_dir)
    c = next((c for c in contributions if c.name == file or c.path.stem == file), None)
    if c is None:
        raise UsageError(
            f"{response_dir.name} has no contribution {file}",
            "give a file name that  coproduce status  lists, like 31-q2-referral.md",
            code="usage.unknown-contribution",
        )
    waiting = {u.pid: u for u in unconfirmed(c.meta, c.body, data, _people(wb, today))}
    if pid in left_out_by(c.meta) and not declined:  # they change their mind: their confirmation brings it back
        return _write(c, c.path, pid, today, "confirmed")
    if pid not in waiting:
        raise UsageError(
            f"nothing in {c.name} waits for {pid}'s confirmation",
            f"run  coproduce confirmations {response_dir.name}  to see who must be asked",
            code="usage.nothing-to-confirm",
        )
    if leave_out:
        return _write(c, c.path, pid, today, "left-out")
    u = waiting[pid]
    raw, bom = read_raw(c.path)
    restored = False
    text = raw
    if declined:
        copy = _copy(response_dir, u.seen.text)
        if not u.author or not copy.is_file():
            raise CoproduceError(
                [
                    Problem(
                        c.shown,
                        None,
                        f"{pid}'s earlier words are not kept here, so they cannot be put back by coproduce",
                        f"put {pid}'s words back by hand, then run"
                        f"  coproduce confirmations record {response_dir.name} {c.name} --by {pid}",
                        code="edits.no-earlier-words",
                    )
                ]
            )
        _, _, start = _parts(raw, c.shown)
        text = raw[:start] + copy.read_text(encoding="utf-8")
        restored = True
    meta, body, _ = _parts(text, c.shown)
    assert meta is not None
    now = words_of(meta, body)[pid]
    records = [_dated(r.model_dump(mode="json")) for r in c.meta.confirmed]
    records.append({"by": pid, "on": today, "text": now, "decision": "declined" if declined else "confirmed"})
    try:
        text = set_front_matter(text, {"confirmed": records})
    except EditError as exc:
        raise cannot_edit(c.shown, "confirmed:", str(exc)) from None
    write_raw(c.path, text, bom)
    return ("declined" if declined else "confirmed"), restored


def _write(c: Contribution, path: Path, pid: str, today: dt.date, decision: str) -> tuple[str, bool]:
    """A record of `decision` for `pid` over their words as they are, the text unchanged."""
    raw, bom = read_raw(path)
    meta, body, _ = _parts(raw, c.shown)
    assert meta is not None
    records = [_dated(r.model_dump(mode="json")) for r in meta.confirmed]
    seen = last_seen(meta, pid)
    now = words_of(meta, body).get(pid) or (seen.text if seen else None)  # their quote may be gone since
    records.append({"by": pid, "on": today, "text": now, "decision": decision})
    try:
        text = set_front_matter(raw, {"confirmed": records})
    except EditError as exc:
        raise cannot_edit(c.shown, "confirmed:", str(exc)) from None
    write_raw(path, text, bom)
    return decision, False


def said(pid: str, done: str, restored: bool, file: str, slug: str) -> str:
    """What was recorded, in words: `coproduce confirmations` and the browser say the same."""
    if done == "left-out":
        return (
            f"Recorded: {pid} declined the change to {file} and asked for it to be left out. Every build leaves"
            f" it out from now; to bring it back, record their confirmation"
            f" (coproduce confirmations record {slug} {file} --by {pid})."
        )
    return f"Recorded: {pid} {done} the change to {file}." + (
        " Their earlier words are back in the file." if restored else ""
    )
