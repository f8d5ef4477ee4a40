"""Table schemas: each violation a diagnostic at the CSV cell, typed DataFrames after validation, speed."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from proposalkit.base.diagnostics import Diagnostics
from proposalkit.load.tables import load_tables

SCHEMA = """columns:
  activity: string
  start: date
  end: {type: date, blank: true}
  places: {type: integer, min: 1, max: 500}
  cost: {type: number, min: 0}
  open: boolean
  level: {type: string, values: [national, provincial]}
key: activity
"""
GOOD = """activity,start,end,places,cost,open,level
Instructor training,2025-09-01,2025-11-30,20,1500.50,yes,national
Review meeting,2025-12-10,,35,0,no,provincial
"""


def write(root: Path, csv: str, schema: str | None = SCHEMA, in_proposal: bool = False) -> None:
    data = root / "evidence/data"
    (data / "activities.csv").write_text(csv, encoding="utf-8")
    if schema is None:
        return
    if in_proposal:
        indented = "".join(f"    {line}\n" for line in schema.splitlines())
        with (root / "templates/proposal.yaml").open("a", encoding="utf-8") as handle:
            handle.write(f"tables:\n  activities:\n{indented}")
    else:
        (data / "activities.schema.yaml").write_text(schema, encoding="utf-8")


def cell(csv: str, line: int, text: str) -> str:
    """'LINE:COL' of `text` on physical line `line` of `csv`, found by the test itself."""
    return f"{line}:{csv.splitlines()[line - 1].index(text) + 1}"


def failed_build(run, root: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run("build", "-w", root, "--out", out)
    assert result.code == 1, result.err
    assert not out.exists() or not any(out.iterdir()), "a failed build wrote something"
    return result


@pytest.mark.parametrize("in_proposal", [False, True], ids=["schema-file", "proposal-tables"])
def test_a_valid_table_gets_its_declared_dtypes(starter, in_proposal):
    write(starter, GOOD, in_proposal=in_proposal)
    diags = Diagnostics()
    frame = load_tables(starter, diags)["activities"]
    assert not diags.has_errors, diags.lines()
    assert str(frame["places"].dtype) == "Int64"
    assert frame["cost"].dtype == "float64" and frame["cost"].tolist() == [1500.5, 0.0]
    assert pd.api.types.is_datetime64_any_dtype(frame["start"])
    assert frame["start"][0] == pd.Timestamp(2025, 9, 1) and pd.isna(frame["end"][1])
    assert str(frame["open"].dtype) == "boolean" and frame["open"].tolist() == [True, False]
    assert str(frame["level"].dtype) == "string"


def test_typed_dates_show_as_dates_in_templates(starter, run, tmp_path):
    write(starter, GOOD)
    (starter / "templates/sections/results.md.j2").write_text(
        "{{ tables.activities | md_table(columns=['activity', 'start', 'places']) }}\n"
        "{% for row in tables.activities.itertuples() %}{{ row.places + 1 }};{% endfor %}\n",
        encoding="utf-8",
    )
    result = run("build", "-w", starter, "--format", "md", "--out", tmp_path)
    assert result.code == 0, result.err
    text = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert "| Instructor training | 1 September 2025 | 20 |" in text and "21;36;" in text  # as the text writes dates


CELL_CASES = [
    ("text in a numeric column", "1500.50", "15OO", "table.bad-type", "column 'cost': '15OO' is not a number"),
    (
        "a fraction in an integer column",
        ",20,",
        ",20.5,",
        "table.bad-type",
        "column 'places': '20.5' is not a whole number",
    ),
    (
        "a date that does not parse",
        "2025-09-01",
        "2025-09-31",
        "table.bad-date",
        "column 'start': '2025-09-31' is not a date written YYYY-MM-DD",
    ),
    (
        "a date in another form",
        "2025-09-01",
        "01/09/2025",
        "table.bad-date",
        "column 'start': '01/09/2025' is not a date",
    ),
    (
        "a value not allowed",
        "national",
        "county",
        "table.not-allowed",
        "column 'level': 'county' is not one of the allowed values (national, provincial)",
    ),
    (
        "a number above the maximum",
        ",20,",
        ",900,",
        "table.out-of-range",
        "column 'places': 900 is above the maximum 500",
    ),
    ("not a boolean", ",yes,", ",perhaps,", "table.bad-type", "column 'open': 'perhaps' is not true/false"),
    ("a blank cell", ",20,", ",,", "table.blank", "column 'places': empty cell"),
]


@pytest.mark.parametrize("old, new, code, message", [c[1:] for c in CELL_CASES], ids=[c[0] for c in CELL_CASES])
def test_a_bad_cell_is_an_error_at_its_line_and_column(starter, run, tmp_path, old, new, code, message):
    csv = GOOD.replace(old, new, 1)
    write(starter, csv)
    result = failed_build(run, starter, tmp_path)
    shown = new.strip(",") or ","
    where = cell(csv, 2, shown) if shown != "," else f"2:{csv.splitlines()[1].index(',,') + 2}"
    expected = f"evidence/data/activities.csv:{where}: error: {message}"
    assert any(line.startswith(expected) and line.endswith(f"[{code}]") for line in result.lines), result.lines


def test_a_cell_after_a_quoted_line_break_is_located_on_its_physical_line(starter, run, tmp_path):
    csv = GOOD.replace("Review meeting,2025-12-10", '"Review\nmeeting",2025-12-99')
    write(starter, csv)
    result = failed_build(run, starter, tmp_path)
    assert (
        f"evidence/data/activities.csv:{cell(csv, 4, '2025-12-99')}: error: column 'start': '2025-12-99' "
        "is not a date written YYYY-MM-DD [table.bad-date]" in result.lines
    )


def test_every_problem_is_reported_in_one_run(starter, run, tmp_path):
    csv = GOOD + "Instructor training,2026-01-05,,x,-3,yes,county\n"
    write(starter, csv)
    result = failed_build(run, starter, tmp_path)
    codes = sorted(line.rsplit("[", 1)[1].rstrip("]") for line in result.lines if ": error: " in line)
    assert codes == ["table.bad-type", "table.duplicate-key", "table.not-allowed", "table.out-of-range"]
    assert (
        "evidence/data/activities.csv:4:1: error: duplicate key (activity=Instructor training): "
        "the same as line 2 [table.duplicate-key]" in result.lines
    )


def test_missing_and_unknown_columns_are_errors_at_the_header(starter, run, tmp_path):
    csv = GOOD.replace("level", "tier")
    write(starter, csv)
    result = failed_build(run, starter, tmp_path)
    assert any(
        line.startswith(
            "evidence/data/activities.csv:1:1: error: missing required column 'level' "
            "(declared in the schema at evidence/data/activities.schema.yaml:1)"
        )
        for line in result.lines
    ), result.lines
    assert any(
        line.startswith(f"evidence/data/activities.csv:{cell(csv, 1, 'tier')}: error: column 'tier' is not declared")
        and line.endswith("[table.unknown-column]")
        for line in result.lines
    ), result.lines


def test_optional_columns_and_extra_columns(starter):
    schema = SCHEMA.replace("level: {type: string", "level: {required: false, type: string") + "extra_columns: true\n"
    write(starter, GOOD.replace(",level", ",note").replace("national\n", "a\n").replace("provincial\n", "b\n"), schema)
    diags = Diagnostics()
    frame = load_tables(starter, diags)["activities"]
    assert not diags.has_errors, diags.lines()
    assert frame["note"].tolist() == ["a", "b"]


def locate(text: str, marker: str) -> str:
    """'LINE:COL' where `marker` first occurs in `text`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if marker in line:
            return f"{number}:{line.index(marker) + 1}"
    raise AssertionError(f"{marker!r} not in the schema")


# (name, schema text, where the error points: a marker in the text or 'LINE:COL', message, code)
SCHEMA_CASES = [
    (
        "unknown type",
        SCHEMA.replace("cost: {type: number", "cost: {type: money"),
        "money",
        "column 'cost': unknown type 'money'",
        "schema.unknown-type",
    ),
    (
        "unknown column key",
        SCHEMA.replace("min: 0}", "minimum: 0}"),
        "minimum",
        "column 'cost': unknown key 'minimum'",
        "schema.unknown-key",
    ),
    (
        "key not declared",
        SCHEMA.replace("key: activity", "key: [activity, place]"),
        "place]",
        "key column 'place' is not declared",
        "schema.unknown-key-column",
    ),
    (
        "allowed value of the wrong type",
        SCHEMA.replace("max: 500}", "max: 500, values: [10, ten]}"),
        "ten]",
        "column 'places': allowed value 'ten' is not a whole number",
        "schema.bad-value",
    ),
    (
        "no columns",
        "key: activity\n",
        "1:1",
        "the schema of table 'activities' needs 'columns'",
        "schema.missing-columns",
    ),
    ("YAML syntax", "columns:\n  activity: [string\n", "2:13", "malformed YAML", "yaml.syntax"),  # where [ opens
]


@pytest.mark.parametrize(
    "schema, where, message, code", [c[1:] for c in SCHEMA_CASES], ids=[c[0] for c in SCHEMA_CASES]
)
def test_a_malformed_schema_is_an_error_at_its_yaml_position(starter, run, tmp_path, schema, where, message, code):
    write(starter, GOOD, schema)
    result = failed_build(run, starter, tmp_path)
    where = where if where[0].isdigit() else locate(schema, where)
    expected = f"evidence/data/activities.schema.yaml:{where}: error: {message}"
    assert any(line.startswith(expected) and line.endswith(f"[{code}]") for line in result.lines), result.lines


def test_a_schema_in_proposal_yaml_is_located_there(starter, run, tmp_path):
    write(starter, GOOD, SCHEMA.replace("open: boolean", "open: flag"), in_proposal=True)
    result = failed_build(run, starter, tmp_path)
    line = (starter / "templates/proposal.yaml").read_text(encoding="utf-8").splitlines().index("      open: flag") + 1
    assert (
        f"templates/proposal.yaml:{line}:13: error: column 'open': unknown type 'flag'; expected one of: "
        "string, integer, number, date, boolean [schema.unknown-type]" in result.lines
    )


def test_a_table_declared_twice_and_a_schema_without_table_are_errors(starter, run, tmp_path):
    write(starter, GOOD)
    write(starter, GOOD, in_proposal=True)
    (starter / "evidence/data/ghost.schema.yaml").write_text(SCHEMA, encoding="utf-8")
    result = failed_build(run, starter, tmp_path)
    line = (starter / "templates/proposal.yaml").read_text(encoding="utf-8").splitlines().index("  activities:") + 1
    assert any(
        l.startswith(
            f"templates/proposal.yaml:{line}:3: error: table 'activities' has a schema both here and "
            "in evidence/data/activities.schema.yaml"
        )
        for l in result.lines
    ), result.lines
    assert (
        "evidence/data/ghost.schema.yaml:1:1: error: schema for table 'ghost', but there is no "
        "evidence/data/ghost.csv [schema.unknown-table]" in result.lines
    )


def test_many_bad_cells_are_counted_after_the_first_ones(starter, run, tmp_path):
    rows = "".join(f"Course {i},2025-09-01,,x{i},1,yes,national\n" for i in range(50))
    write(starter, GOOD + rows)
    result = failed_build(run, starter, tmp_path)
    bad = [line for line in result.lines if "[table.bad-type]" in line]
    assert len(bad) == 21 and "and 29 more rows below with the same problem" in bad[-1]


def test_a_table_without_schema_is_read_as_before(starter):
    write(starter, GOOD, schema=None)
    frame = load_tables(starter, Diagnostics())["activities"]
    assert frame["places"].dtype == "int64" and frame["start"].tolist()[0] == "2025-09-01"


def test_100000_rows_validate_in_well_under_a_few_seconds(tmp_path):
    root = tmp_path / "big"
    (root / "evidence/data").mkdir(parents=True)
    lines = ["activity,start,end,places,cost,open,level"]
    lines += [
        f"Course {i},2025-{i % 12 + 1:02d}-{i % 28 + 1:02d},,{i % 400 + 1},{i * 1.25:.2f},"
        f"{'yes' if i % 2 else 'no'},{'national' if i % 3 else 'provincial'}"
        for i in range(100_000)
    ]
    (root / "evidence/data/activities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "evidence/data/activities.schema.yaml").write_text(SCHEMA, encoding="utf-8")
    diags = Diagnostics()
    load_tables(root, Diagnostics())  # pandas imported and warmed up before timing
    started = time.perf_counter()
    frame = load_tables(root, diags)["activities"]
    elapsed = time.perf_counter() - started
    assert not diags.has_errors and len(frame) == 100_000 and str(frame["places"].dtype) == "Int64"
    assert elapsed < 4.0, f"validating 100,000 rows took {elapsed:.2f} s"
