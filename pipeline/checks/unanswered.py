"""Say which questions have no answer yet, so nothing is missed by accident.

A question marked `unanswered:` in response.yaml was left on purpose: the build prints "No response"
for it, so it is not reported; if a contribution answers it after all, that is said, as the mark is stale.

A question whose every answer was left out because its author withdrew (or because someone who declined an
edit asked for it to be left out) is a decision for the coordinator, not a silent gap: it stops a final build
(`answer.withdrawn`) until it is answered again or marked `unanswered: true`. `check` never says "ready to
submit" while a question is empty.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.assemble.confirmation import left_out_by
from pipeline.checks import CheckContext
from pipeline.errors import Problem, Severity
from pipeline.load.schema import Question


def check(ctx: CheckContext) -> Iterator[Problem]:
    # what the document answers, not which files exist: an empty contribution is no answer
    answered = {a.question_id for s in ctx.assembly.document.sections for a in s.answers}
    written = {c.meta.answers for c in ctx.assembly.included if c.meta.answers}
    kept = {c.path for c in ctx.assembly.included}
    # the answers a withdrawal took out, or someone asked to be left out: question id -> the files left out
    taken: dict[str, list[str]] = {}
    why: dict[str, list[str]] = {}  # question id -> why, in words, each reason once
    for c in ctx.response.contributions:
        if c.meta.answers and c.path not in kept:
            taken.setdefault(c.meta.answers, []).append(c.name)
            asked = left_out_by(c.meta)
            reason = f"{', '.join(asked)} declined an edit and asked for it to be left out" if asked else ""
            why.setdefault(c.meta.answers, []).append(reason or "someone withdrew")
    for i, q in enumerate(ctx.response.data.questions):
        if found := _finding(q, q.id in written, q.id in answered, taken.get(q.id), why.get(q.id)):
            field, severity, code, message, fix = found
            line = ctx.response.located.line(("questions", i, field))
            yield Problem(ctx.response.shown, line, message, fix, severity, code=code, subject=q.id)


def _finding(
    q: Question, written: bool, answered: bool, taken: list[str] | None, why: list[str] | None = None
) -> tuple[str, Severity, str, str, str] | None:
    """(the field of the question it is at, severity, code, message, fix) of what is wrong, if anything."""
    if q.left_unanswered and written:
        message = f"question {q.id} is marked unanswered, but a contribution answers it"
        fix = f"remove  unanswered:  from {q.id} to print the answer as written, or move the answer elsewhere"
        return "unanswered", "warning", "answer.marked-unanswered", message, fix
    if answered or q.left_unanswered:
        return None
    if taken:
        because = " and ".join(dict.fromkeys(why or ["someone withdrew"]))
        message = f"question {q.id} has no answer now: its answer ({', '.join(taken)}) is left out because {because}"
        fix = (
            f"decide: write a new answer with  answers: {q.id}, or mark it  unanswered: true  so the"
            " submission says 'No response'"
        )
        return "id", "final", "answer.withdrawn", message, fix
    fix = f"add a contribution with  answers: {q.id}, or mark it  unanswered: true  if you chose not to answer"
    return "id", "warning", "answer.missing", f"question {q.id} has no answer", fix
