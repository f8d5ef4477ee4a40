"""Dates as a proposal prints them ("1 December 2009", in English whatever the machine's locale) and the
month names text is read with."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
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


def format_month(day: dt.date) -> str:
    """The month of `day` as "March 2009"."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def long_date(value: Any) -> str:
    """A date as '1 December 2009'; text passes through."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value)
    if is_missing(value):
        return ""
    return str(value)


_MONTH_NUMBER = {name.lower(): n for n, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBER.update({name[:3].lower(): n for n, name in enumerate(MONTHS, start=1)})
_MONTH_NUMBER["sept"] = 9
_MONTH_NAME = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:\s*[–-]\s*\d{{1,2}})?\s+({_MONTH_NAME})\.?,?\s+(\d{{4}})\b", re.IGNORECASE
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_NAME})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class WrittenDate:
    """A date as a source gives it: the text printed, the earliest day it can mean, its year, and the latest
    day of the dates it names (a text may name several)."""

    text: str
    earliest: dt.date | None
    year: str
    latest: dt.date | None = None
    exact: str = ""  # "day" or "month" for a text that is one day or one month and nothing else; "" otherwise


def read_date(value: Any) -> WrittenDate:
    """A date written as a YAML date, as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or in words ("20 June 2008",
    "March 2009", "30–31 March 2009"); words are printed as written, the rest as "20 June 2008"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return WrittenDate(format_date(value), value, str(value.year), value, exact="day")
    text = " ".join(str(value).split())
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(part) if part else None for part in iso.groups())
        try:
            if day is not None and month is not None and year is not None:
                return read_date(dt.date(year, month, day))
            if month is not None and year is not None:
                first = dt.date(year, month, 1)
                return WrittenDate(format_month(first), first, str(year), first, exact="month")
        except (ValueError, IndexError):
            return WrittenDate(text, None, "")
        first = dt.date(int(iso.group(1)), 1, 1)
        return WrittenDate(text, first, iso.group(1), first)
    found: list[dt.date] = []
    covered: list[tuple[int, int]] = []  # spans already read, so "20 June 2008" is not read again as "June 2008"
    for match in _DAY_MONTH_YEAR.finditer(text):
        covered.append(match.span())
        try:
            found.append(dt.date(int(match.group(3)), _MONTH_NUMBER[match.group(2).lower()], int(match.group(1))))
        except ValueError:
            continue
    for match in _MONTH_YEAR.finditer(text):
        if not any(a <= match.start() < b for a, b in covered):
            covered.append(match.span())
            found.append(dt.date(int(match.group(2)), _MONTH_NUMBER[match.group(1).lower()], 1))
    if not found:  # a bare year counts only where no day or month is written: "Act 1999", "2009–2014" are names
        found = [dt.date(int(m.group(1)), 1, 1) for m in _YEAR.finditer(text)]
    earliest = min(found) if found else None
    exact = ""  # a text that is one day or one month in full words and nothing else ("20 June 2008", "March 2009")
    if earliest is not None and text == format_date(earliest):
        exact = "day"
    elif earliest is not None and text == format_month(earliest):
        exact = "month"
    return WrittenDate(
        text, earliest, str(earliest.year) if earliest else "", max(found) if found else None, exact=exact
    )
