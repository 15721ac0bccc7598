"""The pipeline entered the way the command line enters it: check for the preview, build for the build page.

Kept in one place so the web pages ask exactly what `coproduce check` and `coproduce build` ask, with one
Settings made per request (pipeline/settings.py: the only reader of the clock).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.build import BuildResult, Checked
from pipeline.settings import make_settings


def checked_draft(folder: Path, today: dt.date | None = None) -> Checked:
    """The response loaded, assembled and checked as a draft build checks it (raises with every problem)."""
    from pipeline.build import check

    return check(folder, make_settings(today=today, draft=True))


def draft_folder(root: Path, slug: str) -> Path:
    """Where a draft goes: a folder of its own beside the final's build/<slug>/, so a draft never replaces a final."""
    return root / "build" / f"{slug}.draft"


def build(folder: Path, root: Path, *, draft: bool, today: dt.date | None = None) -> BuildResult:
    """`coproduce build` (--draft when `draft`): the same function and outputs; a draft into its own folder."""
    from pipeline.build import build as run

    out = draft_folder(root, folder.name) if draft else None
    return run(folder, make_settings(today=today, draft=draft, out_dir=out))
