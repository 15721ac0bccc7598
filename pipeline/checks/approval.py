"""A final submission carries only approved contributions."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem


def check(ctx: CheckContext) -> Iterator[Problem]:
    for c in ctx.assembly.included:
        if c.meta.status != "approved":
            yield Problem(
                c.shown,
                c.located.line(("status",)),
                f"this contribution is '{c.meta.status}', not approved",
                "when it has been signed off, set  status: approved  (or build with --draft)",
                "final",
            )
