"""Contributed text must not name a contributor who has not chosen to be named.

The credits can only print what `people.py` decided, but a person's name can
also be typed into the text itself ("as Jordan Reeve told us"). That is a leak
of the same kind, so it stops every build, drafts included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Problem
from ..people import withheld_strings
from . import CheckContext


def check(ctx: CheckContext) -> Iterator[Problem]:
    people = ctx.assembly.people
    withheld = withheld_strings(people)
    owner = {s: pid for pid, p in people.items() for s in p.withheld}
    patterns = [(s, re.compile(rf"(?<!\w){re.escape(s)}(?!\w)", re.IGNORECASE)) for s in withheld]
    for c in ctx.assembly.included:
        for offset, line in enumerate(c.body.split("\n")):
            for s, pattern in patterns:
                if pattern.search(line):
                    what = "an e-mail address" if "@" in s else "the name"
                    yield Problem(
                        c.shown,
                        c.body_line + offset,
                        f"the text gives {what} of contributor '{owner[s]}', who has not chosen to be named",
                        f"remove it, or use how they chose to be credited (see contributors/{owner[s]}.yaml)",
                    )
