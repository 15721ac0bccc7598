"""A copy a sync client made of a contribution or of response.yaml is never built in silence.

Workbenches live in synced folders, and a conflict leaves two files where there
was one (`load/sync_copies.py` knows the names). A copy of a contribution would
be built as a second contribution; a copy of response.yaml is read by nothing,
so what was changed in it would be lost. Either stops a final build until
someone keeps one; a draft is built with a warning. (A contributor's copy is
found when contributors are loaded, and stops every build: either file could
hold their withdrawal.)
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.load.sync_copies import conflict_fix, conflict_message, sync_copies

READ = (".md", ".yaml", ".yml")  # what a build reads from a response's folder


def check(ctx: CheckContext) -> Iterator[Problem]:
    folder = ctx.response.dir
    names = [p.name for p in folder.iterdir() if p.suffix.lower() in READ and p.is_file()]
    for copy, original in sync_copies(names).items():
        if copy.lower().endswith(".md"):
            consequence = "so it would be built as a second contribution"
        else:
            consequence = "and no build reads it, so what was changed in it would be lost"
        yield Problem(
            ctx.workbench.shown(folder / copy),
            None,
            conflict_message(original, consequence),
            conflict_fix(original),
            "final",
            code="file.sync-conflict",
        )
