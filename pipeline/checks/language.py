"""Language that respects lived experience, from the organisation's language guide.

The guide is the shipped `templates/language.yaml` with the workbench's own laid
over it entry by entry (`checks/_guide.py`): each entry names phrases to avoid,
what to prefer, why, and the published guidance it follows. One matcher for the
whole guide sees inflections, case, hyphens and line breaks; names of laws, of
bodies and of the organisation are never flagged, and words in quotation marks
are advice only.

It reads what is printed (`printed_texts()`), never the Markdown: the text of
paragraphs, headings, list items, table cells, notes and alt text, a section's
title and content note, and the response's own title, confidentiality note and
sessions. Words in a block quote are left alone, lived-experience or not:
nobody edits how someone describes their own life, or what a report said. So
are code, link addresses, and the consultation's own wording and the
organisation's name, which the writers cannot change. Each use is reported at
the line and column where it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.assemble.printed import SourceLines, printed_texts
from pipeline.checks import CheckContext
from pipeline.checks._guide import GUIDE, Entry, load_guide
from pipeline.checks._wording import Place, placed, wording
from pipeline.errors import CoproduceError, Problem
from pipeline.load.workbench import ResponseFolder
from pipeline.load.yamlsource import PathKey
from pipeline.privacy.normalise import fold


def check(ctx: CheckContext) -> Iterator[Problem]:
    folders = ctx.workbench.template_dirs  # the workbench's own guide laid over the shipped one
    try:
        guide = load_guide(folders, [ctx.workbench.shown(f / GUIDE) for f in folders])
    except CoproduceError as exc:
        yield from exc.problems
        return
    a = ctx.assembly
    leave = wording(a.document)
    theirs = _theirs(ctx.response)
    organisation = (ctx.response.data.organisation,) if ctx.response.data.organisation else ()
    lines = SourceLines(ctx.response, a.included)
    for printed, place in placed(printed_texts(a.document, ctx.response), lines):
        if printed.kind in ("quote", "code", "link") or printed.source in leave.quoted:
            continue
        if printed.source.path == ctx.response.shown and printed.source.line in theirs:
            continue
        text = leave.prose(printed)  # inline code masked out
        for found in guide.find_shielding(text, organisation):  # in the order they were written
            words = printed.text[found.start : found.end]
            line, column = place(found.start, found.end)
            phrase = fold(words).strip()
            shown = " ".join(words.split())
            if a.silenced(printed.source.path, line, phrase):
                # `<!-- coproduce-ignore: phrase -->` on the line before: shown, so a reviewer sees it
                yield Problem(
                    printed.source.path,
                    line,
                    f"'{shown}' is silenced here by coproduce-ignore",
                    "check that the language guide's suggestion does not fit here",
                    "warning",
                    column=column,
                    code="language.silenced",
                )
                continue
            entry = found.entry
            yield Problem(
                printed.source.path,
                line,
                f"'{shown}' (in quotation marks: advice only)" if found.quoted else f"'{shown}'",
                advice(entry),
                "warning" if found.quoted else entry.severity,
                column=column,
                code="language.guide",
                end_column=_end_column(place, printed.text, found.start, found.end, line),
            )


def _end_column(place: Place, text: str, start: int, end: int, line: int | None) -> int | None:
    """Just after the phrase's last word, when the phrase ends on the line where it starts."""
    last = WORD.findall(text[start:end])
    if not last:
        return None
    at = text.rindex(last[-1], start, end)
    end_line, end_col = place(at, at + len(last[-1]))
    return end_col + len(last[-1]) if end_line == line else None


def advice(entry: Entry) -> str:
    """The fix shown for a guide entry: what to prefer, why, and whose guidance."""
    text = f"the language guide suggests: {', '.join(entry.prefer)}"
    if entry.reason:
        text += f" ({entry.reason})"
    if entry.source:
        text += f" [{entry.source}]"
    return text


WORD = re.compile(r"\w+")

# printed from response.yaml, but not the writers' words to change
THEIRS: tuple[PathKey, ...] = (
    ("organisation",),
    ("consultation", "title"),
    ("consultation", "by"),
    ("consultation", "url"),
)


def _theirs(response: ResponseFolder) -> set[int]:
    """The lines of response.yaml that hold the consultation's own wording and the organisation's name."""
    questions = range(len(response.data.questions))
    keys = [*THEIRS, *(("questions", i, key) for i in questions for key in ("id", "text"))]
    return {response.located.line(key) for key in keys if key in response.located.lines}
