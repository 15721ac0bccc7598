"""Answers must fit the consultation's word limits: online forms cut or refuse longer ones."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem


def check(ctx: CheckContext) -> Iterator[Problem]:
    questions = ctx.response.data.questions
    for section in ctx.assembly.document.sections:
        for answer in section.answers:
            if answer.limit and answer.words > answer.limit:
                i = next(k for k, q in enumerate(questions) if q.id == answer.question_id)
                files = [c.shown for c in ctx.assembly.included if c.meta.answers == answer.question_id]
                yield Problem(
                    ctx.response.shown,
                    ctx.response.located.line(("questions", i, "limit")),
                    f"the answer to {answer.question_id} has {answer.words} words, over its limit of {answer.limit}",
                    f"cut {answer.words - answer.limit} words from {', '.join(files)}",
                    "final",
                    code="limit.words",
                    subject=answer.question_id,
                )
