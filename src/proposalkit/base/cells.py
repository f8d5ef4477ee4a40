"""Table cells: whether a cell is empty, and a cell as text."""

from __future__ import annotations

import math
import numbers
from typing import Any, cast


def is_missing(value: Any) -> bool:
    """Whether a table cell is empty: None, NaN, or pandas' NA and NaT (blank cells of typed columns)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (str, bytes, bool, int, list, tuple, dict)):
        return False
    try:
        import pandas as pd  # only reached for values that came from a table

        return bool(pd.isna(value))
    except (ImportError, TypeError, ValueError):
        return False


def cell_text(value: Any, *, fold: bool = True) -> str:
    """A table cell as text: empty when missing, whole numbers without '.0', trimmed, and with `fold` each
    run of whitespace made one space."""
    if is_missing(value):
        return ""
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(cast(float, value)))  # a Real that is whole: exact as an int
    return " ".join(str(value).split()) if fold else str(value).strip()
