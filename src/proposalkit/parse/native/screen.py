"""Which texts the compiled parser is trusted with: it reads CommonMark 0.30 and takes no Python rules, so
text whose reading could differ from markdown-it-py's (CommonMark 0.31 plus the project's rules) goes there."""

from __future__ import annotations

import re
import unicodedata

# Beyond this bound on the nesting the compiled parser is not even called (its recursion has no limit).
BOUND = 2000

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE_PREFIX = re.compile(r"^[ \t>*+\-0-9.)]*", re.MULTILINE)


def nesting_bound(text: str) -> int:
    """An upper bound on how deep `text` nests: its longest line prefix of container marks plus
    half the emphasis and bracket marks of its longest stretch between blank lines."""
    prefix = max((len(m.group(0).expandtabs(4)) for m in _LINE_PREFIX.finditer(text)), default=0)
    marks = 0
    for chunk in _BLANK_LINE.split(text):
        n = chunk.count("*") + chunk.count("_") + chunk.count("~") + chunk.count("[")
        if n > marks:
            marks = n
    return prefix + marks // 2 + 4


_NEXT_TO_DELIMITER = re.compile(r"[*_~][^\x00-\x7f]|[^\x00-\x7f][*_~]")
UNCLOSED_HTML = re.compile(
    r"(?is)\s*(?:<!--(?!.*-->)|<\?(?!.*\?>)|<!\[CDATA\[(?!.*\]\]>)|<![A-Z](?!.*>)"
    r"|<(script|pre|style|textarea)(?!.*</(?:script|pre|style|textarea)>))"
)
_ITEM_LINE = re.compile(r"[ \t>]*(?:[-+*]|0*(\d{1,9})[.)])([ \t].*)?$")
_QUOTE_LINE = re.compile(r" {0,3}>")
_DEFINITION_LINE = re.compile(r" {0,3}\[[^\]]*\]:")


def _symbol_by_delimiter(text: str) -> bool:
    """Whether a non-ASCII symbol touches `*`, `_` or `~`: CommonMark 0.31 (markdown-it-py) counts
    symbols as punctuation when deciding emphasis, 0.30 (markdown-it-pyrs) does not."""
    for match in _NEXT_TO_DELIMITER.finditer(text):
        pair = match.group(0)
        char = pair[1] if pair[0] in "*_~" else pair[0]
        if unicodedata.category(char).startswith("S"):
            return True
    return False


def _lazy_line(text: str) -> bool:
    """Whether a line continues a block quote or a link definition without a blank line between:
    the two parsers differ on which of those lines a list or a table may interrupt."""
    previous = ""
    for line in text.split("\n"):
        if previous and line.strip() and not _QUOTE_LINE.match(line):
            if _QUOTE_LINE.match(previous) or _DEFINITION_LINE.match(previous):
                return True
            item = _ITEM_LINE.match(line)
            if item and (not (item.group(2) or "").strip() or ("|" in previous and item.group(1) not in (None, "1"))):
                return True
        previous = line if line.strip() else ""
    return False


def _code_in_brackets(text: str) -> bool:
    """Whether a backtick and a bracket share a stretch between blank lines: markdown-it-pyrs 0.4
    panics on some unclosed code spans after a bracket, so such text goes to markdown-it-py."""
    return any("`" in chunk and "[" in chunk for chunk in _BLANK_LINE.split(text))


def declined(text: str) -> bool:
    """Whether only markdown-it-py can say how `text` reads: fenced divs, carriage returns and NULs, no final
    newline, code spans after brackets, very deep nesting, lazy lines, symbols beside emphasis marks."""
    return (
        ":::" in text
        or "\r" in text
        or "\0" in text
        or not text.endswith("\n")
        or ("`" in text and "[" in text and _code_in_brackets(text))
        or nesting_bound(text) > BOUND
        or _lazy_line(text)
        or (not text.isascii() and _symbol_by_delimiter(text))
    )
