"""A withdrawn person's words must not come back by being copied into someone else's work; nor may words of a
contribution left out at its writer's request (they declined an edit: `confirmations decline --leave-out`).

Their contributions and quotes are left out when they are assembled; this check looks for a
copy of what was left out in what is printed, by the one rule for copies
(privacy/passages.py: a run of words in order, a short sentence whole, or a sentence reordered),
folded, so punctuation, case and Word's characters do not hide a copy, and names both files.
The look's files are printed too (a page template, brand.yaml's alt text): what they show a reader
is read the same way. The guard (render/guard.py) asks the same of every output.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from pipeline.assemble.printed import NOT_PRINTED, TEMPLATE_SUFFIXES, SourceLines, printed_texts, shown_in_template
from pipeline.checks import CheckContext
from pipeline.checks._copies import copies_in
from pipeline.errors import Problem
from pipeline.privacy.normalise import fold_with_map
from pipeline.privacy.passages import Passages


def check(ctx: CheckContext) -> Iterator[Problem]:
    a = ctx.assembly
    if not a.withdrawn_text:
        return
    passages = Passages((text, str(source), pid) for text, source, pid in a.withdrawn_text)
    if not passages:
        return
    lines = SourceLines(ctx.response, a.included)
    for printed, line, col, found in copies_in(printed_texts(a.document, ctx.response, a.annex), passages, lines):
        how = "" if found.how == "in order" else ", in another order"
        yield Problem(
            printed.source.path,
            line,
            f"these words are copied from {found.where}{how}, by '{found.owner}', {a.why_not_used(found.where)}:"
            " their words may not be used",
            "take them out, or write the point again in your own words",
            column=col,
            code="withdrawn.copied",
        )
    yield from _templates(ctx, passages)


def _templates(ctx: CheckContext, passages: Passages) -> Iterator[Problem]:
    """Their words typed into a file of the look, found where they were typed."""
    for path, shown in ctx.workbench.template_files():
        if path.suffix not in TEMPLATE_SUFFIXES or path.name in NOT_PRINTED or not path.is_file():
            continue
        source = path.read_text("utf-8", "replace")
        text, offsets = shown_in_template(source, path.suffix)
        found = next(passages.find(text), None)
        if found is None:
            continue
        folded, where = fold_with_map(text)
        starts = [k + 1 for k in range(len(folded) - 1) if folded[k] == " " and folded[k + 1] != " "]
        at = offsets[where[starts[found.start]]] if found.start < len(starts) else 0
        lines = [0] + [k + 1 for k, c in enumerate(source) if c == "\n"]
        line = bisect_right(lines, at)
        yield Problem(
            shown,
            line,
            f"these words are copied from {found.where}, by '{found.owner}',"
            f" {ctx.assembly.why_not_used(found.where)}: their words may not be used",
            "take them out of this file of the look",
            column=at - lines[line - 1] + 1,
            code="withdrawn.copied",
        )
