"""Words of a confidential contribution must not be printed in the submission as well.

A contribution marked `confidential: true` is assembled into the confidential annex only
(assemble/document.py), so its own words never reach the submission; but the same words can be
copied into another contribution. Like withdrawn_copies.py, this looks for a run of RUN or more
words (a shorter passage whole, from SHORTEST words) shared between the annex's passages (text,
notes, title, content note) and what the submission prints, folded, so punctuation, case and
Word's characters do not hide a copy, and across printed strings, so a copy split over two files
is found; it names both files. Runs that response.yaml itself prints (a question restated, the
title) are public and not compared. The guard
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

RUN = 8  # words: as withdrawn_copies.py
SHORTEST = 5  # words: a whole confidential passage this long or longer, under RUN, is compared whole

Runs = dict[int, dict[tuple[str, ...], str]]  # run length -> run of folded words -> the confidential file


def _runs(words: list[str], n: int) -> Iterator[tuple[str, ...]]:
    for k in range(len(words) - n + 1):
        yield tuple(words[k : k + n])


def confidential_runs(passages: Iterable[tuple[str, m.Source]], response: ResponseFolder) -> Runs:
    """Every run of RUN words of the confidential passages (a shorter passage whole, from SHORTEST
    words), by its length, with the file it was written in. Runs response.yaml prints are public."""
    printed = [fold(p.text).split() for p in yaml_texts(response)]
    found: Runs = {}
    for text, source in passages:
        words = fold(text).split()
        n = min(RUN, len(words))
        if n < SHORTEST:
            continue
        public = {run for yaml_words in printed for run in _runs(yaml_words, n)}
        for run in _runs(words, n):
            if run not in public:
                found.setdefault(n, {}).setdefault(run, source.path)
    return found


def copies(words: list[str], runs: Runs) -> Iterator[tuple[int, int, str]]:
    """(where in `words`, how many, the confidential file) of each confidential run in `words`."""
    for n, table in sorted(runs.items(), reverse=True):
        for k in range(len(words) - n + 1):
            if (where := table.get(tuple(words[k : k + n]))) is not None:
                yield k, n, where


def first_copy(text: str, runs: Runs) -> tuple[str, str] | None:
    """(the folded words, the confidential file) of the first run of `text` that is confidential."""
    words = fold(text).split()
    for k, n, where in copies(words, runs):
        return " ".join(words[k : k + n]), where
    return None


def check(ctx: CheckContext) -> Iterator[Problem]:
    a = ctx.assembly
    runs = confidential_runs(a.confidential_text, ctx.response)
    if not runs:
        return
    lines = SourceLines(ctx.response, a.included)
    # every printed string joined in order, as a reader reads on: a copy split over two files is one run
    texts = list(printed_texts(a.document, ctx.response))
    words: list[str] = []
    owner: list[int] = []
    for i, printed in enumerate(texts):
        folded = fold(printed.text).split()
        words.extend(folded)
        owner.extend([i] * len(folded))
    reported: set[int] = set()
    for k, n, where in copies(words, runs):
        i = owner[k]
        if i in reported:
            continue
        reported.add(i)
        here = " ".join(w for j, w in enumerate(words[k : k + n], start=k) if owner[j] == i)
        line, col = lines.locate(texts[i].source, f" {here} ")
        yield Problem(
            texts[i].source.path,
            line or None,
            f"these words are also in {where}, which is confidential: the submission would print them",
            f"take them out here, or, if they may be published, take  confidential: true  out of {where}",
            column=col,
            code="confidential.copied",
        )
