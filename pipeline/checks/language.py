"""Language that respects lived experience, from the organisation's language guide.

The guide is `templates/language.yaml` in the workbench (or the shipped one):
each entry names words to avoid and what to prefer. People's own words in
quotes (lines starting with >) are left alone: nobody edits how someone
describes their own life.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.checks import CheckContext
from pipeline.errors import CoproduceError, Problem, Severity
from pipeline.load.files import read_text
from pipeline.load.yamlsource import load_yaml


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
            Problem(shown, 1, "the language guide should be a list of entries", "start each entry with  - avoid: ...")
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
                )
            )
            continue
        severity = entry.get("severity", "warning")
        if severity not in ("warning", "final"):
            problems.append(Problem(shown, line, f"severity '{severity}' is not known", "write warning or final"))
            continue
        words = "|".join(re.escape(w.strip()) for w in entry["avoid"].split("|") if w.strip())
        rules.append(Rule(re.compile(rf"(?<![\w-])({words})(?![\w-])", re.IGNORECASE), entry["prefer"], severity))
    if any(p.severity == "error" for p in problems):  # a vertical tab's warning alone keeps the guide
        raise CoproduceError(problems)
    return tuple(rules)


def check(ctx: CheckContext) -> Iterator[Problem]:
    path = ctx.workbench.templates / "language.yaml"
    if not path.is_file():
        return
    try:
        rules = load_guide(path)
    except CoproduceError as exc:
        yield from exc.problems
        return
    for c in ctx.assembly.included:
        in_code = False
        for offset, line in enumerate(c.body.split("\n")):
            if line.lstrip().startswith(("```", "~~~")):
                in_code = not in_code
            if in_code or line.lstrip().startswith(">"):
                continue
            for rule in rules:
                for match in rule.pattern.finditer(line):
                    yield Problem(
                        c.shown,
                        c.body_line + offset,
                        f"'{match.group(1)}'",
                        f"the language guide suggests: {rule.prefer}",
                        rule.severity,
                    )
