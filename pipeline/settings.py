"""The settings of one run, made once before anything runs and passed down (docutils' settings, MkDocs' config).

`make_settings` is the only caller of the clock (`vocabulary.today()`: COPRODUCE_TODAY, else the
computer's date). Every stage after it takes `settings.today`; no check, command or intake step reads
the clock or the environment itself, so a test pins a day by passing it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline import vocabulary


@dataclass(frozen=True)
class Settings:
    today: dt.date
    draft: bool = False  # a draft builds with unapproved work and marks every page DRAFT
    formats: tuple[str, ...] | None = None  # None: what the response's submit_to: profile builds
    large_print: bool = False  # also the 18pt edition of the PDF and DOCX
    out_dir: Path | None = None  # None: build/<slug>/, or build/<slug>.draft/ for a draft (build.output_folder)


def make_settings(
    *,
    today: dt.date | None = None,
    draft: bool = False,
    formats: tuple[str, ...] | None = None,
    large_print: bool = False,
    out_dir: Path | None = None,
) -> Settings:
    """The one frozen value a command (or the browser, per request) makes; the clock is read here or nowhere."""
    return Settings(today or vocabulary.today(), draft, formats, large_print, Path(out_dir) if out_dir else None)
