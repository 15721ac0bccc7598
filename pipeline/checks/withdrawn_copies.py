"""A withdrawn person's words must not come back by being copied into someone else's work.

Their contributions and quotes are left out when they are assembled; this check
looks for a run of RUN or more words shared between what was left out and
what is printed (compared folded, so punctuation, case and Word's characters do
not hide a copy), and names both files.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.assemble.printed import SourceLines, printed_texts
from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.privacy.normalise import fold

RUN = 8  # words: long enough that a shared stock phrase is rare, short enough to catch a sentence


def check(ctx: CheckContext) -> Iterator[Problem]:
    a = ctx.assembly
    if not a.withdrawn_text:
        return
    runs: dict[tuple[str, ...], tuple[str, str]] = {}  # run of words -> (where it was, whose)
    for text, source, pid in a.withdrawn_text:
        words = fold(text).split()
        for k in range(len(words) - RUN + 1):
            runs.setdefault(tuple(words[k : k + RUN]), (str(source), pid))
    if not runs:
        return
    starts = {run[0] for run in runs}
    lines = SourceLines(ctx.response, a.included)
    for printed in printed_texts(a.document, ctx.response, a.annex):
        words = fold(printed.text).split()
        for k in range(len(words) - RUN + 1):
            if words[k] not in starts or (found := runs.get(tuple(words[k : k + RUN]))) is None:
                continue
            where, pid = found
            line, col = lines.locate(printed.source, " " + " ".join(words[k : k + RUN]) + " ")
            yield Problem(
                printed.source.path,
                line or None,
                f"these words are copied from {where}, by '{pid}', who has withdrawn: their words may not be used",
                "take them out, or write the point again in your own words",
                column=col,
                code="withdrawn.copied",
            )
            break  # one report per printed passage is enough to find it
