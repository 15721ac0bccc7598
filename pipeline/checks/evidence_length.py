"""Written evidence within what the committee asks for (the rules its profile ENFORCES, pipeline/profiles/).

- `word-limit`: the whole submission within its word limit (`word_limit:` in response.yaml, else the
  profile's WORD_LIMIT: 3,000 words for a Commons committee), counted as plaintext.py counts words.
- `summary-first`: it opens with a summary (a contribution with `section: summary`).
- `summary-page`: past six pages, a summary of at most one page (pages estimated by profiles/shape.py).

Each stops a final build and warns in a draft, with the count.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.profiles import enforces, profile_of
from pipeline.profiles.length import document_words, section_words, summary_words
from pipeline.profiles.shape import PAGE_RULE, WORDS_PER_PAGE, pages

MOST_PAGES_WITHOUT_SUMMARY = 6  # a Lords committee asks for a one-page summary past six pages


def _thousands(n: int) -> str:
    return f"{n:,}"


def check(ctx: CheckContext) -> Iterator[Problem]:
    data = ctx.response.data
    doc = ctx.assembly.document
    shown, located = ctx.response.shown, ctx.response.located
    summary = next((s for s in doc.sections if s.kind == "summary"), None)
    words = document_words(doc)

    limit = data.word_limit or profile_of(data.submit_to).word_limit
    if enforces(data.submit_to, "word-limit") and limit and words > limit:
        longest = sorted(doc.sections, key=lambda s: section_words(s, doc.meta.language), reverse=True)[:3]
        yield Problem(
            shown,
            located.line(("word_limit",) if data.word_limit else ("submit_to",)),
            f"the submission has {_thousands(words)} words, over its limit of {_thousands(limit)}",
            f"cut {_thousands(words - limit)} words; the longest parts are "
            + ", ".join(f"{s.title} ({_thousands(section_words(s, doc.meta.language))})" for s in longest)
            + ("" if data.word_limit else "; or set  word_limit:  if the committee allows more"),
            "final",
            code="evidence.over-word-limit",
        )

    wants_summary = enforces(data.submit_to, "summary-first") or (
        enforces(data.submit_to, "summary-page") and pages(words) > MOST_PAGES_WITHOUT_SUMMARY
    )
    if wants_summary and summary is None:
        why = (
            f"it runs to about {pages(words)} pages ({_thousands(words)} words; {PAGE_RULE}), past"
            f" {MOST_PAGES_WITHOUT_SUMMARY}, so the committee asks for a summary of at most one page"
            if not enforces(data.submit_to, "summary-first")
            else "the committee asks for evidence that opens with a short summary in bullet points"
        )
        yield Problem(
            shown,
            located.line(("submit_to",)),
            f"the submission has no summary: {why}",
            "add a contribution with  section: summary  (each paragraph becomes a bullet point)",
            "final",
            code="evidence.no-summary",
        )
    if (
        summary is not None
        and enforces(data.submit_to, "summary-page")
        and pages(words) > MOST_PAGES_WITHOUT_SUMMARY
        and (in_summary := summary_words(summary)) > WORDS_PER_PAGE
    ):
        yield Problem(
            summary.blocks[0].source.path if summary.blocks else shown,
            summary.blocks[0].source.line if summary.blocks else located.line(("submit_to",)),
            f"the summary has {_thousands(in_summary)} words, more than one page ({PAGE_RULE}); the submission"
            f" runs to about {pages(words)} pages, past {MOST_PAGES_WITHOUT_SUMMARY}, so the committee asks for a"
            " summary of at most one page",
            f"cut the summary by {_thousands(in_summary - WORDS_PER_PAGE)} words, to {WORDS_PER_PAGE} or fewer",
            "final",
            code="evidence.summary-too-long",
        )
