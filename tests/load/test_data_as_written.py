"""CSV tables as written: cells that look like missing values stay text, a schema may declare its own
missing-value markers, and duplicate headers, other separators and non-numeric or overflowing amounts are
errors at the cell's line and column."""

from __future__ import annotations

import docx

from ..support import all_text, built, fails_located, write

TABLE = "evidence/data/activities.csv"
BUDGET = "evidence/data/budget.csv"
OUT = "outputs/skills-for-green-jobs-example-donor.docx"


def built_text(run, root) -> str:
    result = run("build", "-w", root)
    assert result.code == 0, result.err
    return all_text(docx.Document(str(root / OUT)))


def test_cells_that_look_missing_stay_as_written(starter, run):
    write(
        starter,
        TABLE,
        "activity,start,end,lead\n"
        "NA,2025-09-01,2025-11-30,N/A\n"
        "None,2025-12-10,2025-12-10,null\n"
        "nan,2025-12-11,2025-12-12,-\n",
    )
    text = built_text(run, starter)
    for written in ("NA", "N/A", "None", "null", "nan"):
        assert f"\n{written}\n" in f"\n{text}\n", written
    assert "\n-\n" in text


def test_a_schema_declares_its_missing_value_marker(starter, run):
    write(starter, TABLE, "activity,start,end,trainees\nA,2025-09-01,2025-11-30,NA\nB,2025-12-10,2025-12-10,12\n")
    write(
        starter,
        "evidence/data/activities.schema.yaml",
        "columns:\n  activity: string\n  start: date\n  end: date\n  trainees: {type: integer, missing: NA}\n",
    )
    text = built_text(run, starter)
    assert "\n12\n" in text and "\nNA\n" not in text  # the marker is a missing value, shown as md_table's na
    # without the marker the same cell is an error at its column
    write(
        starter,
        "evidence/data/activities.schema.yaml",
        "columns:\n  activity: string\n  start: date\n  end: date\n  trainees: integer\n",
    )
    result = run("build", "-w", starter)
    assert result.code == 1
    assert any(line.startswith(f"{TABLE}:2:25: error:") and line.endswith("[table.bad-type]") for line in result.lines)


def test_a_duplicate_header_is_located_at_the_second_name(starter, run):
    before = built(run, starter)
    write(starter, TABLE, "activity,start,end,activity\nA,2025-09-01,2025-11-30,B\n")
    (line,) = fails_located(run, starter, before, f"{TABLE}:1:20: error:", "table.duplicate-column")
    assert "'activity'" in line and "first at column 1" in line


def test_a_semicolon_separated_csv_is_an_error_at_the_first_semicolon(starter, run):
    before = built(run, starter)
    write(starter, TABLE, "activity;start;end\nA;2025-09-01;2025-11-30\n")
    (line,) = fails_located(run, starter, before, f"{TABLE}:1:9: error:", "table.delimiter")
    assert "semicolons" in line


def test_a_tab_separated_csv_is_an_error(starter, run):
    before = built(run, starter)
    write(starter, TABLE, "activity\tstart\tend\nA\t2025-09-01\t2025-11-30\n")
    fails_located(run, starter, before, f"{TABLE}:1:9: error:", "table.delimiter")


def test_a_budget_amount_that_is_not_a_number_is_an_error_at_its_cell(starter, run):
    before = built(run, starter)
    write(starter, BUDGET, 'category,year,amount\nTravel,1,1200\nConsultants,1,N/A\nSupplies,2,"1,500"\n')
    fails_located(
        run, starter, before, f"{BUDGET}:3:15: error: column 'amount': 'N/A' is not a number", "table.bad-type"
    )
    fails_located(run, starter, before, f"{BUDGET}:4:12: error: column 'amount': '1,500'", "table.bad-type")


def test_a_number_column_given_text_is_an_error_under_a_schema(starter, run):
    before = built(run, starter)
    write(starter, BUDGET, "category,amount\nTravel,1200\nConsultants,abc\n")
    write(starter, "evidence/data/budget.schema.yaml", "columns:\n  category: string\n  amount: number\n")
    fails_located(
        run, starter, before, f"{BUDGET}:3:13: error: column 'amount': 'abc' is not a number", "table.bad-type"
    )


def test_overflowing_amounts_are_errors_at_their_cells(starter, run):
    before = built(run, starter)
    huge = "1" + "0" * 400
    write(starter, BUDGET, f"category,amount\nTravel,1e400\nSupplies,{huge}\n")
    fails_located(
        run, starter, before, f"{BUDGET}:2:8: error: column 'amount': '1e400' is too large", "table.too-large"
    )
    fails_located(run, starter, before, f"{BUDGET}:3:10: error:", "table.too-large")
    write(starter, "evidence/data/budget.schema.yaml", "columns:\n  category: string\n  amount: number\n")
    fails_located(run, starter, before, f"{BUDGET}:2:8: error:", "table.too-large")
    write(starter, "evidence/data/budget.schema.yaml", "columns:\n  category: string\n  amount: integer\n")
    write(starter, BUDGET, f"category,amount\nTravel,12\nSupplies,{huge}\n")
    (line,) = fails_located(run, starter, before, f"{BUDGET}:3:10: error:", "table.too-large")
    assert "Error" not in line and "int64" not in line


def test_a_bad_date_is_located_at_its_column(starter, run):
    before = built(run, starter)
    write(starter, TABLE, "activity,start,end\nA,2025-09-01,soon\n")
    fails_located(run, starter, before, f"{TABLE}:2:14: error: 'soon' in column 'end'", "table.bad-date")


def test_an_activity_dated_to_the_month_stays_a_month(starter, run):
    """A source that gives only a month is written as one; the table prints it as written, and an end month
    counts to its last day, so an activity of one month does not end before it starts."""
    write(starter, TABLE, "activity,start,end\nA,2025-09,November 2025\nB,December 2025,December 2025\n")
    text = built_text(run, starter).replace("\u00a0", " ")  # a date's spaces are no-break spaces
    for written in ("2025-09", "November 2025", "December 2025"):
        assert f"\n{written}\n" in f"\n{text}\n", written
    before = built(run, starter)
    write(starter, TABLE, "activity,start,end\nA,2025-12,2025-11\n")
    fails_located(run, starter, before, f"{TABLE}:2:", "table.end-before-start")
    write(starter, TABLE, "activity,start,end\nA,2025-09,mid-2025\n")
    fails_located(run, starter, before, f"{TABLE}:2:", "table.bad-date")


def test_a_row_with_extra_fields_is_an_error_at_the_first_extra_field(starter, run):
    before = built(run, starter)
    write(starter, TABLE, "activity,start,end\nA,2025-09-01,2025-11-30,extra,more\nB\n")
    (line,) = fails_located(run, starter, before, f"{TABLE}:2:25: error:", "table.bad-row")
    assert "'extra'" in line and "5 fields and the header 3" in line
    result = run("build", "-w", starter)
    # the row is read under its own columns: no other error on it, and the short row is a warning at its end
    assert [x for x in result.lines if x.startswith(f"{TABLE}:") and ": error:" in x] == [line]
    (short,) = [x for x in result.lines if x.startswith(f"{TABLE}:3:2: warning:")]
    assert short.endswith("[table.short-row]") and "'start', 'end'" in short


def test_rows_with_extra_fields_are_each_reported_then_counted(starter, run):
    before = built(run, starter)
    rows = "".join(f"A{n},2025-09-01,2025-11-30,x\n" for n in range(25))
    write(starter, TABLE, "activity,start,end\nZ,2025-09-01,2025-11-30\n" + rows)
    hits = fails_located(run, starter, before, f"{TABLE}:", "table.bad-row")
    assert len(hits) == 21
    assert hits[0].startswith(f"{TABLE}:3:26: error:")
    assert hits[-1].startswith(f"{TABLE}:23:27: error:") and "and 4 more rows below" in hits[-1]


def test_a_short_row_under_a_schema_is_blank_where_blanks_are_not_allowed(starter, run):
    before = built(run, starter)
    write(starter, TABLE, "activity,start,end\nA,2025-09-01\n")
    write(starter, "evidence/data/activities.schema.yaml", "columns:\n  activity: string\n  start: date\n  end: date\n")
    fails_located(run, starter, before, f"{TABLE}:2:13: error: column 'end': empty cell", "table.blank")
    fails_located(run, starter, before, f"{TABLE}:2:13: warning:", "table.short-row")


def test_a_number_with_too_many_digits_is_too_large_without_a_schema(starter, run):
    before = built(run, starter)
    write(
        starter,
        TABLE,
        "activity,start,end,b\nA,2025-09-01,2025-11-30,12345678901234567890123\nB,2025-12-01,2025-12-02,1e400\n",
    )
    (line,) = fails_located(run, starter, before, f"{TABLE}:2:25: error: column 'b':", "table.too-large")
    assert "'12345678901234567890123'" in line
    fails_located(run, starter, before, f"{TABLE}:3:25: error: column 'b': '1e400'", "table.too-large")


def test_exactly_computable_numbers_are_kept(starter, run):
    write(
        starter, TABLE, "activity,start,end,b\nA,2025-09-01,2025-11-30,9007199254740992\nB,2025-12-01,2025-12-02,0.5\n"
    )
    section = starter / "templates/sections/results.md.j2"
    section.write_text(section.read_text(encoding="utf-8") + "\n{{ tables.activities | md_table }}\n", encoding="utf-8")
    text = built_text(run, starter)
    assert "9,007,199,254,740,992" in text


def test_a_budget_amount_with_too_many_digits_is_too_large(starter, run):
    before = built(run, starter)
    write(starter, BUDGET, "category,amount\nTravel,1200\nConsultants,12345678901234567890123\n")
    fails_located(run, starter, before, f"{BUDGET}:3:13: error: column 'amount':", "table.too-large")
    write(starter, BUDGET, "category,amount\nTravel,1200\nConsultants,0.1234567890123456\n")
    write(starter, "evidence/data/budget.schema.yaml", "columns:\n  category: string\n  amount: number\n")
    fails_located(run, starter, before, f"{BUDGET}:3:13: error: column 'amount':", "table.too-large")
    write(starter, BUDGET, "category,amount\nTravel,1200\nConsultants,9007199254740993\n")
    write(starter, "evidence/data/budget.schema.yaml", "columns:\n  category: string\n  amount: integer\n")
    (line,) = fails_located(run, starter, before, f"{BUDGET}:3:13: error: column 'amount':", "table.too-large")
    assert "9,007,199,254,740,992" in line
