"""`submit_to:` must name a submission profile that exists (pipeline/profiles/)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.profiles import profiles


def check(ctx: CheckContext) -> Iterator[Problem]:
    wanted = ctx.response.data.submit_to
    known = profiles()
    if wanted in known:
        return
    close = difflib.get_close_matches(wanted, list(known), n=1)
    yield Problem(
        ctx.response.shown,
        ctx.response.located.line(("submit_to",)),
        f"there is no submission profile '{wanted}'",
        (f"did you mean '{close[0]}'? " if close else "") + f"write one of: {', '.join(sorted(known))}",
        code="profile.unknown",
    )
