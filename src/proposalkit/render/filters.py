"""Template filters: Markdown tables from DataFrames, numbers, money and dates."""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..base.amounts import DatedAmount
from ..base.cells import is_missing
from ..base.dates import format_date, long_date


def format_number(value: Any, decimals: int = 0, na: str = "—") -> str:
    """`value` with thousands separators: 14107 -> '14,107'."""
    if is_missing(value):
        return na
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{float(value):,.{decimals}f}"
    return str(value)


def format_cell(value: Any, na: str) -> str:
    """A table cell's Markdown text: numbers grouped, dates written as the text writes them ("1 May 2008"),
    missing values shown as `na`, pipes escaped."""
    if is_missing(value):
        text = na
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, numbers.Integral):
        text = f"{int(value):,}"
    elif isinstance(value, numbers.Real):
        number = float(value)
        text = f"{int(number):,}" if number.is_integer() else f"{number:,.2f}"
    elif isinstance(value, dt.datetime):  # a date column typed by a schema holds midnight timestamps
        text = format_date(value.date()) if value.time() == dt.time() else value.isoformat(" ", "minutes")
    elif isinstance(value, dt.date):
        text = format_date(value)
    else:
        text = str(value)
    return " ".join(text.split()).replace("|", "\\|")


def _records(data: Any) -> tuple[list[str], list[Mapping[str, Any]]]:
    if hasattr(data, "to_dict") and hasattr(data, "columns"):
        names = [str(c) for c in data.columns]
        records: list[Mapping[str, Any]] = [dict(zip(names, row)) for row in data.itertuples(index=False, name=None)]
        return names, records
    rows = list(data or [])
    columns: list[str] = []
    for row in rows:
        if not isinstance(row, Mapping):
            raise TypeError("md_table needs a DataFrame or a list of mappings")
        columns.extend(str(k) for k in row if str(k) not in columns)
    return columns, [{str(k): v for k, v in row.items()} for row in rows]


def _header(column: str, headers: Any, index: int) -> str:
    if isinstance(headers, Mapping) and column in headers:
        return str(headers[column])
    if isinstance(headers, (list, tuple)) and index < len(headers):
        return str(headers[index])
    text = column.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


# More rows than a proposal's table can sensibly hold (some 40 pages); larger data needs choosing or summing.
MAX_TABLE_ROWS = 2000


def md_table(
    data: Any,
    columns: Iterable[str] | None = None,
    headers: Any = None,
    na: str = "—",
    align: str | None = None,
    money: Iterable[str] = (),
    convert=None,
) -> str:
    """A GFM Markdown table of a DataFrame or list of mappings; numeric columns right-aligned.

    Columns named in `money` hold amounts in the base currency: `convert` turns each into the donor's.
    """
    all_columns, rows = _records(data)
    if len(rows) > MAX_TABLE_ROWS:
        raise ValueError(
            f"md_table: the table has {len(rows):,} rows, more than the {MAX_TABLE_ROWS:,} a proposal's "
            "table may have; choose rows in the template (for example `.head(20)`) or summarise them"
        )
    money = [str(c) for c in money]
    unknown_money = [c for c in money if c not in all_columns]
    if unknown_money:
        raise ValueError(
            f"md_table: no column {', '.join(repr(c) for c in unknown_money)} (columns: {', '.join(all_columns)})"
        )
    if money and convert is not None:
        rows = [{k: (convert(v) if k in money and not is_missing(v) else v) for k, v in row.items()} for row in rows]
    chosen = [str(c) for c in columns] if columns is not None else all_columns
    unknown = [c for c in chosen if c not in all_columns]
    if unknown:
        raise ValueError(
            f"md_table: no column {', '.join(repr(c) for c in unknown)} (columns: {', '.join(all_columns)})"
        )
    if not chosen:
        return ""
    marks = []
    for index, column in enumerate(chosen):
        letter = align[index] if align and index < len(align) else None
        if letter is None:
            values = [r.get(column) for r in rows if not is_missing(r.get(column))]
            numeric = values and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values)
            letter = "r" if numeric else "l"
        marks.append({"l": ":--", "c": ":-:", "r": "--:"}.get(letter, "---"))
    lines = [
        "| " + " | ".join(_header(c, headers, i).replace("|", "\\|") for i, c in enumerate(chosen)) + " |",
        "| " + " | ".join(marks) + " |",
    ]
    for row in rows:
        lines.append("| " + " | ".join(format_cell(row.get(c), na) for c in chosen) + " |")
    return "\n".join(lines) + "\n"


def convert_amount(value: Any, rate: float) -> Any:
    """`value` in the base currency times `rate`, rounded to whole units; text passes through."""
    if is_missing(value) or isinstance(value, (str, bool)) or not isinstance(value, numbers.Real):
        return value
    return round(float(value) * rate)


def make_money(
    base: str,
    currency: str | None = None,
    rate: float = 1.0,
    dated_rate: Callable[[dt.date], float | None] | None = None,
):
    """A `money` filter: an amount in `base` shown in `currency` at `rate`: 700000 -> 'EUR 469,000'.

    `money('USD')` names a currency explicitly and shows the amount as written, unconverted. An amount tied
    to a day of its own (a DatedAmount: a past grant) is never converted at `rate`, the rate of the proposal's
    day: at the rate `dated_rate` gives for its day, else shown in its own currency.
    """
    currency = currency or base

    def money(value: Any, code: str | None = None, decimals: int = 0, na: str = "to be costed") -> str:
        if is_missing(value):
            return na
        shown, factor = code or currency, rate
        if isinstance(value, DatedAmount) and code is None:
            own = value.unit or base
            of_day = dated_rate(value.on) if dated_rate is not None and own == base and currency != base else None
            if of_day is None and own != currency:  # no rate for its day: shown as it was given
                return f"{own} {format_number(float(value), decimals)}"
            factor = of_day or 1.0
        if code is None and currency != base and isinstance(value, numbers.Real) and not isinstance(value, bool):
            value = round(float(value) * factor, decimals) if decimals else convert_amount(value, factor)
        return f"{shown} {format_number(value, decimals)}"

    return money


def exchange_note(base: str, currency: str, rate) -> str:
    """The sentence printed under converted tables: the rate, its date and source; '' without conversion."""
    if rate is None or currency == base:
        return ""
    day = long_date(rate.date)
    caution = " This rate is an assumption still to be confirmed." if rate.assumed else ""
    return (
        f"Amounts converted from {base} at 1 {base} = {rate.rate:g} {currency}, the rate of {day} "
        f"({rate.source}).{caution}"
    )
