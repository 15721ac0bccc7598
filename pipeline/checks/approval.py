"""A final submission carries only approved contributions, and an approval holds only for the text approved.

An approval is the record `coproduce approve` writes (assemble/approval.py decides whether it
holds); `status: approved` typed by hand is not one.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.assemble.approval import approval_of
from pipeline.checks import CheckContext
from pipeline.errors import Problem


def check(ctx: CheckContext) -> Iterator[Problem]:
    approvers = ctx.response.approvers
    may = (
        f"who may approve: {', '.join(approvers)}"
        if approvers
        else f"nobody may yet: first set  lead:  or  signoff:  in {ctx.response.shown}"
    )
    for c in ctx.assembly.included:
        approval = approval_of(c, approvers)
        approve = f"coproduce approve {c.shown} --by ID"
        if approval.state == "not-approved":
            yield Problem(
                c.shown,
                c.located.line(("status",)),
                f"this contribution is '{c.meta.status}', not approved",
                f"when it has been signed off, run  {approve}  ({may}); or build with --draft",
                "final",
                code="approval.not-approved",
            )
        elif approval.state == "no-record":
            yield Problem(
                c.shown,
                c.located.line(("status",)),
                approval.describe(),
                f"to approve it, run  {approve}  ({may})",
                "final",
                code="approval.no-record",
            )
        elif approval.state == "changed":
            yield Problem(
                c.shown,
                c.located.line(("approved",)),
                approval.describe(),
                f"have it read again, then approve it again:  {approve}  ({may}); or build with --draft",
                "final",
                code="approval.changed",
                subject=approval.by or "",
            )
        elif approval.state == "not-approver":
            yield Problem(
                c.shown,
                c.located.line(("approved", "by")),
                approval.describe(),
                f"ask one of them to run  {approve}  ({may}), or add {approval.by} to signoff:",
                "final",
                code="approval.not-approver",
                subject=approval.by or "",
            )
