"""What a withdrawal leaves out, in words: one report for `coproduce withdraw` and the workbench's page.

`consent.withdraw` records the date and finds every use; this says, for each use, what the
build leaves out because of it, in the words `assemble` acts on, grouped by response.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.workflow.consent import Flagged, Use
from pipeline.workflow.consent_withdraw import Withdrawal

CONSEQUENCES = {
    "wrote": "the whole contribution (they wrote it)",
    "began": "the whole contribution (they began it: it holds their words)",
    "reviewed": "their name, from the reviewers' credit",
    "quoted": "their quote",
    "lead": "their credit as coordinator",
}


def consequence(use: Use) -> str:
    """What the build leaves out because of this use."""
    return f"their time in {use.what}" if use.kind == "session" else CONSEQUENCES[use.kind]


@dataclass(frozen=True)
class LeftOut:
    where: str  # the file's name, and the line where known
    what: str  # what the build leaves out there


def by_response(uses: list[Use]) -> dict[str, list[LeftOut]]:
    """Each response's uses, in file and line order, with what is left out of each."""
    out: dict[str, list[LeftOut]] = {}
    for use in sorted(uses, key=lambda u: (u.slug, u.shown, u.line or 0)):
        where = f"{Path(use.shown).name}:{use.line}" if use.line else Path(use.shown).name
        out.setdefault(use.slug, []).append(LeftOut(where, consequence(use)))
    return out


def fresh_text_command(f: Flagged) -> str:
    """The command that starts fresh text where a withdrawn person's contribution was."""
    where = f"--answers {f.contribution.meta.answers}" if f.contribution.meta.answers else "--section ..."
    return f"coproduce add {f.slug} {where} --by <id>"


def when(result: Withdrawal, today: dt.date) -> str:
    """From which build on it holds, in words."""
    if result.on > today:
        return f"Every build from {result.on}"
    return "Every build since then" if result.already else "The next build"
