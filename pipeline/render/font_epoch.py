"""The time fontTools stamps into every font subset a PDF embeds, pinned so the same input gives the same bytes.

fontTools writes the clock into each subset's `head.modified` unless SOURCE_DATE_EPOCH is set. Every PDF the
tool makes (a submission, laid out whole or in parts; a letter, the report, a consent sheet) pins it to the
document's own date for the time WeasyPrint writes, or keeps the value the caller set (reproducible builds).
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager

VARIABLE = "SOURCE_DATE_EPOCH"


def epoch_of(day: dt.date) -> str:
    """The value to pin: SOURCE_DATE_EPOCH as the caller set it, else midnight (UTC) of `day`."""
    return os.environ.get(VARIABLE) or str(calendar.timegm(day.timetuple()))


@contextmanager
def pinned(epoch: str) -> Iterator[None]:
    """SOURCE_DATE_EPOCH is `epoch` inside, and what it was before afterwards."""
    before = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = epoch
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = before
