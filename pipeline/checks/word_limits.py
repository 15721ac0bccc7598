"""Answers must fit the consultation's limits, in words and in characters: online forms cut or refuse longer ones.

Both are counted on exactly the text the answers export gives to paste (`plaintext.answer_text`).
A profile that declares `BOX_CHARS` (an online form) caps every answer box at that many characters, `chars:` or not."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.profiles import profile_of

CHARS = "characters (as the form counts them: spaces included, a line break as two, an emoji as two or more)"


def check(ctx: CheckContext) -> Iterator[Problem]:
    questions = ctx.response.data.questions
    box = profile_of(ctx.response.data.submit_to).box_chars  # the profile says so: no profile named here
    # looked up, not searched for each answer: that was answers x (questions + contributions), 1.4 s at 5,000
    index: dict[str, int] = {}
    for k, q in enumerate(questions):
        index.setdefault(q.id, k)  # the first, as written
    pasted: dict[str | None, list[str]] = {}
    for c in ctx.assembly.included:
        if not c.meta.confidential:  # the annex is not pasted
            pasted.setdefault(c.meta.answers, []).append(c.shown)
    for section in ctx.assembly.document.sections:
        for answer in section.answers:
            i = index[answer.question_id]
            files = ", ".join(pasted.get(answer.question_id, ()))
            # each limit the answer is over: (counted, the limit, what is counted, the limit said, where, code)
            over = []
            if answer.limit and answer.words > answer.limit:
                said = f"its limit of {answer.limit}"
                over.append((answer.words, answer.limit, "words", said, "limit", "limit.words"))
            if answer.chars_limit and answer.chars > answer.chars_limit:
                said = f"its limit of {answer.chars_limit}"
                over.append((answer.chars, answer.chars_limit, CHARS, said, "chars", "limit.chars"))
            elif box and answer.chars > box:
                said = f"the {box:,} an online form's box holds"
                over.append((answer.chars, box, CHARS, said, "text", "limit.form-box"))
            for counted, limit, unit, said, key, code in over:
                yield Problem(
                    ctx.response.shown,
                    ctx.response.located.line(("questions", i, key)),
                    f"the answer to {answer.question_id} has {counted} {unit}, over {said}",
                    f"cut {counted - limit} {unit.split(' (')[0]} from {files}",
                    "final",
                    code=code,
                    subject=answer.question_id,
                )
