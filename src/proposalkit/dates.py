"""Dates as a proposal prints them: "1 December 2009", in English whatever the machine's locale."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def format_date(day: dt.date) -> str:
    """`day` as "1 December 2009"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
