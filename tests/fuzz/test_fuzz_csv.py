"""Property tests of CSV dialects: any delimiter, quoting, missing-value-looking cell, repeated header or huge
number in a table (with or without a schema, and as the budget) either builds or fails with located
diagnostics; never an internal error. Profiles as in test_fuzz_build (HYPOTHESIS_PROFILE=ci runs 500)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proposalkit import pipeline
from proposalkit.commands.init import create_workspace

from ..badinput.conftest import invoke
from .test_fuzz_build import DIAGNOSTIC, check_outcome

TABLE = "evidence/data/activities.csv"
BUDGET = "evidence/data/budget.csv"

names = st.sampled_from(["activity", "start", "end", "amount", "category", "year", "note", "", " amount", "a;b"])
cell = st.one_of(
    st.sampled_from(["NA", "N/A", "null", "None", "-", "nan", "", " ", "inf", "-inf", "NaN", "TRUE", "no"]),
    st.sampled_from(["2025-09-01", "2025-02-30", "12", "-3", "1.50", "1,500", "1e400", "1" + "0" * 400, "0x1F"]),
    st.sampled_from(['"quoted, with comma"', '"two\nlines"', '"a ""quote"""', '"unclosed', "x\ty", "a;b", "|"]),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
)
delimiter = st.sampled_from([",", ",", ";", "\t", "|"])
line_end = st.sampled_from(["\n", "\r\n", "\r", "\u2028\n"])


@st.composite
def csv_text(draw) -> str:
    sep, end = draw(delimiter), draw(line_end)
    header = draw(st.lists(names, min_size=1, max_size=5))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 1), max_size=6))
    return end.join(sep.join(row) for row in [header, *rows]) + draw(st.sampled_from(["", end]))


schema = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "columns:\n  activity: string\n  start: date\n  end: date\nextra_columns: true\n",
            "columns:\n  amount: {type: number, missing: [NA, '-']}\n  category: {type: string, blank: true}\n"
            "extra_columns: true\n",
            "columns:\n  amount: integer\n  year: {type: integer, min: 1, max: 1e400}\nextra_columns: true\n",
            "columns:\n  activity: {type: string, missing: NA}\nmissing: [null, 'n/a']\nextra_columns: true\n",
        ]
    ),
)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-csv") / "ws"
    create_workspace(root)
    donor = root / "templates/donors/example-donor.yaml"
    donor.write_text(donor.read_text(encoding="utf-8") + "budget:\n  support_costs: {rate: 7}\n", encoding="utf-8")
    return root


def _place(base: Path, text: str, table_schema: str | None, as_budget: bool) -> list[Path]:
    rel = BUDGET if as_budget else TABLE
    placed = [base / rel]
    (base / rel).write_bytes(text.encode("utf-8", "surrogatepass"))
    if table_schema is not None:
        schema_path = base / rel.replace(".csv", ".schema.yaml")
        schema_path.write_text(table_schema, encoding="utf-8")
        placed.append(schema_path)
    return placed


@given(text=csv_text(), table_schema=schema, as_budget=st.booleans())
def test_any_csv_builds_or_fails_with_located_diagnostics(base, tmp_path_factory, text, table_schema, as_budget):
    original = (base / TABLE).read_bytes()
    placed = _place(base, text, table_schema, as_budget)
    out = tmp_path_factory.mktemp("out")
    try:
        result = pipeline.build(base, out=out, jobs=1)
    finally:
        for path in placed:
            path.unlink(missing_ok=True)
        (base / TABLE).write_bytes(original)
    check_outcome(result, out)
    shutil.rmtree(out)


@settings(max_examples=10)
@given(text=csv_text(), table_schema=schema)
def test_cli_exit_status_on_any_csv_is_0_or_1(base, tmp_path_factory, text, table_schema):
    original = (base / TABLE).read_bytes()
    placed = _place(base, text, table_schema, False)
    out = tmp_path_factory.mktemp("out")
    try:
        result = invoke("build", "--out", out, "-w", base)
        assert result.code in (0, 1), result.err
        assert "Traceback" not in result.err and "internal error" not in result.err
        for line in result.lines:
            assert DIAGNOSTIC.match(line) or line.startswith(("check: ", "build failed: ")), line
    finally:
        for path in placed:
            path.unlink(missing_ok=True)
        (base / TABLE).write_bytes(original)
        shutil.rmtree(out)
