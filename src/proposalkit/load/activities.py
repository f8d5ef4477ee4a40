"""Activity tables: loaded CSV tables with `start` and `end` columns, read as dated, located activities."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from ..base.cells import cell_text, is_missing
from ..base.dates import read_date
from ..base.diagnostics import Diagnostics
from ..base.model import Activity, Position
from ..base.paths import DATA_DIR
from .tables import row_position

DATE_COLUMNS = ("start", "end")
FUNDER_COLUMNS = ("funder", "programme")  # the first one a table has names each activity's funder


def is_activity_table(frame: Any) -> bool:
    """True when the table has both a `start` and an `end` column."""
    return all(column in frame.columns for column in DATE_COLUMNS)


def _date(value: Any, column: str) -> dt.date | str | None:
    """A cell as a date, None when empty, or the text that is not a date. A month (`2008-05`, `May 2008`),
    for what a source dates only to the month, is its first day as a start and its last day as an end."""
    if is_missing(value):  # also NaT, a blank cell of a date column typed by a schema
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    written = read_date(text)
    if written.earliest is None or written.exact != "month":
        return text
    first = written.earliest
    if column == "start":
        return first
    return dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])


def read_activities(
    frame: Any,
    diags: Diagnostics,
    *,
    label: str | None = None,
    group: str | None = None,
    what: str = "an activity table",
) -> list[Activity] | None:
    """The table's rows as activities, each bad date or reversed period a located error.

    None (after an error at the header row) when the table lacks a start or end column, or a named column.
    """
    source = frame.attrs.get("source", DATA_DIR)
    columns = [str(c) for c in frame.columns]
    label = label or ("activity" if "activity" in columns else columns[0])
    missing = [c for c in (*DATE_COLUMNS, label, group) if c and c not in columns]
    if missing:
        names = " and ".join(f"'{c}'" for c in missing)
        diags.error(
            Position(source, 1),
            "table.missing-column",
            f"{what} needs a column {names} (columns: {', '.join(columns)})",
        )
        return None
    funder_column = next((c for c in FUNDER_COLUMNS if c in columns), None)
    activities = []
    for index, row in enumerate(frame.to_dict("records")):
        name = cell_text(row.get(label)) or f"row {index + 1}"
        dates = {}
        for column in DATE_COLUMNS:
            value = _date(row.get(column), column)
            if isinstance(value, str):
                diags.error(
                    row_position(frame, index, column),
                    "table.bad-date",
                    f"'{value}' in column '{column}' of activity '{name}' is not a date written YYYY-MM-DD "
                    "or a month (YYYY-MM, 'May 2008')",
                )
                value = None
            dates[column] = value
        start, end = dates["start"], dates["end"]
        if start is not None and end is not None and end < start:
            diags.error(
                row_position(frame, index, "end"),
                "table.end-before-start",
                f"activity '{name}' ends on {end}, before it starts on {start}",
            )
        activities.append(
            Activity(
                name,
                start,
                end,
                cell_text(row.get(funder_column)) if funder_column else "",
                cell_text(row.get(group)) if group else "",
                row_position(frame, index),
            )
        )
    return activities
