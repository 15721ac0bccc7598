"""Each person confirms edits to their own words (issue 21): when someone else changed a contribution's text,
or a quote, after its author (or the person quoted) last saw it, a final build waits for their confirmation.

Whose words and what they last saw are decided in `assemble/confirmation.py`; `confirm_edits: false` in
response.yaml lets the lead's approval stand in for it. A contribution someone asked to be left out is not in
`assembly.included`, so nothing in it waits for anyone.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.assemble.confirmation import unconfirmed
from pipeline.checks import CheckContext
from pipeline.errors import Problem


def check(ctx: CheckContext) -> Iterator[Problem]:
    slug = ctx.response.slug
    for c in ctx.assembly.included:
        for u in unconfirmed(c.meta, c.body, ctx.response.data, ctx.assembly.people):
            what = (
                "words here were changed by someone else after they last saw them"
                if u.author
                else ("quote here was changed by someone else after they last saw it")
            )
            yield Problem(
                c.shown,
                c.located.line(("confirmed",)),
                f"{u.pid}'s {what} ({u.seen.on}), so a final build needs {u.pid}'s confirmation",
                f"send them the letter  coproduce confirmations {slug} --letters FOLDER  writes, then record"
                f" their answer:  coproduce confirmations record {slug} {c.name} --by {u.pid}  (or  decline  with"
                " --keep-original for their earlier words, or --leave-out to leave this contribution out)",
                "final",
                code="edits.unconfirmed",
                subject=u.pid,
            )
