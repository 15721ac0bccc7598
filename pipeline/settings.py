"""The settings of one run, made once before anything runs and passed down (docutils' settings, MkDocs' config).

`make_settings` is the only caller of the clock (`vocabulary.today()`: COPRODUCE_TODAY, else the
computer's date). Every stage after it takes `settings.today`; no check, command or intake step reads
the clock or the environment itself, so a test pins a day by passing it.
"""

from __future__ import annotations

import datetime as dt
import gc
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


# A coproduce process (a command, a PDF layout child) builds a large model and keeps nearly all of it until it
# ends, so the collector's default (a young collection every 700 new objects, each old one walking everything built
# so far) spends its time on objects that are never garbage. With these, a first `check` at 200 contributions took
# 8% less CPU and WeasyPrint's layout about a tenth less (issue 23). Garbage without cycles is freed at once either
# way, and the peak memory of a PDF build at 1,000 contributions did not change; `serve` also collects when idle.
COLLECTOR = (10_000, 50, 100)


def tune_collector() -> None:
    """The collector's thresholds for a coproduce process (`COLLECTOR`): set by the command line and the forkserver
    that starts the PDF's layout processes."""
    gc.set_threshold(*COLLECTOR)
