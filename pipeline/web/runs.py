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


def draft_folder(root: Path, slug: str) -> Path:
    """Where a draft goes: a folder of its own beside the final's build/<slug>/, so a draft never replaces a final."""
    return root / "build" / f"{slug}.draft"


def build(folder: Path, root: Path, *, draft: bool, today: dt.date | None = None) -> BuildResult:
    """`coproduce build` (--draft when `draft`): the same function and outputs; a draft into its own folder."""
    from pipeline.build import build as run

    return run(folder, draft_folder(root, folder.name) if draft else None, draft=draft, today=today)
