"""Words of a confidential contribution must not be printed in the submission as well.

A contribution marked `confidential: true` is assembled into the confidential annex only
(assemble/document.py), so its own words never reach the submission; but the same words can be
copied into another contribution, or into response.yaml (the title, which is also the PDF's and
DOCX's metadata, a question's text, an activity, the `confidentiality:` line itself). This looks
for a copy of the annex's passages (text, notes, title, content note) in everything the submission
prints, by the one rule for copies (privacy/passages.py: a run in order, a short sentence whole, a
sentence reordered), folded, so punctuation, case and Word's characters do not hide one, and
across printed strings, so a copy split over two files is found; it names both files. Nothing is
exempt for being printed elsewhere too: restating a confidential passage in response.yaml makes it
a copy there, never public. The guard (render/guard.py) asks the same of every output but the
annex, as the last line of defence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline import model as m
from pipeline.assemble.printed import SourceLines, printed_texts
from pipeline.checks import CheckContext
from pipeline.checks._copies import copies_in
from pipeline.errors import Problem
from pipeline.privacy.passages import Passages


def confidential_passages(passages: Iterable[tuple[str, m.Source]]) -> Passages:
    """The confidential passages, each with the file it was written in, as the copy rule compares them."""
    return Passages((text, source.path, "") for text, source in passages)


def check(ctx: CheckContext) -> Iterator[Problem]:
    a = ctx.assembly
    passages = confidential_passages(a.confidential_text)
    if not passages:
        return
    lines = SourceLines(ctx.response, a.included)
    for printed, line, col, found in copies_in(printed_texts(a.document, ctx.response), passages, lines):
        yaml = printed.source.path == ctx.response.shown
        yield Problem(
            printed.source.path,
            line,
            f"these words are also in {found.where}, which is confidential: the submission would print them"
            + (" (response.yaml is printed in the submission)" if yaml else ""),
            f"take them out here, or, if they may be published, take  confidential: true  out of {found.where}"
            + ("; if they are the consultation's own words, take them out of the confidential text" if yaml else ""),
            column=col,
            code="confidential.copied",
        )
