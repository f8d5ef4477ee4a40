"""Dates as a proposal prints them ("1 December 2009", in English whatever the machine's locale) and the
month names text is read with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .cells import is_missing

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Month names and the abbreviations a date in running text may use ("20 Jan", "Sept 2009").
MONTH_WORDS = MONTHS + ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")


def format_date(day: dt.date) -> str:
    """`day` as "1 December 2009"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_date(value: Any) -> str:
    """A date as '1 December 2009'; text passes through."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value)
    if is_missing(value):
        return ""
    return str(value)
