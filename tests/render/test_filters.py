"""md_table, number, money and longdate produce the Markdown and text a proposal needs."""

import datetime as dt

import pandas as pd
import pytest

from proposalkit.base.dates import long_date
from proposalkit.render.filters import format_number, make_money, md_table


def test_md_table_from_dataframe_aligns_numbers_right_and_groups_thousands():
    frame = pd.DataFrame({"object_class": ["Consultants", "Travel"], "year_2010_usd": [120000, None]})
    text = md_table(frame, na="to be costed")
    assert text.splitlines() == [
        "| Object class | Year 2010 usd |",
        "| :-- | --: |",
        "| Consultants | 120,000 |",
        "| Travel | to be costed |",
    ]


def test_md_table_columns_headers_and_alignment_from_arguments():
    rows = [{"a": "x|y", "b": 1.5, "c": "z"}]
    text = md_table(rows, columns=["b", "a"], headers={"a": "Name"}, align="cl")
    assert text.splitlines() == ["| B | Name |", "| :-: | :-- |", "| 1.50 | x\\|y |"]


def test_md_table_unknown_column_is_a_clear_error():
    with pytest.raises(ValueError, match="no column 'nope'"):
        md_table([{"a": 1}], columns=["nope"])


def test_number_money_and_dates():
    assert format_number(14107) == "14,107"
    assert format_number(2.5, 1) == "2.5"
    assert format_number(None) == "—"
    assert make_money("USD")(700000) == "USD 700,000"
    assert make_money("USD")(float("nan")) == "to be costed"
    assert long_date(dt.date(2009, 12, 1)) == "1 December 2009"
