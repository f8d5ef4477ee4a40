"""Blank cells of columns a schema types (pandas' NA and NaT) read as empty wherever tables are shown."""

from __future__ import annotations

import docx
import pandas as pd

from proposalkit.base.cells import cell_text, is_missing

from ..support import all_text

INDICATORS_SCHEMA = """columns:
  level: string
  number: {type: number, blank: true}  # output numbers (1.1) are decimals; blank on the development objective: NaN
  indicator: string
  baseline: {type: string, blank: true}
  target: {type: string, blank: true}
  source_of_verification: {type: string, blank: true}
  frequency: {type: string, blank: true}
  responsibility: {type: string, blank: true}
"""


def test_missing_values_of_every_kind_read_as_empty_text():
    for value in (None, float("nan"), pd.NA, pd.NaT):
        assert is_missing(value) and cell_text(value) == ""
    assert cell_text(2010.0) == "2010" and cell_text("  two   words ") == "two words"
    assert cell_text("  two   words ", fold=False) == "two   words"
    assert not is_missing(0) and not is_missing("") and not is_missing(False)


def test_a_logframe_from_a_typed_table_shows_no_na_marker(example, run):
    (example / "evidence/data/indicators.schema.yaml").write_text(INDICATORS_SCHEMA, encoding="utf-8")
    result = run("build", "-w", example)
    assert result.code == 0, result.err
    (path,) = (example / "outputs").glob("*.docx")
    text = all_text(docx.Document(str(path)))
    assert "Logical framework" in text
    assert "<NA>" not in text and "nan" not in text.split()
