"""The pipeline entered the way the command line enters it: check for the preview, build for the build page.

Kept in one place so the web pages ask exactly what `coproduce check` and `coproduce build` ask.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline.build import BuildResult


def checked_draft(folder: Path, today: dt.date | None = None) -> Any:
    """The response loaded, assembled and checked as a draft build checks it (raises with every problem)."""
    from pipeline.checks import check_response

    return check_response(folder, draft=True, today=today)


def build(folder: Path, *, draft: bool, today: dt.date | None = None) -> BuildResult:
    """`coproduce build` (with --draft when `draft`): the same function, the same outputs."""
    from pipeline.build import build as run

    return run(folder, draft=draft, today=today)
