"""Drafts intake could not file wait in `unsorted/`: no build prints them, so say so until they are filed."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.load.unsorted import missing, read_draft, unsorted_files


def check(ctx: CheckContext) -> Iterator[Problem]:
    for path in unsorted_files(ctx.response.dir):
        front, _ = read_draft(path)
        needs = missing(front) or ["filing"]
        shown = ctx.workbench.shown(path)
        where = "" if front.get("answers") or front.get("section") else " <question>"
        who = "" if front.get("by") else " --by <contributor id>"
        yield Problem(
            shown,
            None,
            f"taken in by intake but not filed, so no build prints it: it needs {' and '.join(needs)}",
            f"read it, then run  coproduce assign {shown}{where}{who}",
            "final",
            code="intake.unsorted",
        )
