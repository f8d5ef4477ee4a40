"""YAML values keep their positions; files that are not UTF-8 are located at the bad byte."""

from pathlib import Path

from proposalkit.base.diagnostics import Diagnostics
from proposalkit.base.text import count_words
from proposalkit.load.source import load_yaml, read_text, split_front_matter


def test_positions_of_nested_values_with_offset():
    doc = load_yaml("a: 1\nsections:\n  - id: x\n    title: T\n", "f.yaml", Diagnostics(), line_offset=1)
    assert doc.pos("sections", 0, "title") == doc.values[("sections", 0, "title")]
    assert (doc.pos("sections", 0, "title").line, doc.pos("sections", 0, "title").column) == (5, 12)
    assert doc.pos("missing", "deeper").line == 2  # falls back to the document


def test_syntax_error_is_located():
    diags = Diagnostics()
    assert load_yaml("a: [1, 2\nb: 3\n", "f.yaml", diags) is None
    (d,) = diags.items
    assert d.code == "yaml.syntax" and d.position.path == "f.yaml" and d.position.line >= 2


def test_non_utf8_located(tmp_path: Path):
    path = tmp_path / "x.md"
    path.write_bytes("ok\nab\xe9\n".encode("latin-1"))
    diags = Diagnostics()
    assert read_text(path, "x.md", diags) is None
    assert str(diags.items[0]).startswith("x.md:2:3: error: file is not valid UTF-8")


def test_front_matter_split_reports_body_line():
    assert split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1", "body\n", 4)
    assert split_front_matter("no front matter") is None


def test_word_count_counts_cjk_characters_as_words():
    assert count_words("Green jobs in China — 绿色就业") == 8
    assert count_words("US$700,000 and 14,107 jobs.") == 4
