"""Language that respects lived experience, from the organisation's language guide.

The guide is `templates/language.yaml` in the workbench (or the shipped one):
each entry names words to avoid and what to prefer.

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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.assemble.printed import SourceLines, printed_texts
from pipeline.checks import CheckContext
from pipeline.checks._wording import placed, wording
from pipeline.errors import CoproduceError, Problem, Severity
from pipeline.load.files import read_text
from pipeline.load.workbench import ResponseFolder
from pipeline.load.yamlsource import PathKey, load_yaml
from pipeline.privacy.normalise import fold


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    prefer: str
    severity: Severity


@cache
def load_guide(path: Path) -> tuple[Rule, ...]:
    shown = f"{path.parent.name}/{path.name}"
    text, problems = read_text(path, shown, root=path.parent.parent)  # the workbench that holds templates/
    if text is None or any(p.severity == "error" for p in problems):
        raise CoproduceError(problems)
    located, found = load_yaml(text, shown)
    problems = [*problems, *found]
    entries = located.data if located else None
    if located and not isinstance(entries, list | type(None)):
        problems.append(
            Problem(
                shown,
                1,
                "the language guide should be a list of entries",
                "start each entry with  - avoid: ...",
                code="language.guide-not-list",
            )
        )
    rules = []
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        line = located.line((i,)) if located else None
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("avoid"), str)
            or not isinstance(entry.get("prefer"), str)
        ):
            problems.append(
                Problem(
                    shown,
                    line,
                    "each entry needs  avoid:  and  prefer:  as text",
                    "see the comments at the top of the file",
                    code="language.guide-bad-entry",
                )
            )
            continue
        severity = entry.get("severity", "warning")
        if severity not in ("warning", "final"):
            problems.append(
                Problem(
                    shown,
                    line,
                    f"severity '{severity}' is not known",
                    "write warning or final",
                    code="language.guide-bad-severity",
                )
            )
            continue
        # the words of a phrase may be parted by any white space: a line break, a no-break space
        words = "|".join(r"\s+".join(map(re.escape, w.split())) for w in entry["avoid"].split("|") if w.strip())
        rules.append(Rule(re.compile(rf"(?<![\w-])({words})(?![\w-])", re.IGNORECASE), entry["prefer"], severity))
    if any(p.severity == "error" for p in problems):  # a vertical tab's warning alone keeps the guide
        raise CoproduceError(problems)
    return tuple(rules)


def check(ctx: CheckContext) -> Iterator[Problem]:
    path = ctx.workbench.template("language.yaml")  # the workbench's own guide, else the shipped one
    if not path.is_file():
        return
    try:
        rules = load_guide(path)
    except CoproduceError as exc:
        yield from exc.problems
        return
    a = ctx.assembly
    leave = wording(a.document)
    theirs = _theirs(ctx.response)
    lines = SourceLines(ctx.response, a.included)
    for printed, place in placed(printed_texts(a.document, ctx.response), lines):
        if printed.kind in ("quote", "code", "link") or printed.source in leave.quoted:
            continue
        if printed.source.path == ctx.response.shown and printed.source.line in theirs:
            continue
        text = leave.prose(printed)  # inline code masked out
        found = sorted(
            ((match.span(1), match.group(1), rule) for rule in rules for match in rule.pattern.finditer(text)),
            key=lambda f: f[0],
        )
        for span, words, rule in found:  # in the order they were written
            line, column = place(*span)
            phrase = fold(words).strip()
            if phrase in a.ignores.get(printed.source.path, {}).get(line, set()):
                # `<!-- coproduce-ignore: phrase -->` on the line before: shown, so a reviewer sees it
                yield Problem(
                    printed.source.path,
                    line,
                    f"'{' '.join(words.split())}' is silenced here by coproduce-ignore",
                    "check that the language guide's suggestion does not fit here",
                    "warning",
                    column=column,
                    code="language.silenced",
                )
                continue
            yield Problem(
                printed.source.path,
                line,
                f"'{' '.join(words.split())}'",
                f"the language guide suggests: {rule.prefer}",
                rule.severity,
                column=column,
                code="language.guide",
            )


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
