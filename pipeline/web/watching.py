"""The consultations ahead, for the dashboard: watch.yaml read by `workflow.watch`, soonest first, each told
in the very line `coproduce status` prints (days left, the closing time, the decision)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from pipeline.web import kit
from pipeline.web.hiding import hider_of
from pipeline.workflow.watch import ahead, days_left, line, read_watch


@dataclasses.dataclass(frozen=True)
class Ahead:
    id: str
    days_left: int
    text: str  # the line `coproduce status` prints for it


def consultations_ahead(root: Path, folders: Iterable[Path], on: dt.date) -> tuple[list[Ahead], list[kit.PlainProblem]]:
    """Those not yet closed, soonest first, and watch.yaml's problems in plain words (no private name in either:
    a reason for skipping is the organisation's own words, and may name someone)."""
    folders = list(folders)
    entries, problems = read_watch(root)
    hide = hider_of(root, folders, on)
    rows = [Ahead(e.id, days_left(e, on), hide(line(e, on))) for e in ahead(entries, on)]
    return rows, kit.plain_all(problems, root, folders, on=on)
