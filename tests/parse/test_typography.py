"""Curly quotes, apostrophes, dashes and ellipses in text; code, raw HTML and URLs stay as typed."""

from __future__ import annotations

import pytest

from proposalkit.base.text import visible_text
from proposalkit.parse.extensions.typography import smarten
from proposalkit.parse.markdown import parse_markdown, parse_with_markdown_it


@pytest.mark.parametrize(
    "written,shown",
    [
        ('"Green jobs" are the ILO\'s aim.', "\u201cGreen jobs\u201d are the ILO\u2019s aim."),
        ("'quoted' and 'twenty '09s'", "\u2018quoted\u2019 and \u2018twenty \u201909s\u2019"),
        ("2010--2011 --- then... done", "2010\u20132011 \u2014 then\u2026 done"),
        ('He said "*yes*".', "He said \u201cyes\u201d."),
        ('("inside")', "(\u201cinside\u201d)"),
    ],
)
def test_text_is_smartened_the_same_by_both_parsers(written, shown):
    for parse in (parse_markdown, parse_with_markdown_it):
        assert visible_text(parse(written + "\n")).strip() == shown


def test_code_html_and_addresses_stay_as_typed():
    text = "Use `don't -- x` and <span title=\"a\">it's</span> at https://ilo.org/a--b'c and <http://x.y/--z>.\n"
    tree = parse_markdown(text)
    shown = visible_text(tree)
    assert "don't -- x" in shown and "https://ilo.org/a--b'c" in shown and "http://x.y/--z" in shown
    assert 'title="a"' in shown and "it\u2019s" in shown


def test_note_texts_are_smartened_but_their_addresses_are_not():
    assert (
        smarten("ILO, 'Green jobs', www.ilo.org/global--x, 2009")
        == "ILO, \u2018Green jobs\u2019, www.ilo.org/global--x, 2009"
    )
