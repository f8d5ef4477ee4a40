"""A CSV file as written: where each cell starts, a header that names each column once and is separated by
commas, and, for tables without a schema, the columns that hold numbers."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from ..base.diagnostics import Diagnostics
from ..base.model import Position

# A number as a CSV cell writes it: digits, an optional point and exponent, no thousands separators.
NUMBER = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_OTHER_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
AMOUNT_COLUMN = "amount"  # without a schema, this column must hold numbers: the budget sums it
SHOWN_PER_CHECK = 20  # cells or rows reported one by one for each problem; the rest are counted
EXACT_DIGITS = 15  # significant digits a float always gives back as written
EXACT_WHOLE = 2**53  # whole numbers up to this size are exact as floats


class CsvPositions:
    """Maps a data row (0-based, as pandas numbers it) and a column to the physical line and column of the cell.

    Lines are counted at line feeds only (the text's CR LF and CR line ends are made LF when it is read), as
    editors count them; columns in characters, 1 for the line's first.
    """

    def __init__(self, text: str):
        self.text = text
        self._starts: list[int] | None = None  # character offset where each record starts, header first
        self._ends: list[int] = []  # character offset just after each record's last character
        self.widths: list[int] = []  # the number of fields of each record, header first
        self.header: list[str] = []

    def _records(self) -> list[int]:
        if self._starts is None:
            starts: list[int] = []
            offsets = [0]
            for line in self.text.split("\n"):
                offsets.append(offsets[-1] + len(line) + 1)
            reader = csv.reader(io.StringIO(self.text), skipinitialspace=True)
            line_before = 0
            for record in reader:
                if (record and any(cell.strip() for cell in record)) or len(record) > 1:
                    if not starts:
                        self.header = record
                    starts.append(offsets[line_before])
                    self._ends.append(offsets[reader.line_num] - 1)
                    self.widths.append(len(record))
                line_before = reader.line_num
            self._starts = starts
        return self._starts

    def names(self) -> list[str]:
        """The header's column names, trimmed."""
        self._records()
        return [name.strip() for name in self.header]

    def position(self, path: str, row: int | None, column: int) -> Position:
        """Where cell `column` (0-based) of data row `row` (None: the header) starts."""
        starts = self._records()
        record = 0 if row is None else row + 1
        if record >= len(starts):
            return Position(path, 1, 1)
        offset = starts[record]
        quoted, field = False, 0
        while field < column and offset < len(self.text):
            char = self.text[offset]
            if char == '"':
                quoted = not quoted
            elif char == "," and not quoted:
                field += 1
            elif char == "\n" and not quoted:
                break
            offset += 1
        while offset < len(self.text) and self.text[offset] == " ":
            offset += 1
        return self._at(path, offset)

    def end(self, path: str, row: int) -> Position:
        """Just after the last character of data row `row`."""
        return self._at(path, self._ends[row + 1])

    def fields(self, row: int) -> list[str]:
        """The fields of data row `row` as the CSV reader reads them."""
        start = self._records()[row + 1]
        return next(csv.reader(io.StringIO(self.text[start:]), skipinitialspace=True), [])

    def _at(self, path: str, offset: int) -> Position:
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return Position(path, line, col)


@lru_cache(maxsize=8)
def csv_positions(text: str) -> CsvPositions:
    """The positions of a CSV text's cells, worked out once per text."""
    return CsvPositions(text)


def header_is_usable(positions: CsvPositions, path: str, diags: Diagnostics) -> bool:
    """False after a located error when the header row is one column that holds another separator, or names a
    column twice (pandas would rename the second silently)."""
    names = positions.names()
    if len(names) == 1:
        header = positions.text[positions.position(path, None, 0).line - 1 :].split("\n", 1)[0]
        for separator, plural in _OTHER_SEPARATORS.items():
            at = header.find(separator)
            if at >= 0:
                start = positions.position(path, None, 0)
                diags.error(
                    Position(path, start.line, at + 1),
                    "table.delimiter",
                    f"the header row is one column that holds {plural}: this CSV is separated by {plural}, "
                    "and proposalkit reads CSV files separated by commas (save it as comma-separated CSV)",
                )
                return False
    first: dict[str, int] = {}
    usable = True
    for index, name in enumerate(names):
        if not name:
            continue
        if name in first:
            before = positions.position(path, None, first[name])
            diags.error(
                positions.position(path, None, index),
                "table.duplicate-column",
                f"column '{name}' is named twice in the header row (first at column {before.column}): "
                "give each column its own name",
            )
            usable = False
        first.setdefault(name, index)
    return usable


def check_row_widths(positions: CsvPositions, path: str, diags: Diagnostics) -> bool:
    """Report data rows with more fields than the header (an error at the first extra field) or fewer (a
    warning at the row's end naming the columns left empty); True when some row is too long."""
    names, widths = positions.names(), positions.widths[1:]
    width = len(names)
    long = [row for row, n in enumerate(widths) if n > width]
    short = [row for row, n in enumerate(widths) if n < width]
    for index, row in enumerate(long[: SHOWN_PER_CHECK + 1]):
        fields = positions.fields(row)
        message = (
            f"this row has {len(fields)} fields and the header {width}: {_cell(fields[width].strip())} and what "
            "follows have no column (remove them, quote a cell that holds a comma, or name the column in the header)"
        )
        if index == SHOWN_PER_CHECK and len(long) > SHOWN_PER_CHECK + 1:
            message += f"; and {len(long) - SHOWN_PER_CHECK - 1:,} more rows below with too many fields"
        diags.error(positions.position(path, row, width), "table.bad-row", message)
    for index, row in enumerate(short[: SHOWN_PER_CHECK + 1]):
        missing = ", ".join(repr(name) for name in names[widths[row] :])
        message = f"this row has {widths[row]} of the header's {width} fields: {missing} read as empty"
        if index == SHOWN_PER_CHECK and len(short) > SHOWN_PER_CHECK + 1:
            message += f"; and {len(short) - SHOWN_PER_CHECK - 1:,} more rows below with too few fields"
        diags.warning(positions.end(path, row), "table.short-row", message)
    return bool(long)


def inexact(cell: str) -> bool:
    """True when the number written in `cell` (trimmed, of NUMBER's shape) cannot be computed with exactly: it
    has more than EXACT_DIGITS significant digits and is not a whole number within EXACT_WHOLE."""
    if len(cell) <= EXACT_DIGITS:
        return False
    digits = cell.lower().partition("e")[0].lstrip("+-").replace(".", "").strip("0")
    if len(digits) <= EXACT_DIGITS:
        return False
    try:
        value = Decimal(cell)
        return value != value.to_integral_value() or abs(value) > EXACT_WHOLE
    except (InvalidOperation, ValueError):
        return True


def beyond_whole(cell: str) -> bool:
    """True when a whole number written in digits (with an optional sign) is beyond EXACT_WHOLE."""
    digits = cell.lstrip("+-").lstrip("0")
    return len(digits) > 16 or (len(digits) == 16 and int(digits) > EXACT_WHOLE)


def _cell(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def too_precise(name: str, cell: str) -> str:
    """The message for a number cell that `inexact` flags."""
    return (
        f"column '{name}': {_cell(cell)} has more significant digits than a number is computed with "
        f"({EXACT_DIGITS}, or a whole number up to {EXACT_WHOLE:,}): it would print as another number"
    )


def guess_types(frame: Any, path: str, positions: CsvPositions, diags: Diagnostics) -> Any:
    """A table without a schema, every cell read as text, with numbers where a column holds nothing else.

    A column is numeric when each of its non-empty cells is a number written in digits; every other column
    keeps its cells as written ("NA", "-" and "null" included), empty cells becoming missing values. The
    `amount` column must be numeric; a number too large for a float is an error at its cell.
    """
    import numpy as np
    import pandas as pd

    header = positions.names()
    columns = {}
    errors = 0
    for name in frame.columns:
        cells = frame[name]
        text = [str(cell).strip() for cell in cells.tolist()]  # in plain Python: small tables are the common case
        blank = [not cell for cell in text]
        odd = [row for row, cell in enumerate(text) if cell and NUMBER.fullmatch(cell) is None]
        index = header.index(str(name).strip()) if str(name).strip() in header else 0
        if odd or all(blank):
            if str(name).strip() == AMOUNT_COLUMN:
                for row in odd[:20]:
                    errors += 1
                    diags.error(
                        positions.position(path, row, index),
                        "table.bad-type",
                        f"column '{AMOUNT_COLUMN}': {_cell(str(cells.iloc[row]))} is not a number (write digits "
                        "with a decimal point, no thousands separators or currency; leave the cell empty for none)",
                    )
            columns[name] = cells.where(~np.array(blank, dtype=bool), np.nan) if any(blank) else cells
            continue
        written = pd.Series(
            [np.nan if empty else cell for cell, empty in zip(text, blank)], index=cells.index, dtype=object
        )
        numbers = pd.to_numeric(written, errors="coerce")
        huge = ~np.array(blank, dtype=bool) & ~np.isfinite(numbers.to_numpy(dtype=float, na_value=np.nan))
        for row in np.flatnonzero(huge)[:SHOWN_PER_CHECK]:
            errors += 1
            diags.error(
                positions.position(path, int(row), index),
                "table.too-large",
                f"column '{name}': {_cell(text[row])} is too large a number to compute with",
            )
        long = [row for row, cell in enumerate(text) if len(cell) > EXACT_DIGITS and not huge[row] and inexact(cell)]
        for row in long[:SHOWN_PER_CHECK]:
            errors += 1
            diags.error(positions.position(path, row, index), "table.too-large", too_precise(str(name), text[row]))
        columns[name] = numbers
    typed = pd.DataFrame(columns, index=frame.index)
    if errors:
        typed.attrs["invalid"] = True
    return typed
