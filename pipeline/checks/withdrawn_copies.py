"""A withdrawn person's words must not come back by being copied into someone else's work.

Their contributions and quotes are left out when they are assembled; this check looks for a
copy of what was left out in what is printed, by the one rule for copies
(privacy/passages.py: a run of words in order, a short sentence whole, or a sentence reordered),
folded, so punctuation, case and Word's characters do not hide a copy, and names both files.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.assemble.printed import SourceLines, printed_texts
from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.privacy.normalise import fold
from pipeline.privacy.passages import Passages


def check(ctx: CheckContext) -> Iterator[Problem]:
    a = ctx.assembly
    if not a.withdrawn_text:
        return
    passages = Passages((text, str(source), pid) for text, source, pid in a.withdrawn_text)
    if not passages:
        return
    lines = SourceLines(ctx.response, a.included)
    for printed in printed_texts(a.document, ctx.response, a.annex):
        for found in passages.find(printed.text):
            words = fold(printed.text).split()[found.start : found.start + min(found.count, 8)]
            line, col = lines.locate(printed.source, " " + " ".join(words) + " ")
            how = "" if found.how == "in order" else ", in another order"
            yield Problem(
                printed.source.path,
                line or None,
                f"these words are copied from {found.where}{how}, by '{found.owner}', who has withdrawn:"
                " their words may not be used",
                "take them out, or write the point again in your own words",
                column=col,
                code="withdrawn.copied",
            )
            break  # one report per printed passage is enough to find it
