"""Answers must fit the consultation's limits, in words and in characters: online forms cut or refuse longer ones.

Both are counted on exactly the text the answers export gives to paste (`plaintext.answer_text`).
An online form's box also holds no more than `online_form.BOX_CHARS` characters, `chars:` or not."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.profiles import online_form


def check(ctx: CheckContext) -> Iterator[Problem]:
    questions = ctx.response.data.questions
    for section in ctx.assembly.document.sections:
        for answer in section.answers:
            i = next(k for k, q in enumerate(questions) if q.id == answer.question_id)
            files = ", ".join(
                c.shown
                for c in ctx.assembly.included
                if c.meta.answers == answer.question_id and not c.meta.confidential  # the annex is not pasted
            )
            if answer.limit and answer.words > answer.limit:
                yield Problem(
                    ctx.response.shown,
                    ctx.response.located.line(("questions", i, "limit")),
                    f"the answer to {answer.question_id} has {answer.words} words, over its limit of {answer.limit}",
                    f"cut {answer.words - answer.limit} words from {files}",
                    "final",
                    code="limit.words",
                    subject=answer.question_id,
                )
            if answer.chars_limit and answer.chars > answer.chars_limit:
                yield Problem(
                    ctx.response.shown,
                    ctx.response.located.line(("questions", i, "chars")),
                    f"the answer to {answer.question_id} has {answer.chars} characters (spaces and line breaks"
                    f" included), over its limit of {answer.chars_limit}",
                    f"cut {answer.chars - answer.chars_limit} characters from {files}",
                    "final",
                    code="limit.chars",
                    subject=answer.question_id,
                )
            elif ctx.response.data.submit_to == online_form.PROFILE and answer.chars > online_form.BOX_CHARS:
                yield Problem(
                    ctx.response.shown,
                    ctx.response.located.line(("questions", i, "text")),
                    f"the answer to {answer.question_id} has {answer.chars} characters (spaces and line breaks"
                    f" included), over the {online_form.BOX_CHARS:,} an online form's box holds",
                    f"cut {answer.chars - online_form.BOX_CHARS} characters from {files}",
                    "final",
                    code="limit.form-box",
                    subject=answer.question_id,
                )
