"""Who a response is from (organisation_schema.Organisation): its contact person, and every co-signer's sign-off.

The contact details are the ORGANISATION's, printed on the title page, the letterhead or evidence's last
lines (profiles/shape.py). The contact person is given as a contributor id and printed only as
assemble/people.py decided: a person credited by initials, a pseudonym, a role or not at all, or without
consent in force, is left off the submission, and the build says so here (a final build stops) rather than
print a name they did not choose.

A co-signed response (`organisations:` with two or more) is each organisation's word: a final build needs
every organisation to have signed the whole submission off, its lead or someone in its `signoff:` list,
with a record of exactly what prints now (assemble/signoff.py, the rule `coproduce signoff` and the build
page use). A change to what prints after that undoes it; an organisation with nobody who may sign off for
it cannot have. A draft needs none; a response from one organisation needs none (its approvals stand).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.assemble.people import unnamed_because
from pipeline.assemble.signoff import co_signed, committed_by, signoffs, submission_fingerprint
from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.load.affiliation import affiliation_of, nearest, workbench_organisations

# the co-signers' sign-offs themselves: all a final build may still refuse when someone signs off, so
# `coproduce signoff` and the build page set them aside and refuse on anything else (workflow/signoff.py)
SIGNOFF_CODES = frozenset(
    {
        "organisation.no-lead",
        "organisation.not-signed-off",
        "organisation.signoff-changed",
        "organisation.signoff-not-theirs",
        "organisation.signoff-committed-by-another",
    }
)


def check(ctx: CheckContext) -> Iterator[Problem]:
    yield from _contacts(ctx)
    yield from _co_signers(ctx)
    yield from _affiliations(ctx)


def _affiliations(ctx: CheckContext) -> Iterator[Problem]:
    """A person's `organisation:` names one of the workbench's organisations (load/affiliation.py), and the
    people an organisation lists as its lead, sign-off or signatories are not of another by their own file."""
    wb = ctx.workbench
    given = {pid: cf for pid, cf in sorted(wb.contributors.items()) if cf.data.organisation}
    if not given:
        return
    known = workbench_organisations(wb.root, wb.response_dirs())
    for pid, cf in given.items():
        typed = cf.data.organisation or ""
        if affiliation_of(typed, known) is not None:
            continue
        close = nearest(typed, known)
        listed = "; ".join(known) if known else "none yet"
        yield Problem(
            cf.shown,
            cf.located.line(("organisation",)),
            f"{pid}'s organisation '{typed}' is not one any response of the workbench names",
            (f"did you mean '{close}'? " if close else "")
            + f"write it as a response.yaml's organisation: or organisations: spells it (known: {listed}),"
            " or leave organisation: out",
            "final",
            column=cf.located.column(("organisation",)),
            code="organisation.unknown",
            subject=pid,
        )
    data, located = ctx.response.data, ctx.response.located
    for i, org in enumerate(data.signers):
        at = data.organisation_path(i)
        for key, what in (("lead", "lead"), ("signoff", "sign-off"), ("signatories", "signatory")):
            value = getattr(org, key)
            for j, pid in enumerate([value] if isinstance(value, str) else value or []):
                own = given.get(pid)
                theirs = affiliation_of(own.data.organisation, known) if own else None
                if own is None or theirs is None or affiliation_of(theirs, [org.name]) is not None:
                    continue
                where = (*at, key) if isinstance(value, str) else (*at, key, j)
                yield Problem(
                    ctx.response.shown,
                    located.line(where),
                    f"{pid} is listed as {org.name}'s {what}, but {own.shown} says they take part for {theirs}",
                    f"list {pid} under {theirs} instead, or correct organisation: in {own.shown}",
                    "final",
                    column=located.column(where),
                    code="organisation.person-of-another",
                    subject=pid,
                )


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
            why = unnamed_because(person)
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
    response, located, shown = ctx.response, ctx.response.located, ctx.response.shown
    if not co_signed(response):
        return  # one organisation: the approval check's rule (lead or signoff:) is the whole rule
    submission = submission_fingerprint(
        response, ctx.assembly.included, ctx.assembly.people, ctx.assembly.document.credits.groups
    )
    slug = response.slug
    contributors = {pid: cf.data for pid, cf in ctx.workbench.contributors.items()}
    for s in signoffs(response, submission):
        at = response.data.organisation_path(s.index)
        record = s.organisation.signed_off
        if not s.may:
            yield Problem(
                shown,
                located.line((*at, "name")),
                f"{s.name} co-signs this response but has nobody who may sign it off for it",
                f"add  lead: <contributor id>  (and signoff: [...] if others may) under {s.name}",
                "final",
                column=located.column((*at, "name")),
                code="organisation.no-lead",
            )
            continue
        ask = " or ".join(s.may)
        how = (
            f"ask {ask} to read the whole submission and run  coproduce signoff {slug} --by ID  (or press"
            f' "Sign off for {s.name}" on the build page); or build with --draft'
        )
        if s.state == "waiting":
            yield Problem(
                shown,
                located.line((*at, "name")),
                f"{s.name} co-signs this response, but has not signed it off yet (who may: {', '.join(s.may)})",
                how,
                "final",
                column=located.column((*at, "name")),
                code="organisation.not-signed-off",
                subject=s.may[0],
            )
        elif s.state == "not-theirs" and record is not None:
            yield Problem(
                shown,
                located.line((*at, "signed_off", "by")),
                f"{s.name}'s sign-off names {record.by}, who may not sign off for {s.name} (who may:"
                f" {', '.join(s.may)}), so {s.name} has not signed it off",
                how,
                "final",
                column=located.column((*at, "signed_off", "by")),
                code="organisation.signoff-not-theirs",
                subject=record.by,
            )
        elif s.state == "changed" and record is not None:
            yield Problem(
                shown,
                located.line((*at, "signed_off")),
                f"{record.by} signed off for {s.name} on {record.on}, before what the submission prints changed"
                " (a contribution, a question, a credit, the response's details, or a withdrawal), so it must be"
                " signed off again",
                how,
                "final",
                column=located.column((*at, "signed_off"), value=False),
                code="organisation.signoff-changed",
                subject=record.by,
            )
        elif (
            s.current
            and record is not None
            and (found := committed_by(response, s.index, contributors)).state == "another"
        ):
            person = ctx.workbench.contributors.get(record.by)
            own = person.shown if person else f"contributors/{record.by}.yaml"
            # who made the commit is private (a git identity): the message names the commit, never them
            yield Problem(
                shown,
                located.line((*at, "signed_off", "by")),
                f"{record.by}'s sign-off for {s.name} was committed (in {found.commit}) from an address that is not"
                f" in {record.by}'s emails: in {own}, so it may have been recorded by someone else in their name",
                f"{record.by} should read it and sign it off again themselves (coproduce signoff {slug} --by"
                f" {record.by}), then commit it from their own address; or, if that address is {record.by}'s, add it"
                f" to emails: in {own}",
                "final",
                column=located.column((*at, "signed_off", "by")),
                code="organisation.signoff-committed-by-another",
                subject=record.by,
            )
