"""Whether each co-signing organisation has signed the whole submission off: one rule, decided here.

A response from two or more organisations (`organisations:`) is each one's word, so each signs the
submission off as a whole, not a paragraph of it: `coproduce signoff SLUG --by ID` (workflow/signoff.py)
writes, under that organisation in response.yaml,

    signed_off: {by: tamsin, on: 2026-11-20, submission: sha256:<hex>}

`submission` is `submission_fingerprint`: `vocabulary.covers_fingerprint` of exactly what prints, that is
every included contribution's own fingerprint (`vocabulary.fingerprint`, what an approval's `text:` is) and
what it prints beside it (`approval.printed_beside`, an approval's `covers:`), how everyone the response
names outside them is credited, and the response's own fields. Two things are left out of it, as they are
no part of the submission: the sign-off records themselves (so one organisation signing off does not undo
another's) and `outcome:`. A withdrawal that takes words out changes what is included, or how a quoted
person is credited, and so undoes every sign-off: the submission they signed is not the one that would print.

The check (checks/organisations.py), the command and the build page all ask `signoffs`, so they agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from pipeline.assemble.approval import CommittedBy, printed_beside, whose_commits
from pipeline.assemble.history import _may_be_in_git
from pipeline.load.organisation_schema import Organisation
from pipeline.load.schema import Contributor
from pipeline.load.workbench import Contribution, ResponseFolder
from pipeline.model import CreditEntry, Person
from pipeline.vocabulary import covers_fingerprint, fingerprint

NOT_SIGNED = ("signed_off",)  # an organisation's fields that are not part of what it signs
NOT_PRINTED = ("outcome", "outcome_due_weeks")  # response.yaml's fields that are no part of the submission


def submission_fingerprint(
    response: ResponseFolder,
    included: Sequence[Contribution],
    people: Mapping[str, Person],
    groups: Sequence[tuple[str, Sequence[CreditEntry]]] = (),
) -> str:
    """`sha256:<hex>` of exactly what the submission prints, as `assemble` included it on the day; `groups`, the
    credits' people by organisation (assemble/credits.grouped), when any is (none leaves the fingerprint as it was)."""
    data = response.data.model_dump(mode="json", by_alias=True, exclude=set(NOT_PRINTED))
    for key in ("organisation", "organisations"):
        orgs = data.get(key)
        for org in orgs if isinstance(orgs, list) else [orgs] if isinstance(orgs, dict) else []:
            for field in NOT_SIGNED:
                org.pop(field, None)
    named = dict.fromkeys(
        [pid for _, _, pid in response.data.people_named()]
        + [pid for session in response.data.involvement for pid in session.people]
    )

    def person(pid: str) -> list[object] | None:
        p = people.get(pid)
        return [p.credit, p.quotes, p.named] if p is not None else None

    return covers_fingerprint(
        {
            "response": data,
            "people": {pid: person(pid) for pid in named},
            "contributions": [
                [c.path.name, fingerprint(c.meta, c.body), printed_beside(c, response, people)] for c in included
            ],
        }
        | ({"credits_by_organisation": [[h, [e.name for e in found]] for h, found in groups]} if groups else {})
    )


# signed     a record by the lead or someone in its signoff:, of exactly what prints now
# changed    a record of a submission that has changed since
# not-theirs the record names someone who may not sign off for this organisation
# waiting    no record
SignState = Literal["signed", "changed", "not-theirs", "waiting"]


@dataclass(frozen=True)
class SignOff:
    index: int  # where the organisation is in organisations:
    organisation: Organisation
    state: SignState
    may: tuple[str, ...]  # who may sign off for it: its lead, then its signoff: list

    @property
    def current(self) -> bool:
        return self.state == "signed"

    @property
    def name(self) -> str:
        return self.organisation.name


def may_sign_off(org: Organisation) -> tuple[str, ...]:
    """Who may sign the submission off for `org`: its lead and the people in its `signoff:` list."""
    return tuple(dict.fromkeys(((org.lead,) if org.lead else ()) + tuple(org.signoff)))


def co_signed(response: ResponseFolder) -> bool:
    return len(response.data.signers) > 1


def signoffs(response: ResponseFolder, submission: str) -> list[SignOff]:
    """Each co-signing organisation's sign-off, measured against `submission` (`submission_fingerprint`);
    empty for a response from one organisation, which needs none."""
    if not co_signed(response):
        return []
    found: list[SignOff] = []
    for i, org in enumerate(response.data.signers):
        may = may_sign_off(org)
        record = org.signed_off
        if record is None:
            state: SignState = "waiting"
        elif record.by not in may:
            state = "not-theirs"
        elif record.submission != submission:
            state = "changed"
        else:
            state = "signed"
        found.append(SignOff(i, org, state, may))
    return found


# ------------------------------------------------------------------ who recorded it, in git


def committed_by(response: ResponseFolder, index: int, contributors: Mapping[str, Contributor]) -> CommittedBy:
    """Whether the sign-off organisation `index` holds now was committed by its signer, by address: the rule
    of approval records (approval.committed_by). The commits that left response.yaml holding this very record
    are read from the newest back to the one that first wrote it; one from an address in the signer's
    `emails` confirms it, none does not. Not in git, or not yet committed: unknown."""
    org = response.data.signers[index]
    record = org.signed_off
    if record is None or not _may_be_in_git(response.dir):
        return CommittedBy("unknown")
    try:
        import git
    except ImportError:
        return CommittedBy("unknown")
    current = (record.by, str(record.on), record.submission, record.ran_as or "")
    run: list[tuple[str, str]] = []
    try:
        with git.Repo(response.dir, search_parent_directories=True) as repo:
            if repo.working_tree_dir is None or not repo.head.is_valid():
                return CommittedBy("unknown")
            path = (response.dir / "response.yaml").resolve().relative_to(Path(repo.working_tree_dir).resolve())
            log = repo.git.log("--format=%H%x1f%aE", "--", path.as_posix())
            for line in log.splitlines():
                commit, _, email = line.partition("\x1f")
                if _record_in(repo.git.show(f"{commit}:{path.as_posix()}"), org.name) != current:
                    break  # the commits before this one held another record, or none
                run.append((commit[:12], email))
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError, OSError):
        return CommittedBy("unknown")
    return whose_commits(run, record.by, contributors)


def _record_in(text: str, name: str) -> tuple[str, ...] | None:
    """(by, on, submission, ran_as) of the sign-off recorded under the organisation called `name`, if any."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    orgs = data.get("organisations") if isinstance(data, dict) else None
    for org in orgs if isinstance(orgs, list) else []:
        if isinstance(org, dict) and str(org.get("name", "")).strip() == name:
            r = org.get("signed_off")
            if isinstance(r, dict):
                return tuple(str(r.get(k) or "") for k in ("by", "on", "submission", "ran_as"))
    return None
