"""The pipeline entered the way the command line enters it: check for the preview, build for the build page.

Kept in one place so the web pages ask exactly what `coproduce check` and `coproduce build` ask, with one
Settings made per request (pipeline/settings.py: the only reader of the clock).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.build import BuildResult
from pipeline.checks import Checked
from pipeline.settings import Settings, make_settings


def checked_draft(folder: Path, today: dt.date) -> Checked:
    """The response loaded, assembled and checked as a draft build checks it (raises with every problem)."""
    return checked(folder, make_settings(today=today, draft=True))


def checked(folder: Path, settings: Settings) -> Checked:
    """`coproduce check` with these settings; in `serve`, kept while no file of the workbench changes
    (build.check is kept, pipeline/load/cache.py), so callers must not change what it returns."""
    from pipeline.build import check

    return check(folder, settings)


def build(folder: Path, *, draft: bool, today: dt.date) -> BuildResult:
    """`coproduce build` (--draft when `draft`): the same function, the same folders (a draft into
    build/<slug>.draft/, so it never replaces the final: build.output_folder decides), the same outputs."""
    from pipeline.build import build as run

    return run(folder, make_settings(today=today, draft=draft))
