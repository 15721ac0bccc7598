"""What the response and contribution pages show, worked out once (no routes here: `_` modules hold helpers).

People are shown by id and by their credit exactly as a build prints it (`assemble/people.py` decides);
a contribution's words are shown as they will print, rendered from the checked model and read by the
same guard as a build, so a page never shows what an output could not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from markupsafe import Markup

from pipeline import model as m
from pipeline.assemble.people import decide_all
from pipeline.errors import CoproduceError
from pipeline.load.workbench import Contribution, ResponseFolder, Workbench, load_partial
from pipeline.web import kit
from pipeline.web.addresses import contribution_id, find
from pipeline.workflow.editing import pictures_in, split_raw
from pipeline.workflow.status import response_status
from pipeline.workflow.yamllist import EDITS

# One change at a time through these pages: a save's "was it changed meanwhile?" test and its write, an intake
# run's numbering and record, cannot interleave with another request's (the workbench is one process).
# The same lock as the people and sessions pages' careful edits (response.yaml is edited by both).
WRITING = EDITS


@dataclasses.dataclass(frozen=True)
class Writer:
    id: str
    credit: str  # as a build prints it, or why nothing is


def writers(
    wb: Workbench, ids: tuple[str, ...] | list[str], today: dt.date, decided: dict[str, m.Person] | None = None
) -> list[Writer]:
    """`decided`: decide_all's answer for `wb` on `today`, when the caller made it already (a page of 200 rows)."""
    if decided is None:
        decided = decide_all({pid: c.data for pid, c in wb.contributors.items()}, today)
    out = []
    for pid in ids:
        person = decided.get(pid)
        if person is None:
            said = "not a contributor"
        elif person.withdrawn:
            said = f"withdrew on {person.withdrawn_on}: nothing of theirs is printed"
        else:
            said = person.credit or "not named"
        out.append(Writer(pid, said))
    return out


def people_choices(wb: Workbench, today: dt.date) -> list[tuple[str, str]]:
    """Everyone who may be named as a writer today (not withdrawn, not left): id, and credit as printed."""
    from pipeline.vocabulary import in_force

    decided = decide_all({pid: c.data for pid, c in wb.contributors.items()}, today)
    taking_part = {pid for pid, c in wb.contributors.items() if not in_force(c.data.left, today)}
    return [
        (pid, f"{pid} ({p.credit or 'not named'})")
        for pid, p in decided.items()
        if not p.withdrawn and pid in taking_part
    ]


def overview(folder: Path, today: dt.date) -> dict[str, Any]:
    """A response's questions with their contributions, words against limits, status and writers."""
    status = response_status(folder, today, git=False)
    wb, response, _ = load_partial(folder)
    if response is None:
        return {"loaded": False, "slug": folder.name, "questions": [], "sections": [], "unsorted": [], "people": []}
    by_file = {c.name: c for c in response.contributions}
    rows = {c.file: c for c in status.contributions}
    questions_data = {q.id: q for q in response.data.questions}

    from pipeline.web.hiding import hider_of

    hide = hider_of(wb.root, [folder], today)  # a file may be named after a person: pages show no private name

    decided = decide_all({pid: c.data for pid, c in wb.contributors.items()}, today)  # once for every row

    def contribution_row(name: str) -> dict[str, Any]:
        c, row = by_file[name], rows.get(name)
        return {
            "cid": contribution_id(c.name),
            "name": hide(name),
            "status": row.status if row else c.meta.status,
            "approval": hide(row.approval_note) if row else "",
            "left_out": bool(row and row.left_out),
            "asked_left_out": ", ".join(row.asked_left_out) if row else "",  # ids only: not a withdrawal
            "writers": writers(wb, c.meta.by, today, decided),
            "confidential": c.meta.confidential,
        }

    questions = []
    for q in status.questions:
        data = questions_data[q.id]
        questions.append(
            {
                "id": q.id,
                "text": q.text,
                "words": q.words,
                "limit": q.limit,
                "chars": q.chars,
                "chars_limit": q.chars_limit,
                "over": q.over_by or q.chars_over_by,
                "unanswered": data.left_unanswered,
                "reason": data.unanswered if isinstance(data.unanswered, str) else "",
                "contributions": [contribution_row(c.name) for c in response.contributions if c.meta.answers == q.id],
            }
        )
    sections = [contribution_row(c.name) for c in response.contributions if c.meta.section]
    people = people_choices(wb, today)
    return {
        "loaded": True,
        "slug": response.slug,
        "title": response.data.title,
        "questions": questions,
        "sections": sections,
        "unsorted": [u.file for u in status.unsorted],
        "people": people,
    }


def body_hash(path: Path) -> str:
    """What the file held when the page was made: a save over someone else's newer save is refused."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _blocks_of(doc: m.Document | None, shown: str) -> list[m.Block]:
    if doc is None:
        return []
    found: list[m.Block] = []
    for section in doc.sections:
        found += [b for b in section.blocks if getattr(b, "source", m.NO_SOURCE).path == shown]
        for answer in section.answers:
            found += [b for b in answer.blocks if getattr(b, "source", m.NO_SOURCE).path == shown]
    return found


@dataclasses.dataclass(frozen=True)
class Reading:
    printed: Markup | None  # the words as a draft build prints them, or None
    why: str  # why they are not shown, when they are not
    problems: list[kit.PlainProblem]  # this contribution's problems, as `coproduce check` finds them


NOT_YET = "It cannot be shown as it will print until the problems below are fixed."


def read_as_printed(folder: Path, c: Contribution, today: dt.date) -> Reading:
    """One `coproduce check` of the response: this contribution's problems in plain words, and its words as a
    draft build prints them, read by the build's guard (nothing is shown that an output could not hold)."""
    from pipeline.render.context import RenderContext
    from pipeline.render.guard import guard
    from pipeline.render.html_body import HtmlBody
    from pipeline.settings import make_settings
    from pipeline.web import runs

    try:
        checked = runs.checked(folder, make_settings(today=today))  # as  coproduce check  runs it
    except CoproduceError as exc:
        mine = [p for p in exc.problems if p.path == c.shown] or list(exc.problems)
        return Reading(None, NOT_YET, kit.plain_all(mine, folder.parent.parent, [folder], on=today))
    mine = [p for p in checked.problems.items if p.path == c.shown]
    problems = kit.plain_all(mine, checked.workbench.root, [folder], on=today)
    if checked.problems.blocking(draft=True):
        return Reading(None, NOT_YET, problems)
    a = checked.assembly
    blocks = _blocks_of(a.document, c.shown) or _blocks_of(a.annex, c.shown)
    if not blocks:
        if c.shown not in {x.shown for x in a.included}:
            return Reading(None, "It is left out of every build (someone who wrote it withdrew).", problems)
        return Reading(None, "It has no text yet.", problems)
    look = checked.workbench.template_dirs
    ctx = RenderContext(templates=look[0], response_dir=checked.response.dir, fallback=look[1:])
    html = HtmlBody(ctx, draft=True, language=a.document.meta.language).blocks(tuple(blocks))
    page = f"<!DOCTYPE html><html><body>{html}</body></html>"
    if guard(checked, {f"{a.document.meta.slug}.html": page.encode("utf-8")}):
        return Reading(None, "It is not shown: it would print something a build refuses.", problems)
    return Reading(html, "", problems)


def contribution_by_id(wb: Workbench, folder: Path, cid: str) -> tuple[ResponseFolder, Contribution]:
    """The response's loaded contribution whose address id is `cid` (web/addresses.py); never a path from outside.

    Raises CoproduceError (`usage.unknown-file`) when there is none, as `workflow.editing.contribution_of` does."""
    from pipeline.errors import Problem
    from pipeline.workflow.editing import loaded
    from pipeline.workflow.starting import AnswersRefused

    response = loaded(wb, folder)
    found = find(response.contributions, cid)
    if found is None:
        said = "there is no such contribution"
        raise AnswersRefused([Problem(response.shown, None, said, "", code="usage.unknown-file")])
    return response, found


def contribution_values(root: Path, folder: Path, cid: str, today: dt.date, acting: str | None) -> dict[str, Any]:
    """What the contribution page shows; raises CoproduceError when the response does not load or has no such file."""
    wb = Workbench(root)
    response, c = contribution_by_id(wb, folder, cid)
    _, body, _ = split_raw(c.path)
    from pipeline.web.hiding import hider_of

    hide = hider_of(root, [folder], today)
    return {
        "slug": response.slug,
        "cid": cid,
        "name": hide(c.name),
        "shown": c.shown,
        "meta": c.meta,
        "question": _question_said(response, c),
        "writers": writers(wb, c.meta.by, today),
        "people": people_choices(wb, today),
        "questions": [(q.id, f"{q.id}: {q.text}") for q in response.data.questions],
        "body": body,
        "was": body_hash(c.path),
        "pictures": [dataclasses.replace(p, src=hide(p.src)) for p in pictures_in(body)],
        "may_approve": acting is not None and acting in response.approvers,
        "approvers": list(response.approvers),
        "contribution": c,
    }


def _question_said(response: ResponseFolder, c: Contribution) -> str:
    if c.meta.answers:
        q = next((q for q in response.data.questions if q.id == c.meta.answers), None)
        return f"Answer to {c.meta.answers}" + (f": {q.text}" if q else "")
    return f"Section: {c.meta.title or c.meta.section}"
