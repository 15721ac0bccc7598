"""Say which questions have no answer yet, so nothing is missed by accident."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem


def check(ctx: CheckContext) -> Iterator[Problem]:
    answered = {c.meta.answers for c in ctx.assembly.included}
    for i, q in enumerate(ctx.response.data.questions):
        if q.id not in answered:
            yield Problem(
                ctx.response.shown,
                ctx.response.located.line(("questions", i, "id")),
                f"question {q.id} has no answer",
                f"add a contribution with  answers: {q.id}, or leave it if you chose not to answer",
                "warning",
            )
