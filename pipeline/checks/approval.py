"""A final submission carries only approved contributions, and an approval holds only for the text approved.

An approval is the record `coproduce approve` writes (assemble/approval.py decides whether it
holds); `status: approved` typed by hand is not one.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.assemble.approval import approval_of
from pipeline.checks import CheckContext
from pipeline.errors import Problem

# What each state of an approval means for a final build: where in the file it points,
# how to put it right ({approve} is the command, {may} who may run it), and its code. Rules as data.
_STATES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "not-approved": (
        ("status",),
        "when it has been signed off, run  {approve}  ({may}); or build with --draft",
        "approval.not-approved",
    ),
    "no-record": (("status",), "to approve it, run  {approve}  ({may})", "approval.no-record"),
    "changed": (
        ("approved",),
        "have it read again, then approve it again:  {approve}  ({may}); or build with --draft",
        "approval.changed",
    ),
    "not-approver": (
        ("approved", "by"),
        "ask one of them to run  {approve}  ({may}), or add {by} to signoff:",
        "approval.not-approver",
    ),
}


def check(ctx: CheckContext) -> Iterator[Problem]:
    approvers = ctx.response.approvers
    may = (
        f"who may approve: {', '.join(approvers)}"
        if approvers
        else f"nobody may yet: first set  lead:  or  signoff:  in {ctx.response.shown}"
    )
    for c in ctx.assembly.included:
        approval = approval_of(c, approvers)
        if approval.state not in _STATES:
            continue  # approved, and the record holds
        where, fix, code = _STATES[approval.state]
        message = (
            f"this contribution is '{c.meta.status}', not approved"
            if approval.state == "not-approved"
            else approval.describe()
        )
        yield Problem(
            c.shown,
            c.located.line(where),
            message,
            fix.format(approve=f"coproduce approve {c.shown} --by ID", may=may, by=approval.by),
            "final",
            code=code,
            subject=approval.by or "",  # who approved, when a record says
        )
