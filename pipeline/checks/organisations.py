"""Who a response is from (organisation_schema.Organisation): its contact person, and every co-signer's sign-off.

The contact details are the ORGANISATION's, printed on the title page, the letterhead or evidence's last
lines (profiles/shape.py). The contact person is given as a contributor id and printed only as
assemble/people.py decided: a person credited by initials, a pseudonym, a role or not at all, or without
consent in force, is left off the submission, and the build says so here (a final build stops) rather than
print a name they did not choose.

A co-signed response (`organisations:` with two or more) is each organisation's word: a final build needs
every organisation to have approved, that is its lead or someone in its `signoff:` list holding a current
approval (assemble/approval.approval_of, the rule the approval check uses) of a contribution the
submission prints. An organisation with nobody who may approve for it cannot have approved.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.assemble.approval import approval_of
from pipeline.checks import CheckContext
from pipeline.errors import Problem


def check(ctx: CheckContext) -> Iterator[Problem]:
    yield from _contacts(ctx)
    yield from _co_signers(ctx)


def _contacts(ctx: CheckContext) -> Iterator[Problem]:
    data, located, shown = ctx.response.data, ctx.response.located, ctx.response.shown
    for i, org in enumerate(data.signers):
        pid = org.contact
        person = ctx.assembly.people.get(pid) if pid else None
        contributor = ctx.workbench.contributors.get(pid) if pid else None
        if pid is None or person is None or contributor is None:
            continue  # none given, or not a contributor (ref.unknown-person says so)
        line = located.line((*data.organisation_path(i), "contact"))
        if person.credit is None:  # no consent recorded, or withdrawn
            why = f"withdrew on {person.withdrawn_on}" if person.withdrawn else "has no consent recorded"
            yield Problem(
                shown,
                line,
                f"{org.name}'s contact '{pid}' {why}, so they are not printed as its contact",
                f"record their consent in {contributor.shown} (consent: recorded:), or give another contact",
                "final",
                code="organisation.contact-no-consent",
                subject=pid,
            )
        elif not person.named:
            yield Problem(
                shown,
                line,
                f"{org.name}'s contact '{pid}' is credited by {contributor.data.credit}, not by name, so the"
                " submission cannot print them as its contact",
                f"if {pid} chooses to be named, set  credit: name  in {contributor.shown}; else give as contact"
                " someone credited by name, or leave contact: out (the e-mail and phone still print)",
                "final",
                code="organisation.contact-not-named",
                subject=pid,
            )


def _co_signers(ctx: CheckContext) -> Iterator[Problem]:
    data, located, shown = ctx.response.data, ctx.response.located, ctx.response.shown
    if len(data.signers) < 2:
        return  # one organisation: the approval check's rule (lead or signoff:) is the whole rule
    approved_by = {
        a.by for c in ctx.assembly.included if (a := approval_of(c, ctx.response, ctx.assembly.people)).current and a.by
    }
    for i, org in enumerate(data.signers):
        at = data.organisation_path(i)
        may = tuple(dict.fromkeys(((org.lead,) if org.lead else ()) + tuple(org.signoff)))
        if not may:
            yield Problem(
                shown,
                located.line((*at, "name")),
                f"{org.name} co-signs this response but has nobody who may approve for it",
                f"add  lead: <contributor id>  (and signoff: [...] if others may) under {org.name}",
                "final",
                code="organisation.no-lead",
            )
        elif not approved_by.intersection(may):
            yield Problem(
                shown,
                located.line((*at, "lead")) if org.lead else located.line((*at, "signoff")),
                f"{org.name} co-signs this response, but nobody for it has approved any of it"
                f" (who may: {', '.join(may)})",
                f"ask {' or '.join(may)} to read it and run  coproduce approve FILE --by ID  on what they agree;"
                " or build with --draft",
                "final",
                code="organisation.not-approved",
                subject=may[0],
            )
