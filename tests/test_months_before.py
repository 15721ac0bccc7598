"""vocabulary.months_before: the one rule for how old consent may be, used by checks/dates.py (consent older
than consent_valid_months) and by reconsent's checklist alike."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.vocabulary import months_before


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 11, 20), 12, dt.date(2025, 11, 20)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),  # no 31 February: the month's last day
        (dt.date(2028, 3, 31), 1, dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2026, 1, 15), 1, dt.date(2025, 12, 15)),  # back over the new year
        (dt.date(2026, 5, 31), 25, dt.date(2024, 4, 30)),
        (dt.date(2026, 5, 1), 0, dt.date(2026, 5, 1)),
    ],
)
def test_the_same_day_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected


def test_check_and_reconsent_use_the_one_rule() -> None:
    from pipeline.checks import dates
    from pipeline.workflow import consent

    assert consent.months_before is months_before
    assert not hasattr(dates, "months_before")  # it asks vocabulary, keeping no copy of its own
