"""A letter is signed by people who chose to be named (the `signatories` rule of the letter profile).

Each id in `signatories:` must be credited by their own name (`credit: name` in their contributor file)
with consent recorded and not withdrawn: the letter prints that name, and only that name, as
assemble/people.py decided it. Anyone else is left off the letter and stops a final build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.assemble.people import unnamed_because
from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.profiles import enforces


def check(ctx: CheckContext) -> Iterator[Problem]:
    data = ctx.response.data
    if not enforces(data.submit_to, "signatories"):
        return
    shown, located = ctx.response.shown, ctx.response.located
    lists: list[tuple[tuple[str | int, ...], list[str]]] = [
        (("signatories",), list(data.signatories))
    ]  # the response's own, then each organisation's
    lists += [((*data.organisation_path(i), "signatories"), list(o.signatories)) for i, o in enumerate(data.signers)]
    if not any(ids for _, ids in lists):
        yield Problem(
            shown,
            located.line(("submit_to",)),
            "a letter needs someone to sign it, and no signatories are given",
            "add  signatories: [id, ...]  with the ids of people credited by name who have consented",
            "final",
            code="letter.no-signatories",
        )
    if not data.to:
        yield Problem(
            shown,
            located.line(("submit_to",)),
            "the letter says nobody it is addressed to",
            "add  to: [The Rt Hon A Minister MP, Department ...]  with the addressee's lines",
            "final",
            code="letter.no-addressee",
        )
    for at, ids in lists:
        yield from _each(ctx, at, ids)


def _each(ctx: CheckContext, at: tuple[str | int, ...], ids: list[str]) -> Iterator[Problem]:
    """The signatories of one list (`signatories:` of the response, or of one organisation)."""
    shown, located = ctx.response.shown, ctx.response.located
    for j, pid in enumerate(ids):
        person = ctx.assembly.people.get(pid)
        contributor = ctx.workbench.contributors.get(pid)
        if person is None or contributor is None:
            continue  # not a contributor: ref.unknown-person says so
        line = located.line((*at, j))
        # the id's own place on its line: the nth time it is written there, for a list on one line
        nth = sum(1 for k in range(j) if ids[k] == pid and located.line((*at, k)) == line)
        found = list(re.finditer(rf"(?<![\w-]){re.escape(pid)}(?![\w-])", located.source_line(line)))
        column = found[nth].start() + 1 if nth < len(found) else None
        if pid in ids[:j]:
            yield Problem(
                shown,
                line,
                f"signatory '{pid}' is listed more than once; the letter is signed by them once",
                f"take the second {pid} out of signatories:",
                "warning",
                column=column,
                code="letter.signatory-twice",
                subject=pid,
            )
            continue
        if person.credit is None:  # no consent recorded, or withdrawn
            why = unnamed_because(person)
            yield Problem(
                shown,
                line,
                f"signatory '{pid}' {why}, so they cannot sign the letter",
                f"record their consent in {contributor.shown} (consent: recorded:), or take {pid} off signatories:",
                "final",
                column=column,
                code="letter.signatory-no-consent",
                subject=pid,
            )
        elif not person.named:
            yield Problem(
                shown,
                line,
                f"signatory '{pid}' is credited by {contributor.data.credit}, not by name, so the letter cannot"
                " print who signed it",
                f"if {pid} chooses to sign by name, set  credit: name  in {contributor.shown}; else take {pid} off"
                " signatories:",
                "final",
                column=column,
                code="letter.signatory-not-named",
                subject=pid,
            )
