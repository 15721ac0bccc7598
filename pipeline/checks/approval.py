"""A final submission carries only approved contributions, and an approval holds only for what was approved.

An approval is the record `coproduce approve` writes (assemble/approval.py decides whether it
holds); `status: approved` typed by hand is not one. In git, a record committed from an address
that is not the approver's is reported: it may have been written by one person in another's name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pipeline.assemble.approval import approval_of, committed_by
from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.load.schema import Contributor
from pipeline.load.workbench import Contribution

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
    "beside": (
        ("approved",),
        "have it read again as it now prints (coproduce serve, or a --draft build), then approve it again:"
        "  {approve}  ({may})",
        "approval.beside-changed",
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
    contributors = {pid: cf.data for pid, cf in ctx.workbench.contributors.items()}
    for c in ctx.assembly.included:
        approval = approval_of(c, ctx.response, ctx.assembly.people)
        approve = f"coproduce approve {c.shown} --by ID"
        if approval.state not in _STATES:  # approved, and the record holds
            if not approval.covered:
                yield Problem(
                    c.shown,
                    c.located.line(("approved",)),
                    f"{approval.by} approved this on {approval.on}, before coproduce recorded the pictures, the"
                    " question and the credits an approval covers, so a change to those would not be noticed",
                    f"to cover them, run  coproduce approve {c.shown} --by {approval.by}  once it has been read"
                    " again as it prints",
                    "warning",
                    code="approval.old-record",
                    subject=approval.by or "",
                )
            yield from _committed(ctx, c, approval.by or "", contributors)
            continue
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
            fix.format(approve=approve, may=may, by=approval.by),
            "final",
            code=code,
            subject=approval.by or "",  # who approved, when a record says
        )


def _committed(
    ctx: CheckContext, c: Contribution, by: str, contributors: Mapping[str, Contributor]
) -> Iterator[Problem]:
    found = committed_by(c, ctx.response, ctx.assembly.history, contributors)
    if found.state != "another":
        return
    person = ctx.workbench.contributors.get(by)
    own = person.shown if person else f"contributors/{by}.yaml"
    # who made the commit is private (a git identity): the message names the commit, never them
    yield Problem(
        c.shown,
        c.located.line(("approved", "by")),
        f"the approval by {by} was committed (in {found.commit}) from an address that is not in {by}'s emails:"
        f" in {own}, so it may have been recorded by someone else in {by}'s name",
        f"{by} should read it and approve it again themselves (coproduce approve {c.shown} --by {by}), then"
        f" commit it from their own address; or, if that address is {by}'s, add it to emails: in {own}",
        "final",
        code="approval.committed-by-another",
        subject=by,
    )
