"""Dates typed the UK way mean the same day everywhere a date is asked for."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.load.typed_dates import NotADate, read_date

DAY = dt.date(2026, 12, 16)


@pytest.mark.parametrize(
    "typed",
    [
        "2026-12-16",
        "16/12/2026",
        "16/12/26",
        " 16 / 12 / 2026 ",
        "16.12.2026",
        "16-12-2026",
        "16 December 2026",
        "16th December 2026",
        "16th of December 2026",
        "Wednesday 16 December 2026",
        "16 Dec 2026",
        "16 dec. 2026",
        "16\u00a0December\u00a02026",  # Word's no-break spaces
        "December 16, 2026",
        "16 Rhagfyr 2026",
        DAY,
    ],
)
def test_every_way_a_uk_person_types_a_day(typed: str) -> None:
    assert read_date(typed) == DAY


def test_day_first_as_in_the_uk() -> None:
    assert read_date("03/04/2026") == dt.date(2026, 4, 3)


@pytest.mark.parametrize(
    "typed", ["31/02/2026", "16/13/2026", "tomorrow", "16 Smarch 2026", "", "2026/12", "12/16/2026"]
)
def test_what_is_not_a_day_says_the_forms_it_takes(typed: str) -> None:
    with pytest.raises(NotADate) as caught:
        read_date(typed)
    assert "16/12/2026, 16 December 2026 or 2026-12-16" in str(caught.value)
