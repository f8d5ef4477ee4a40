"""A CSV table checked against its schema with vectorised pandas, and returned with the declared dtypes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from ..base.diagnostics import Diagnostics
from ..base.model import ColumnSchema, TableSchema
from .dialect import (
    EXACT_DIGITS,
    EXACT_WHOLE,
    NUMBER,
    SHOWN_PER_CHECK,
    CsvPositions,
    beyond_whole,
    inexact,
    too_precise,
)

_TRUE = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


class _Reporter:
    """Records one problem per flagged cell, up to SHOWN_PER_CHECK per column and problem, then a count."""

    def __init__(self, path: str, positions: CsvPositions, diags: Diagnostics):
        self.path, self.positions, self.diags = path, positions, diags
        self.errors = 0

    def cells(self, mask, column: int, code: str, message: Callable[[int], str]) -> None:
        """Report the rows where the boolean array `mask` is true (row numbers as pandas counts them)."""
        import numpy as np

        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(rows) == 0:
            return
        self.errors += len(rows)
        for row in rows[:SHOWN_PER_CHECK]:
            self.diags.error(self.positions.position(self.path, int(row), column), code, message(int(row)))
        if len(rows) > SHOWN_PER_CHECK:
            rest = len(rows) - SHOWN_PER_CHECK
            row = int(rows[SHOWN_PER_CHECK])
            self.diags.error(
                self.positions.position(self.path, row, column),
                code,
                f"{message(row)}; and {rest - 1:,} more rows below with the same problem" if rest > 1 else message(row),
            )

    def at(self, row: int | None, column: int, code: str, message: str) -> None:
        self.errors += 1
        self.diags.error(self.positions.position(self.path, row, column), code, message)


def _show(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def validate_table(raw, schema: TableSchema, path: str, positions: CsvPositions, diags: Diagnostics):
    """`raw` (every cell read as text) checked against `schema`; the typed DataFrame, or None after errors."""
    import pandas as pd

    report = _Reporter(path, positions, diags)
    header = [str(c).strip() for c in raw.columns]
    raw.columns = header
    where = f"{schema.position.path}:{schema.position.line}"
    for column in schema.columns:
        if column.name not in header and column.required:
            report.at(
                None,
                0,
                "table.missing-column",
                f"missing required column '{column.name}' (declared in the schema at {where}); "
                f"the header has: {', '.join(header)}",
            )
    if not schema.extra_columns:
        for index, name in enumerate(header):
            if schema.column(name) is None:
                report.at(
                    None,
                    index,
                    "table.unknown-column",
                    f"column '{name}' is not declared in the schema at {where} "
                    "(declare it, or allow others with 'extra_columns: true')",
                )
    typed = {}
    for index, name in enumerate(header):
        declared = schema.column(name)
        typed[name] = raw[name] if declared is None else _typed_column(raw[name], declared, index, report)
    frame = pd.DataFrame(typed, index=raw.index)
    _check_key(frame, schema, header, report)
    return None if report.errors else frame


def _outside_message(name: str, cells, word: str, limit: float, row: int) -> str:
    return f"column '{name}': {cells[row]} is {word} {limit:g}"


def _typed_column(cells, column: ColumnSchema, index: int, report: _Reporter):
    """The column converted to its declared dtype; bad cells are reported and become missing.

    Text tests run on NumPy's variable-width strings (vectorised in C); parsing is pandas' own.
    """
    import numpy as np
    import pandas as pd

    name = column.name
    written = cells.to_numpy(dtype=np.dtypes.StringDType())
    text = np.strings.strip(written)
    if (text != written).any():
        cells = pd.Series(text.astype(object), index=cells.index)
    marked = np.isin(text, np.array(column.missing, dtype=np.dtypes.StringDType())) if column.missing else None
    blank = text == ""
    if not column.blank:
        report.cells(
            blank,
            index,
            "table.blank",
            lambda r: f"column '{name}': empty cell (the schema does not allow blanks here; 'blank: true' does)",
        )
    if marked is not None:
        blank = blank | marked  # a declared missing-value marker: a missing value, allowed
        text = np.where(marked, "", text)
    present = cells.where(~blank)
    if column.type == "integer":
        signed = np.strings.startswith(text, "-") | np.strings.startswith(text, "+")
        unsigned = np.where(signed, np.strings.slice(text, 1, None), text)
        good = (np.strings.str_len(unsigned) > 0) & (np.strings.str_len(np.strings.strip(unsigned, "0123456789")) == 0)
        report.cells(
            ~blank & ~good,
            index,
            "table.bad-type",
            lambda r: f"column '{name}': {_show(cells[r])} is not a whole number",
        )
        long = good & (np.strings.str_len(unsigned) > EXACT_DIGITS)
        if long.any():
            huge = np.zeros(len(text), dtype=bool)
            for row in np.flatnonzero(long):
                huge[row] = beyond_whole(str(text[row]))
            report.cells(
                huge,
                index,
                "table.too-large",
                lambda r: (
                    f"column '{name}': {_show(cells[r])} is too large a whole number to compute with exactly "
                    f"(beyond {EXACT_WHOLE:,})"
                ),
            )
            good = good & ~huge
        digits = np.where(good, text, "0").astype(np.int64)
        values = pd.Series(pd.arrays.IntegerArray(digits, ~good), index=cells.index)
    elif column.type == "number":
        shaped = present.str.fullmatch(NUMBER.pattern).to_numpy(dtype=bool, na_value=False)
        numbers = pd.to_numeric(present.where(shaped), errors="coerce")
        finite = np.isfinite(numbers.fillna(np.inf).to_numpy(dtype=float))
        report.cells(
            ~blank & ~shaped,
            index,
            "table.bad-type",
            lambda r: (
                f"column '{name}': {_show(cells[r])} is not a number "
                "(write digits with a decimal point, no thousands separators or currency)"
            ),
        )
        report.cells(
            shaped & ~finite,
            index,
            "table.too-large",
            lambda r: f"column '{name}': {_show(cells[r])} is too large a number to compute with",
        )
        precise = np.zeros(len(text), dtype=bool)
        for row in np.flatnonzero(shaped & finite & (np.strings.str_len(text) > EXACT_DIGITS)):
            precise[row] = inexact(str(text[row]))
        report.cells(precise, index, "table.too-large", lambda r: too_precise(name, str(cells[r])))
        finite = finite & ~precise
        values = numbers.where(shaped & finite).astype("float64")
    elif column.type == "date":
        shaped = (
            (np.strings.str_len(text) == 10)
            & (np.strings.slice(text, 4, 5) == "-")
            & (np.strings.slice(text, 7, 8) == "-")
        )
        values = pd.to_datetime(present.where(shaped), format="%Y-%m-%d", errors="coerce")
        report.cells(
            ~blank & values.isna().to_numpy(),
            index,
            "table.bad-date",
            lambda r: f"column '{name}': {_show(cells[r])} is not a date written YYYY-MM-DD",
        )
    elif column.type == "boolean":
        lower = np.strings.lower(text)
        true = (lower == "true") | (lower == "yes") | (lower == "1")
        false = (lower == "false") | (lower == "no") | (lower == "0")
        report.cells(
            ~blank & ~true & ~false,
            index,
            "table.bad-type",
            lambda r: f"column '{name}': {_show(cells[r])} is not true/false (or yes/no, 1/0)",
        )
        values = pd.Series(pd.arrays.BooleanArray(true, ~(true | false)), index=cells.index)
    else:
        values = present.astype("string")
    valid = values.notna().to_numpy()
    if column.values is not None:
        allowed = [pd.Timestamp(v) for v in column.values] if column.type == "date" else list(column.values)
        shown = ", ".join(str(v) for v in column.values)
        report.cells(
            valid & ~values.isin(allowed).to_numpy(dtype=bool, na_value=False),
            index,
            "table.not-allowed",
            lambda r: f"column '{name}': {_show(cells[r])} is not one of the allowed values ({shown})",
        )
    for bound, below in (("min", True), ("max", False)):
        limit = getattr(column, bound)
        if limit is None:
            continue
        outside = (values < limit) if below else (values > limit)
        word = "below the minimum" if below else "above the maximum"
        report.cells(
            valid & outside.to_numpy(dtype=bool, na_value=False),
            index,
            "table.out-of-range",
            partial(_outside_message, name, cells, word, limit),
        )
    return values


def _check_key(frame, schema: TableSchema, header: list[str], report: _Reporter) -> None:
    key = [name for name in schema.key if name in frame.columns]
    if not key or len(key) < len(schema.key):
        return
    duplicated = frame.duplicated(subset=key, keep="first").to_numpy()
    if not duplicated.any():
        return
    firsts: dict[tuple, Any] = {}
    for row, values in zip(frame.index, frame[key].itertuples(index=False, name=None)):
        firsts.setdefault(values, row)

    def message(row: int) -> str:
        values = tuple(frame.loc[row, key])
        shown = ", ".join(f"{k}={v}" for k, v in zip(key, values))
        first = report.positions.position(report.path, firsts[values], 0).line
        return f"duplicate key ({shown}): the same as line {first}"

    report.cells(duplicated, header.index(key[0]), "table.duplicate-key", message)
