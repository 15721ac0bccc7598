"""Say which questions have no answer yet, so nothing is missed by accident.

A question marked `unanswered:` in response.yaml was left on purpose: the build prints "No response"
for it, so it is not reported; if a contribution answers it after all, that is said, as the mark is stale.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem


def check(ctx: CheckContext) -> Iterator[Problem]:
    # what the document answers, not which files exist: an empty contribution is no answer
    answered = {a.question_id for s in ctx.assembly.document.sections for a in s.answers}
    written = {c.meta.answers for c in ctx.assembly.included if c.meta.answers}
    for i, q in enumerate(ctx.response.data.questions):
        if q.left_unanswered and q.id in written:
            yield Problem(
                ctx.response.shown,
                ctx.response.located.line(("questions", i, "unanswered")),
                f"question {q.id} is marked unanswered, but a contribution answers it",
                f"remove  unanswered:  from {q.id} to print the answer as written, or move the answer elsewhere",
                "warning",
                code="answer.marked-unanswered",
                subject=q.id,
            )
        elif q.id not in answered:
            yield Problem(
                ctx.response.shown,
                ctx.response.located.line(("questions", i, "id")),
                f"question {q.id} has no answer",
                f"add a contribution with  answers: {q.id}, or mark it  unanswered: true  if you chose not to answer",
                "warning",
                code="answer.missing",
                subject=q.id,
            )
