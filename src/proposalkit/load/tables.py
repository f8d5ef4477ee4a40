"""Tables from evidence/data/*.csv as pandas DataFrames, keyed by file stem."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from ..model import Position
from .source import read_text

DATA_DIR = "evidence/data"
_LINE = re.compile(r"line (\d+)")
_ROW = re.compile(r"row (\d+)")  # counted from 0, the header row


def table_files(root: Path) -> list[Path]:
    """The workspace's CSV files in name order."""
    folder = root / DATA_DIR
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def load_tables(root: Path, diags: Diagnostics) -> dict[str, Any]:
    """Every readable CSV as a DataFrame; pandas is imported only when there is one."""
    files = table_files(root)
    if not files:
        return {}
    import pandas as pd

    tables: dict[str, Any] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        text = read_text(path, rel, diags)
        if text is None:
            continue
        try:
            frame = pd.read_csv(io.StringIO(text), skipinitialspace=True)
        except pd.errors.EmptyDataError:
            diags.error(Position(rel), "table.empty", "the CSV file is empty: it needs a header row")
            continue
        except (pd.errors.ParserError, ValueError) as exc:
            message = str(exc).strip().replace("Error tokenizing data. C error: ", "")
            match = _LINE.search(message)
            row = _ROW.search(message)
            line = int(match.group(1)) if match else int(row.group(1)) + 1 if row else 1
            diags.error(Position(rel, line), "table.unreadable", f"pandas cannot read this CSV: {message}")
            continue
        unnamed = [str(c) for c in frame.columns if str(c).startswith("Unnamed:")]
        if unnamed:
            diags.warning(Position(rel), "table.unnamed-column", "the header row has an empty column name")
        tables[path.stem] = frame
    return tables
