"""Approval as a record: `coproduce approve FILE... --by ID`.

It writes into each contribution's front matter, with the careful editor (the
person's own layout and comments are kept),

    status: approved
    approved: {by: sam, on: 2026-02-20, text: sha256:<hex>, covers: sha256:<hex>}

where `text` is `vocabulary.fingerprint` of what the contribution prints and `covers` of what it
prints beside that (its pictures, its question, how the people it names are credited:
assemble/approval.py). When the workbench is not in git, `ran_as:` adds who ran the command on
this computer (the operating system's user), beside who approved: the evidence a commit would give. Only the
response's `lead` and the people in its `signoff:` list may approve, and only while
they are taking part. Every file is checked before any is written: a refusal
writes nothing. Whether an approval still holds is decided in assemble/approval.py.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.assemble.approval import Approval, approval_of, committed_by, covers
from pipeline.assemble.confirmation import seen_before_edit
from pipeline.assemble.history import History, in_repository, touched_by
from pipeline.assemble.people import decide_all
from pipeline.errors import CoproduceError, Problem, Problems, UsageError
from pipeline.load.files import decode_text
from pipeline.load.schema import FrontMatter
from pipeline.load.workbench import (
    Contribution,
    ResponseFolder,
    Workbench,
    front_matter_parts,
    load_contributors,
    load_response,
)
from pipeline.load.yamlsource import read_data
from pipeline.vocabulary import fingerprint, in_force, withdrawal_in_force
from pipeline.workflow.consent import known_person
from pipeline.workflow.consent_handover import ContributionNames
from pipeline.workflow.yamledit import EditError, cannot_edit, read_raw, set_front_matter, write_raw_many


@dataclass(frozen=True)
class Approved:
    shown: str
    slug: str
    by: str
    on: dt.date
    text: str  # the fingerprint recorded
    before: Approval  # the approval as it stood
    already: bool  # an approval of this very text was already recorded: nothing is written
    ran_as: str | None = None  # who ran the command, when the record says (outside git, or confirming in git)


def approve(root: Path, files: list[Path], by: str, today: dt.date, *, dry_run: bool = False) -> list[Approved]:
    """Record that `by` approved each of `files` today; refuse them all, writing nothing, if any cannot be."""
    wb = Workbench(root)
    loading = Problems()
    load_contributors(wb, loading)
    person = known_person(wb, by, "--by").data
    problems: list[Problem] = []
    # Every look-up below is a dictionary, built once: approving n files is linear in n (issue 23; a scan
    # that resolved every contribution's path for each file made 5,000 files take minutes).
    responses: dict[Path, ResponseFolder | None] = {}
    by_path: dict[Path, dict[Path, Contribution]] = {}
    errors = _ErrorsByPath(loading)
    names = ContributionNames(root)
    responses_dir = (root / "responses").resolve()
    chosen: dict[Path, tuple[ResponseFolder, Contribution]] = {}
    real = _RealPaths()
    for given in files:
        path = real(names.find(given))  # a file that is not there: the command was used wrongly
        shown = wb.shown(path)
        if path.suffix != ".md" or path.parent.parent != responses_dir:
            fix = "give a .md file in a response folder"
            raise UsageError(f"{shown} is not a contribution", fix, code="usage.not-a-contribution")
        if path.parent not in responses:
            response = responses[path.parent] = load_response(wb, path.parent, loading)
            by_path[path.parent] = {real(c.path): c for c in response.contributions} if response else {}
        response = responses[path.parent]
        c = by_path[path.parent].get(path)
        if response is None or c is None:
            what = shown if response else wb.shown(path.parent / "response.yaml")
            fix = "run  coproduce check  and fix it first"
            problems.extend(
                errors.of(what) or [Problem(what, None, "could not be read", fix, code="approve.unreadable")]
            )
            continue
        if broken := errors.of(shown):
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
    people = decide_all({pid: cf.data for pid, cf in wb.contributors.items()}, today)
    in_git = in_repository(root)
    ran_as = None if in_git else _os_user()
    contributors = {pid: cf.data for pid, cf in wb.contributors.items()}
    histories: dict[Path, History] = {}
    for path, (response, c) in chosen.items():
        before = approval_of(c, response, people)
        text = fingerprint(c.meta, c.body)
        beside = covers(c, response, people)
        old = c.meta.approved
        if in_git and before.current and response.dir not in histories:  # read the log once a response
            histories[response.dir] = touched_by(root, response.dir, contributors)
        theirs = not in_git or committed_by(c, response, histories.get(response.dir), contributors).state != "another"
        if before.current and old is not None and old.text == text and old.covers == beside and theirs:
            done.append(Approved(c.shown, response.slug, by, today, text, before, True))
            continue
        raw, bom = read_raw(path)
        record: dict[str, object] = {"by": by, "on": today, "text": text, "covers": beside}
        if in_git and response.dir not in histories:
            histories[response.dir] = touched_by(root, response.dir, contributors)
        history = histories.get(response.dir)
        editors = history.edited.get(c.path.name) if history is not None and history.available else None
        # the text changed since it was approved: its authors are asked to confirm (assemble/confirmation.py)
        seen = seen_before_edit(c.meta, text, by, editors, response.data)
        changes: dict[str, object] = {"status": "approved", "approved": record}
        if seen:
            changes["confirmed"] = [c2.model_dump() for c2 in c.meta.confirmed] + seen
        # outside git, who ran it; in git, also when confirming a record someone else committed (the same
        # day's record would be the same bytes, leaving the approver nothing of their own to commit)
        user = ran_as or (None if theirs else _os_user())
        if user:
            record["ran_as"] = user
        try:
            edited = set_front_matter(raw, changes)
        except EditError as exc:
            raise cannot_edit(c.shown, f"approved: {{by: {by}, on: {today}, text: {text}}}", str(exc)) from None
        _same_text(c, edited, text, by, today, beside)
        writes.append((path, edited, bom))
        done.append(Approved(c.shown, response.slug, by, today, text, before, False, user))
    if not dry_run:
        write_raw_many(writes)
    return done


class _RealPaths:
    """`Path.resolve()`, each folder resolved once: a file that is not a link is its real folder and its name."""

    def __init__(self) -> None:
        self.folders: dict[str, str] = {}

    def __call__(self, path: Path) -> Path:
        full = os.path.abspath(path)
        folder, name = os.path.split(full)
        if not name or name in (".", "..") or os.path.islink(full):
            return Path(full).resolve()
        if folder not in self.folders:
            self.folders[folder] = str(Path(folder).resolve())
        return Path(self.folders[folder], name)


class _ErrorsByPath:
    """The loading errors of one file, looked up by its shown path; indexes what loading has added since."""

    def __init__(self, loading: Problems) -> None:
        self.loading = loading
        self.seen = 0
        self.index: dict[str | None, list[Problem]] = {}

    def of(self, shown: str) -> list[Problem]:
        for p in self.loading.items[self.seen :]:
            if p.severity == "error":
                self.index.setdefault(p.path, []).append(p)
        self.seen = len(self.loading.items)
        return list(self.index.get(shown, []))


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


def _os_user() -> str | None:
    """Who is logged in to this computer, as the operating system says; None when it cannot say."""
    try:
        return getpass.getuser().strip() or None
    except (OSError, KeyError, ImportError):
        return None


def _same_text(c: Contribution, edited: str, text: str, by: str, today: dt.date, beside: str) -> None:
    """Read the edited file back as `load` will: it must load, and the record must match what it prints. (Its
    YAML is read without the lines and the limits' scan `load` adds for messages: only what it says counts here.)"""
    read, _ = decode_text(edited.encode("utf-8"), c.shown)
    parts = front_matter_parts(read or "")
    meta = None
    if parts is not None:
        try:
            data = read_data(parts[0])
            meta = FrontMatter.model_validate({} if data is None else data) if isinstance(data, dict | None) else None
        except (yaml.YAMLError, ValueError, TypeError):  # pydantic's ValidationError is a ValueError
            meta = None
    if (
        meta is None
        or parts is None
        or meta.approved is None
        or meta.approved.text != text
        or meta.approved.covers != beside
        or fingerprint(meta, parts[1]) != text
    ):
        raise cannot_edit(c.shown, f"approved: {{by: {by}, on: {today}, text: {text}}}", "the result did not read back")
