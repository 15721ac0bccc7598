"""Words of a confidential contribution must not be printed in the submission as well.

A contribution marked `confidential: true` is assembled into the confidential annex only
(assemble/document.py), so its own words never reach the submission; but the same words can be
copied into another contribution. Like withdrawn_copies.py, this looks for a run of RUN or more
words (folded, so punctuation, case and Word's characters do not hide a copy) shared between the
annex's passages and what the submission prints, and names both files. Runs that response.yaml
itself prints (a question restated, the title) are public and not compared. The guard
(render/guard.py) asks the same of every output but the annex, as the last line of defence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline import model as m
from pipeline.assemble.printed import SourceLines, printed_texts, yaml_texts
from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.load.workbench import ResponseFolder
from pipeline.privacy.normalise import fold

RUN = 8  # words: as withdrawn_copies.py; a passage shorter than this is not compared


def _runs(text: str) -> Iterator[tuple[str, ...]]:
    words = fold(text).split()
    for k in range(len(words) - RUN + 1):
        yield tuple(words[k : k + RUN])


def confidential_runs(passages: Iterable[tuple[str, m.Source]], response: ResponseFolder) -> dict[tuple[str, ...], str]:
    """Every run of RUN words of the confidential passages -> the file it was written in."""
    public = {run for printed in yaml_texts(response) for run in _runs(printed.text)}
    found: dict[tuple[str, ...], str] = {}
    for text, source in passages:
        for run in _runs(text):
            if run not in public:
                found.setdefault(run, source.path)
    return found


def first_copy(text: str, runs: dict[tuple[str, ...], str]) -> tuple[str, str] | None:
    """(the folded words, the confidential file) of the first run of `text` that is confidential."""
    for run in _runs(text):
        if (where := runs.get(run)) is not None:
            return " ".join(run), where
    return None


def check(ctx: CheckContext) -> Iterator[Problem]:
    a = ctx.assembly
    runs = confidential_runs(a.confidential_text, ctx.response)
    if not runs:
        return
    lines = SourceLines(ctx.response, a.included)
    for printed in printed_texts(a.document, ctx.response):
        found = first_copy(printed.text, runs)
        if found is None:
            continue
        words, where = found
        line, col = lines.locate(printed.source, f" {words} ")
        yield Problem(
            printed.source.path,
            line or None,
            f"these words are also in {where}, which is confidential: the submission would print them",
            f"take them out here, or, if they may be published, take  confidential: true  out of {where}",
            column=col,
            code="confidential.copied",
        )
