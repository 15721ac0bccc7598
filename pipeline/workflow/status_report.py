"""What `coproduce status` and the workbench's pages say of a response (workflow/status.py works it out): the
report's parts as frozen values, and the JSON `status --json` prints of them (fields marked private left out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from pipeline.assemble.history import UnknownAuthor
from pipeline.workflow.consent_missing import ConsentMissing

STATUSES = ("draft", "review", "approved")
PRIVATE = {"private": True}  # field metadata: never in JSON


# -------------------------------------------------------------------- report


@dataclass(frozen=True)
class QuestionStatus:
    id: str
    text: str
    answered: bool
    words: int | None  # None when the answers could not be assembled
    limit: int | None
    over_by: int  # words over the limit; 0 when within it
    files: tuple[str, ...]
    chars: int | None = None  # characters of the text to paste, as the form counts them
    chars_limit: int | None = None
    chars_over_by: int = 0
    reading: Reading | None = None  # plain-English advice on the answer; None when unanswered or not assembled


@dataclass(frozen=True)
class Reading:
    """Plain-English figures of one answer (advice only: see checks/_readability.py)."""

    sentences: int
    average: float  # words per sentence
    long: int  # sentences over the plain-English length
    ease: float | None  # Flesch reading ease: 60-70 is plain English


@dataclass(frozen=True)
class ContributionStatus:
    file: str  # name within the response folder
    place: str  # the question id or section it fills
    status: str  # as written, except that an approval that does not hold is back in "review"
    by: tuple[str, ...]
    reviewed_by: tuple[str, ...]
    left_out: bool  # an author withdrew, or someone asked for it to be left out: nothing of it is used
    flags: tuple[str, ...]  # authors who withdrew or left, in words
    changed_by: tuple[str, ...] = ()  # from git: anyone who committed a change to it
    edited_by: tuple[str, ...] = ()  # from git: edited it without being an author or reviewer
    # approved | changed | beside | no-record | not-approver | not-approved, as assemble/approval.py decides
    approval: str = "not-approved"
    approved_by: str | None = None  # from the approval record, when there is one
    approved_on: dt.date | None = None
    approval_note: str = ""  # in words, when it says approved but the approval does not hold
    confidential: bool = False  # `confidential: true`: in the confidential annex only, never the submission
    asked_left_out: tuple[str, ...] = ()  # who declined an edit and asked for it to be left out (not a withdrawal)

    @property
    def needs_approval(self) -> bool:
        return not self.left_out and self.status != "approved"


@dataclass(frozen=True)
class QuoteWithoutConsent:
    file: str
    line: int | None
    contributor: str


@dataclass(frozen=True)
class PersonGone:
    """A contributor whose withdrawal or leaving is in force, and what of theirs is affected."""

    id: str
    on: dt.date
    files: tuple[str, ...]  # contributions they wrote or began
    left_out: tuple[str, ...] = ()  # what the build leaves out because of them (withdrawals only)


@dataclass(frozen=True)
class Hours:
    sessions: int  # held by today, with someone present
    planned: int  # dated after today
    person_hours: float  # hours x people present (withdrawn people's time not counted)
    lived_experience_hours: float


@dataclass(frozen=True)
class GitStatus:
    note: str | None
    commits: int
    unknown_commits: int
    unknown_files: tuple[str, ...]
    unknown_authors: tuple[UnknownAuthor, ...] = field(default=(), metadata=PRIVATE)


@dataclass(frozen=True)
class UnsortedDraft:
    file: str  # as shown, for  coproduce assign
    needs: tuple[str, ...]  # what it needs before it can be filed, in words


@dataclass(frozen=True)
class ProblemCounts:
    errors: int  # stop every build
    final: int  # stop a final build only
    warnings: int


@dataclass(frozen=True)
class ResponseStatus:
    slug: str
    folder: str
    loaded: bool  # False when response.yaml itself could not be read
    problems: ProblemCounts
    title: str | None = None
    consultation: str | None = None
    closes: dt.date | None = None
    days_left: int | None = None
    questions: tuple[QuestionStatus, ...] = ()
    contributions: tuple[ContributionStatus, ...] = ()
    quotes_without_consent: tuple[QuoteWithoutConsent, ...] = ()
    consent_missing: tuple[ConsentMissing, ...] = ()  # authors, reviewers and people at sessions
    withdrawn: tuple[PersonGone, ...] = ()
    left: tuple[PersonGone, ...] = ()
    hours: Hours | None = None
    git: GitStatus | None = None
    unsorted: tuple[UnsortedDraft, ...] = ()  # drafts intake could not file: no build prints them
    outcome: str = ""  # what became of it, or the reminder to record it (workflow/outcome.py)
    outcome_reminder: bool = False  # the body's response was expected by now and is not recorded

    @property
    def by_status(self) -> dict[str, tuple[str, ...]]:
        return {s: tuple(c.file for c in self.contributions if c.status == s) for s in STATUSES}

    @property
    def approval_missing(self) -> tuple[str, ...]:
        return tuple(c.file for c in self.contributions if c.needs_approval)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = _jsonable(self)
        data["by_status"] = {s: list(files) for s, files in self.by_status.items()}
        data["approval_missing"] = list(self.approval_missing)
        return data


def _jsonable(value: Any) -> Any:
    """Dataclasses to dicts, dates to ISO strings, tuples to lists; `private` fields dropped."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value) if not f.metadata.get("private")}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | frozenset | set):
        items = [_jsonable(v) for v in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in sorted(value.items())}
    return value
