"""Contributed text must not name a contributor who has not chosen to be named.

The credits can only print what `people.py` decided, but a person's name can
also be typed into the text itself ("as Jordan Reeve told us"). That is a leak
of the same kind, so it stops every build, drafts included.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem
from ..leakguard import whole_words
from ..people import withheld_strings
from . import CheckContext


def check(ctx: CheckContext) -> Iterator[Problem]:
    people = ctx.assembly.people
    pattern = whole_words(withheld_strings(people))
    if pattern is None:
        return
    owner = {s.lower(): pid for pid, p in people.items() for s in p.withheld}
    for c in ctx.assembly.included:
        for offset, line in enumerate(c.body.split("\n")):
            for match in pattern.finditer(line):
                found = match.group(1)
                pid = owner[found.lower()]
                what = "an e-mail address" if "@" in found else "the name"
                fix = f"remove it, or use how they chose to be credited (see contributors/{pid}.yaml)"
                if " " not in found and "@" not in found:
                    fix += f"; if '{found}' is an ordinary word here, give their full name in contributors/{pid}.yaml"
                yield Problem(
                    c.shown,
                    c.body_line + offset,
                    f"the text gives {what} of contributor '{pid}', who has not chosen to be named",
                    fix,
                )
