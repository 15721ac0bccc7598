"""What became of the response (`outcome:` in response.yaml), checked against the response itself.

The fields' own rules (https links, dates, results) are the schema's (load/outcome_schema.py). Here:

- a recommendation named in the outcome must exist: `r3` is the third numbered item of the
  recommendations section as printed (`numbered_recommendations`, which `tell` and `report` use too);
- the body cannot respond before the response was sent, nor can it be sent before it was dated.

An outcome is not part of the submission: nothing here stops a build (warnings and errors about
the outcome name response.yaml; an unknown recommendation is an error, as it is a mistake to fix).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline import model as m
from pipeline.assemble.plaintext import PlainText
from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.privacy.identity import label_words
from pipeline.privacy.normalise import fold


def numbered_recommendations(doc: m.Document) -> dict[str, str]:
    """`r<number>` -> the recommendation's text as printed, for each numbered item of the recommendations
    section, in order; a second numbered list carries on from where the first ended unless it says its start."""
    found: dict[str, str] = {}
    text = PlainText()
    for section in doc.sections:
        if section.kind != "recommendations":
            continue
        following = 1
        for block in section.blocks:
            if not isinstance(block, m.OrderedList):
                continue
            start = block.start if block.start != 1 else following
            for k, item in enumerate(block.items):
                found.setdefault(f"r{start + k}", " ".join(text.blocks(item.blocks).split()))
            following = start + len(block.items)
    return found


def check(ctx: CheckContext) -> Iterator[Problem]:
    data, located, shown = ctx.response.data, ctx.response.located, ctx.response.shown
    outcome = data.outcome
    if outcome is None:
        return
    known = numbered_recommendations(ctx.assembly.document)
    for i, rec in enumerate(outcome.recommendations):
        if rec.id not in known:
            have = (
                f"this response has r1 to r{len(known)}" if known else "this response has no numbered recommendations"
            )
            yield Problem(
                shown,
                located.line(("outcome", "recommendations", i, "id")),
                f"the outcome names recommendation {rec.id}, which the recommendations section does not have",
                f"use r and the number printed beside it; {have}",
                column=located.column(("outcome", "recommendations", i, "id")),
                code="outcome.unknown-recommendation",
                subject=rec.id,
            )
    yield from _private_names(ctx)
    if outcome.reply and outcome.submitted and outcome.reply.date < outcome.submitted:
        yield Problem(
            shown,
            located.line(("outcome", "reply", "date")),
            f"the body's response is dated {outcome.reply.date}, before the response was sent ({outcome.submitted})",
            "check both dates",
            "warning",
            code="outcome.reply-before-sent",
        )
    if outcome.submitted and data.date and outcome.submitted < data.date:
        yield Problem(
            shown,
            located.line(("outcome", "submitted")),
            f"the response was sent on {outcome.submitted}, before the date printed on it ({data.date})",
            "check both dates",
            "warning",
            code="outcome.sent-before-dated",
        )


def _private_names(ctx: CheckContext) -> Iterator[Problem]:
    """A private name in the outcome's words, which the letters print: `tell` refuses them, so say it here first."""
    outcome, located, shown = ctx.response.data.outcome, ctx.response.located, ctx.response.shown
    assert outcome is not None
    typed: list[tuple[tuple[str | int, ...], str | None]] = []
    if outcome.reply:
        typed.append((("outcome", "reply", "summary"), outcome.reply.summary))
    for k, r in enumerate(outcome.recommendations):
        typed.append((("outcome", "recommendations", k, "evidence"), r.evidence))
    ids = ctx.assembly.identities
    allowed = frozenset().union(*ids.ordinary.values(), label_words(ctx.assembly.document.meta.language))
    for path, text in typed:
        if not text:
            continue
        folded = fold(text)
        for hit in ctx.assembly.matcher.find_folded(folded):
            if not hit.whole and folded[hit.start : hit.end] in allowed:  # as the guard reads: ordinary words pass
                continue
            yield Problem(
                shown,
                located.line(path),
                f"the outcome holds {hit.variants[0].what} of contributor '{', '.join(hit.people)}',"
                " who has not chosen to be named; the letters (coproduce tell) print these words",
                "take the name out of the outcome",
                "warning",
                column=located.column(path),
                code="outcome.private-name",
                subject=",".join(hit.people),
            )
            break
