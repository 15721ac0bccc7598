"""Dates as the submission prints them, decided once: "21 April 2021", whatever the machine's locale."""

from __future__ import annotations

import datetime as dt

# Spelled out rather than strftime("%B"), which follows the machine's locale.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    """21 April 2021."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
