"""A diagnostic is one line whatever it quotes: characters that would end, split or garble the line are
escaped in the text, kept as they are (json's escapes aside) in the JSON document."""

from __future__ import annotations

import json

import pytest

from proposalkit.base.diagnostics import Diagnostics, one_line
from proposalkit.base.model import Position

BREAKING = {
    "\x1e": "\\x1e",  # record separator: str.splitlines splits on it
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\x00": "\\x00",
    "\x0b": "\\x0b",
    "\x0c": "\\x0c",
    "\x1b": "\\x1b",  # escape: a terminal would read what follows as a command
    "\x7f": "\\x7f",
    "\x85": "\\x85",  # NEL
    "\x9b": "\\x9b",
    "\u2028": "\\u2028",  # line separator
    "\u2029": "\\u2029",  # paragraph separator
}


@pytest.mark.parametrize("char,escaped", list(BREAKING.items()), ids=[f"U+{ord(c):04X}" for c in BREAKING])
def test_each_line_breaking_character_is_escaped(char, escaped):
    assert one_line(f"a{char}b") == f"a{escaped}b"
    diags = Diagnostics()
    diags.error(Position(f"evidence/x{char}y.md", 3, 4), "evidence.bad-metric", f"metric 'jobs{char}all' is odd")
    (line,) = diags.lines()
    assert line == f"evidence/x{escaped}y.md:3:4: error: metric 'jobs{escaped}all' is odd [evidence.bad-metric]"
    assert line.splitlines() == [line]
    (coloured,) = diags.lines(colour=True)
    assert coloured.splitlines() == [coloured] and f"jobs{escaped}all" in coloured


def test_text_without_such_characters_is_unchanged():
    text = "unknown kind 'anecdote'; expected one of: pilot-result, context — 绿色就业 \\n stays \u00a0"
    assert one_line(text) is text


def test_json_keeps_the_characters_and_stays_one_document_of_its_own_lines():
    message = "metric '" + "".join(BREAKING) + "' is odd"
    diags = Diagnostics()
    diags.warning(Position("evidence/a\u2028b.md", 2, 1), "evidence.unknown-field", message)
    text = diags.to_json(command="check")
    (item,) = json.loads(text)["diagnostics"]
    assert item["message"] == message and item["path"] == "evidence/a\u2028b.md"
    assert text.splitlines() == text.split("\n")  # no line break but the document's own
    assert "\\u2028" in text and "\\u0085" in text and "\\u001e" in text


def test_the_escapes_are_only_shown_the_diagnostics_keep_the_real_text():
    diags = Diagnostics()
    diags.error(Position("a.md", 1, 1), "yaml.syntax", "x\ny")
    diags.error(Position("a.md", 1, 1), "yaml.syntax", "x\ny")
    diags.error(Position("a.md", 1, 1), "yaml.syntax", "x\\ny")  # a real backslash: another message
    assert len(diags.items) == 2 and diags.error_count == 2
