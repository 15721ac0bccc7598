"""Whether a contribution is approved: a record that matches its text, by someone who may approve.

`status: approved` on its own is a claim anyone can type. The evidence is the record
`coproduce approve` writes beside it, `approved: {by, on, text}`, where `text` is
`vocabulary.fingerprint` of what the contribution prints. The approval check, the
credits and `status` all ask `approval_of`, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from pipeline.load.workbench import Contribution
from pipeline.vocabulary import fingerprint

# approved      status: approved, with a record that matches the text, by the lead or someone in signoff:
# changed       the text (or a printed field) changed after it was approved: back in review
# no-record     status: approved written by hand, with no record of who approved it
# not-approver  the record names someone who may not approve this response's work
# not-approved  status is draft or review
State = Literal["approved", "changed", "no-record", "not-approver", "not-approved"]


@dataclass(frozen=True)
class Approval:
    state: State
    by: str | None = None  # from the record, when there is one
    on: dt.date | None = None

    @property
    def current(self) -> bool:
        return self.state == "approved"

    @property
    def back_in_review(self) -> bool:
        """Marked approved, but the approval does not hold: it needs signing off again."""
        return self.state in ("changed", "no-record", "not-approver")

    def describe(self) -> str:
        """In words, for `check` and `status` alike."""
        if self.state == "changed":
            return f"changed since {self.by} approved it on {self.on}"
        if self.state == "no-record":
            return "status: approved  is written by hand, with no record of who approved it, so it is not yet approved"
        if self.state == "not-approver":
            return f"approved by {self.by}, who is not the lead or in signoff:, so it is not yet approved"
        if self.state == "approved":
            return f"approved by {self.by} on {self.on}"
        return "not approved"


def approval_of(c: Contribution, approvers: Collection[str]) -> Approval:
    """The approval of `c`; `approvers` are who may approve (`ResponseFolder.approvers`)."""
    record = c.meta.approved
    by, on = (record.by, record.on) if record else (None, None)
    if c.meta.status != "approved":
        return Approval("not-approved", by, on)
    if record is None:
        return Approval("no-record")
    if record.text != fingerprint(c.meta, c.body):
        return Approval("changed", by, on)
    if record.by not in approvers:
        return Approval("not-approver", by, on)
    return Approval("approved", by, on)
