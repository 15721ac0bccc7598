"""Sign-off as a record: `coproduce signoff SLUG --by ID`, and the build page's "Sign off for <organisation>".

A co-signed response (`organisations:` with two or more) is signed off by each organisation as a whole.
This writes, with the careful editor (the rest of response.yaml is kept byte for byte), under each
organisation that ID may sign off for (its `lead:` or someone in its `signoff:` list),

    signed_off: {by: tamsin, on: 2026-11-20, submission: sha256:<hex>}

`submission` is assemble/signoff.submission_fingerprint of what the final build would print on `today`.
Outside git, `ran_as:` adds who ran it on this computer, as an approval does (workflow/approval.py); in
git, the record should be committed from the signer's own address (assemble/signoff.committed_by), and
signing off again over a record someone else committed in one's name adds `ran_as:` too, so there is a
change of one's own to commit. A response from one organisation needs
no sign-off (its approvals stand as they are), so it is refused here. Nobody signs off a submission a final
build would refuse: `standing` runs the very check the final build runs (pipeline/build.check) and any
error but the sign-offs' own (checks/organisations.SIGNOFF_CODES), a contribution not approved as it now
reads above all, refuses it (`signoff.not-ready`). Nothing is written on a refusal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.assemble.history import in_repository
from pipeline.assemble.signoff import SignOff, co_signed, committed_by, signoffs, submission_fingerprint
from pipeline.checks.organisations import SIGNOFF_CODES
from pipeline.errors import CoproduceError, Problem
from pipeline.load.workbench import ResponseFolder, Workbench, load
from pipeline.vocabulary import in_force, withdrawal_in_force
from pipeline.workflow.approval import _os_user
from pipeline.workflow.consent import known_person
from pipeline.workflow.yamledit import EditError, cannot_edit, read_raw, set_yaml_field, write_raw


@dataclass(frozen=True)
class Standing:
    """Where a response's sign-offs stand on a day: what `check`, the command and the build page show."""

    workbench: Workbench
    response: ResponseFolder
    submission: str  # the fingerprint of what would print now
    each: tuple[SignOff, ...]  # one a co-signing organisation; none for one organisation
    # what a final build on the day would refuse, but for the sign-offs themselves: while any remains, nobody
    # may sign off (the same check the final build runs, pipeline/build.check, with SIGNOFF_CODES set aside)
    refused: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Signed:
    organisation: str
    by: str
    on: dt.date
    already: bool  # this very submission was already signed off by them: nothing was written
    before: str  # the state it was in (assemble/signoff.SignState)
    ran_as: str | None = None


def standing(response_dir: Path, today: dt.date) -> Standing:
    """Check the response as a final build would on `today` (the very check it runs), and measure each sign-off."""
    from pipeline import build
    from pipeline.settings import make_settings

    wb, response = load(Path(response_dir))
    if not co_signed(response):
        return Standing(wb, response, "", ())  # one organisation: nothing to measure, so nothing assembled
    checked = build.check(Path(response_dir), make_settings(today=today, draft=False))
    wb, response, assembly = checked.workbench, checked.response, checked.assembly
    submission = submission_fingerprint(response, assembly.included, assembly.people, assembly.document.credits.groups)
    refused = tuple(p for p in checked.problems.blocking(draft=False) if p.code not in SIGNOFF_CODES)
    return Standing(wb, response, submission, tuple(signoffs(response, submission)), refused)


def not_ready(st: Standing) -> list[Problem]:
    """Why nobody may sign the submission off yet: one Problem saying so, then each the final build would give."""
    if not st.refused:
        return []
    slug = st.response.slug
    unapproved = sorted({p.path for p in st.refused if p.code.startswith("approval.") and p.path})
    what = f"; not approved as they now read: {', '.join(unapproved)}" if unapproved else ""
    return [
        Problem(
            st.response.shown,
            None,
            f"{slug} cannot be signed off yet: a final build would refuse it ({len(st.refused)}"
            f" {'problem' if len(st.refused) == 1 else 'problems'}, listed below){what}",
            "put each right as its own message says (approve what is not approved as it now reads:  coproduce"
            f" approve FILE --by ID), run  coproduce check {slug}, then sign off again",
            code="signoff.not-ready",
        ),
        *st.refused,
    ]


def may_sign(st: Standing, by: str | None) -> list[SignOff]:
    """The organisations `by` may sign off for (none for nobody, or for a response from one organisation)."""
    return [s for s in st.each if by is not None and by in s.may]


def sign_off(response_dir: Path, by: str, today: dt.date, *, dry_run: bool = False) -> list[Signed]:
    """Record that `by` signed the submission off today for each organisation they may sign for."""
    st = standing(response_dir, today)
    wb, response = st.workbench, st.response
    person = known_person(wb, by, "--by")
    problems: list[Problem] = []
    if not co_signed(response):
        problems.append(
            Problem(
                response.shown,
                None,
                f"{response.slug} is from one organisation, so it needs no sign-off as a whole: its contributions'"
                " approvals are its sign-off",
                f"approve its contributions instead:  coproduce approve FILE --by {by}",
                code="signoff.not-co-signed",
            )
        )
    else:
        for day, verb, rule in (
            (person.data.consent.withdrawn, "withdrew", withdrawal_in_force),
            (person.data.left, "left", in_force),
        ):
            if rule(day, today):
                problems.append(
                    Problem(
                        person.shown,
                        None,
                        f"{by} {verb} on {day}, so cannot sign off for an organisation now",
                        "ask the organisation's lead, or someone else in its signoff: list, to sign it off",
                        code="signoff.not-taking-part",
                    )
                )
                break
        problems.extend(not_ready(st))
        if not may_sign(st, by):
            who = "; ".join(f"{s.name}: {', '.join(s.may) or 'nobody yet'}" for s in st.each)
            problems.append(
                Problem(
                    response.shown,
                    None,
                    f"{by} may not sign off {response.slug} for any of its organisations (who may: {who})",
                    f"ask one of them to run  coproduce signoff {response.slug} --by ID, or add {by} to the"
                    f" signoff: list of their own organisation in {response.shown}",
                    code="signoff.not-allowed",
                    subject=by,
                )
            )
    if problems:
        raise CoproduceError(problems, "nothing was signed off")

    path = response.dir / "response.yaml"
    raw, bom = read_raw(path)
    edited = raw
    done: list[Signed] = []
    in_git = in_repository(wb.root)
    contributors = {pid: cf.data for pid, cf in wb.contributors.items()}
    for s in may_sign(st, by):
        old = s.organisation.signed_off
        # in git, a record someone else committed in their name is theirs once they commit it themselves: written
        # again with who ran it (the same day's record would be the same bytes, leaving them nothing to commit)
        theirs = not in_git or committed_by(response, s.index, contributors).state != "another"
        if s.current and old is not None and old.by == by and theirs:
            done.append(Signed(s.name, by, old.on, True, s.state, old.ran_as))
            continue
        record: dict[str, object] = {"by": by, "on": today, "submission": st.submission}
        user = _os_user() if not in_git or not theirs else None
        if user:
            record["ran_as"] = user
        where = (*response.data.organisation_path(s.index), "signed_off")
        try:
            edited = set_yaml_field(edited, where, record)
        except EditError as exc:
            raise cannot_edit(response.shown, f"signed_off: {{by: {by}, on: {today}}}", str(exc)) from None
        done.append(Signed(s.name, by, today, False, s.state, user))
    if edited != raw:
        _reads_back(response, raw, edited, by, today)
        if not dry_run:
            write_raw(path, edited, bom)
    return done


def _without_signoffs(text: str) -> object:
    data = yaml.safe_load(text)
    for org in data.get("organisations") or [] if isinstance(data, dict) else []:
        if isinstance(org, dict):
            org.pop("signed_off", None)
    return data


def _reads_back(response: ResponseFolder, raw: str, edited: str, by: str, today: dt.date) -> None:
    """The edit changed nothing but the sign-off records, and the file still reads as a response."""
    from pipeline.load.schema import Response
    from pipeline.load.validation import validate
    from pipeline.load.yamlsource import load_yaml

    try:
        same = _without_signoffs(raw) == _without_signoffs(edited)
    except yaml.YAMLError:
        same = False
    located, problems = load_yaml(edited, response.shown)
    data, errors = validate(Response, located, response.shown) if located is not None else (None, [])
    if not same or problems or data is None or errors:
        raise cannot_edit(response.shown, f"signed_off: {{by: {by}, on: {today}}}", "the result did not read back")
