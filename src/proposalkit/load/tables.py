"""Tables from evidence/data/*.csv as pandas DataFrames, keyed by file stem, checked against declared schemas."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostics
from ..base.inputs import input_files
from ..base.model import Position
from ..base.paths import DATA_DIR
from .source import read_text

_LINE = re.compile(r"line (\d+)")
_ROW = re.compile(r"row (\d+)")  # counted from 0, the header row


def table_files(root: Path, diags: Diagnostics | None = None) -> list[Path]:
    """The workspace's CSV files in name order (a data folder symlinked out of the workspace: reported)."""
    return input_files(root, DATA_DIR, "*.csv", diags, recursive=False)


def load_tables(root: Path, diags: Diagnostics) -> dict[str, Any]:
    """Every readable CSV as a DataFrame; pandas is imported only when there is one."""
    files = table_files(root, diags)
    if not files:
        return {}
    import pandas as pd

    from .dialect import check_row_widths, csv_positions, guess_types, header_is_usable
    from .schemas import load_schemas
    from .validate import validate_table

    schemas = load_schemas(root, DATA_DIR, {p.stem for p in files}, diags)
    tables: dict[str, Any] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        text = read_text(path, rel, diags)
        if text is None:
            continue
        schema = schemas.get(path.stem)
        positions = csv_positions(text)
        usable = header_is_usable(positions, rel, diags)
        # A row longer than the header is an error; its extra fields are then left out (pandas would otherwise
        # take a first row's leading fields as the index, shifting every cell).
        long = check_row_widths(positions, rel, diags)
        shape: dict[str, Any] = {"index_col": False, "usecols": range(len(positions.header))}
        # Every cell is read as the text written ("NA", "null" and "-" too); types come from the schema, or,
        # without one, from columns whose every cell is a number.
        try:
            frame = pd.read_csv(
                io.StringIO(text), dtype=object, na_filter=False, skipinitialspace=True, **(shape if long else {})
            )
        except pd.errors.EmptyDataError:
            diags.error(Position(rel), "table.empty", "the CSV file is empty: it needs a header row")
            continue
        except (pd.errors.ParserError, ValueError) as exc:
            message = str(exc).strip().replace("Error tokenizing data. C error: ", "")
            match = _LINE.search(message)
            row = _ROW.search(message)
            line = int(match.group(1)) if match else int(row.group(1)) + 1 if row else 1
            if usable:
                diags.error(Position(rel, line), "table.unreadable", f"pandas cannot read this CSV: {message}")
                continue
            frame = pd.DataFrame(columns=positions.names())  # its header's error is the one reported
        unnamed = [str(c) for c in frame.columns if str(c).startswith("Unnamed:")]
        if unnamed:
            diags.warning(Position(rel), "table.unnamed-column", "the header row has an empty column name")
        if not usable:
            frame.attrs["invalid"] = True  # read as text so templates still render; the build fails
        elif schema is not None:
            typed = validate_table(frame, schema, rel, positions, diags)
            if typed is None:
                frame.attrs["invalid"] = True  # kept as text so templates still render; the build fails
            else:
                frame = typed
        else:
            frame = guess_types(frame, rel, positions, diags)
        frame.attrs.update(source=rel, lines=record_lines(text), text=text)
        tables[path.stem] = frame
    return tables


def record_lines(text: str) -> tuple[int, ...]:
    """The line on which each data record of a CSV text starts (blank lines skipped, as pandas does)."""
    reader = csv.reader(io.StringIO(text))
    lines, start = [], 1
    for record in reader:
        if len(record) > 1 or (record and record[0].strip()):
            lines.append(start)
        start = reader.line_num + 1
    return tuple(lines[1:])  # the first record is the header row


def row_position(frame: Any, index: int, column: str | None = None) -> Position:
    """Where the `index`-th data row of a loaded table was written: its CSV file, line and, given the name of
    a column, the column where that cell starts."""
    source = frame.attrs.get("source", DATA_DIR)
    lines = frame.attrs.get("lines", ())
    text = frame.attrs.get("text")
    if column is not None and text is not None and index < len(lines):
        from .dialect import csv_positions

        positions = csv_positions(text)
        names = positions.names()
        if column.strip() in names:
            return positions.position(source, index, names.index(column.strip()))
    return Position(source, lines[index] if index < len(lines) else index + 2, 1)
