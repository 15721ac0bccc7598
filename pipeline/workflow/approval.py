"""Approval as a record: `coproduce approve FILE... --by ID`.

It writes into each contribution's front matter, with the careful editor (the
person's own layout and comments are kept),

    status: approved
    approved: {by: sam, on: 2026-02-20, text: sha256:<hex>}

where `text` is `vocabulary.fingerprint` of what the contribution prints. Only the
response's `lead` and the people in its `signoff:` list may approve, and only while
they are taking part. Every file is checked before any is written: a refusal
writes nothing. Whether an approval still holds is decided in assemble/approval.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline import vocabulary
from pipeline.assemble.approval import Approval, approval_of
from pipeline.errors import CoproduceError, Problem, Problems, UsageError
from pipeline.load.files import decode_text
from pipeline.load.schema import FrontMatter, validate
from pipeline.load.workbench import (
    Contribution,
    ResponseFolder,
    Workbench,
    load_contributors,
    load_response,
    split_front_matter,
)
from pipeline.vocabulary import fingerprint, in_force, withdrawal_in_force
from pipeline.workflow.consent import find_contribution, known_person
from pipeline.workflow.yamledit import EditError, cannot_edit, read_raw, set_front_matter, write_raw


@dataclass(frozen=True)
class Approved:
    shown: str
    slug: str
    by: str
    on: dt.date
    text: str  # the fingerprint recorded
    before: Approval  # the approval as it stood
    already: bool  # an approval of this very text was already recorded: nothing is written


def approve(
    root: Path, files: list[Path], by: str, today: dt.date | None = None, *, dry_run: bool = False
) -> list[Approved]:
    """Record that `by` approved each of `files` today; refuse them all, writing nothing, if any cannot be."""
    today = today or vocabulary.today()
    wb = Workbench(root)
    loading = Problems()
    load_contributors(wb, loading)
    person = known_person(wb, by, "--by").data
    problems: list[Problem] = []
    responses: dict[Path, ResponseFolder | None] = {}
    chosen: dict[Path, tuple[ResponseFolder, Contribution]] = {}
    for given in files:
        path = find_contribution(root, given).resolve()  # a file that is not there: the command was used wrongly
        shown = wb.shown(path)
        if path.suffix != ".md" or path.parent.parent != (root / "responses").resolve():
            fix = "give a .md file in a response folder"
            raise UsageError(f"{shown} is not a contribution", fix, code="usage.not-a-contribution")
        if path.parent not in responses:
            responses[path.parent] = load_response(wb, path.parent, loading)
        response = responses[path.parent]
        c = next((c for c in response.contributions if c.path.resolve() == path), None) if response else None
        if response is None or c is None:
            what = shown if response else wb.shown(path.parent / "response.yaml")
            fix = "run  coproduce check  and fix it first"
            problems.extend(
                [p for p in loading.items if p.path == what and p.severity == "error"]
                or [Problem(what, None, "could not be read", fix, code="approve.unreadable")]
            )
            continue
        if broken := [p for p in loading.items if p.path == shown and p.severity == "error"]:
            problems.extend(broken)  # approve what the file says once it reads cleanly, not a guess at it
            continue
        chosen.setdefault(path, (response, c))

    for day, verb, rule in (
        (person.consent.withdrawn, "withdrew", withdrawal_in_force),
        (person.left, "left", in_force),
    ):
        if rule(day, today):
            problems.append(
                Problem(
                    wb.contributors[by].shown,
                    None,
                    f"{by} {verb} on {day}, so cannot approve work now",
                    "ask the lead, or someone else in signoff:, to approve it",
                    code="approve.not-taking-part",
                )
            )
            break
    for response, c in chosen.values():
        if by not in response.approvers:
            problems.append(_not_allowed(c, response, by))
    if problems:
        raise CoproduceError(problems, "nothing was approved")

    done: list[Approved] = []
    writes: list[tuple[Path, str, str]] = []
    for path, (response, c) in chosen.items():
        before = approval_of(c, response.approvers)
        text = fingerprint(c.meta, c.body)
        if before.current and c.meta.approved is not None and c.meta.approved.text == text:
            done.append(Approved(c.shown, response.slug, by, today, text, before, True))
            continue
        raw, bom = read_raw(path)
        record = {"by": by, "on": today, "text": text}
        try:
            edited = set_front_matter(raw, {"status": "approved", "approved": record})
        except EditError as exc:
            raise cannot_edit(c.shown, f"approved: {{by: {by}, on: {today}, text: {text}}}", str(exc)) from None
        _same_text(c, edited, text, by, today)
        writes.append((path, edited, bom))
        done.append(Approved(c.shown, response.slug, by, today, text, before, False))
    if not dry_run:
        for path, edited, bom in writes:
            write_raw(path, edited, bom)
    return done


def _not_allowed(c: Contribution, response: ResponseFolder, by: str) -> Problem:
    lead = response.data.lead
    others = [pid for pid in response.approvers if pid != lead]
    who = (f"the lead ({lead})" if lead else "the lead (none is set)") + (
        f" and the people in signoff: ({', '.join(others)})" if others else " and the people in signoff: (none yet)"
    )
    return Problem(
        c.shown,
        None,
        f"{by} may not approve this: only {who} may approve work for {response.slug}",
        f"ask one of them to run  coproduce approve {c.shown} --by ID, or add {by} to  signoff:  in {response.shown}",
        code="approve.not-allowed",
        subject=by,
    )


def _same_text(c: Contribution, edited: str, text: str, by: str, today: dt.date) -> None:
    """Read the edited file back as `load` will: it must load, and the record must match what it prints."""
    read, _ = decode_text(edited.encode("utf-8"), c.shown)
    located, body, _, _ = split_front_matter(read or "", c.shown)
    meta, _ = validate(FrontMatter, located, c.shown) if located is not None else (None, [])
    if meta is None or meta.approved is None or meta.approved.text != text or fingerprint(meta, body) != text:
        raise cannot_edit(c.shown, f"approved: {{by: {by}, on: {today}, text: {text}}}", "the result did not read back")
