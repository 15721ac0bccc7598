"""Say which questions have no answer yet, so nothing is missed by accident."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem


def check(ctx: CheckContext) -> Iterator[Problem]:
    # what the document answers, not which files exist: an empty contribution is no answer
    answered = {a.question_id for s in ctx.assembly.document.sections for a in s.answers}
    for i, q in enumerate(ctx.response.data.questions):
        if q.id not in answered:
            yield Problem(
                ctx.response.shown,
                ctx.response.located.line(("questions", i, "id")),
                f"question {q.id} has no answer",
                f"add a contribution with  answers: {q.id}, or leave it if you chose not to answer",
                "warning",
                code="answer.missing",
                subject=q.id,
            )
