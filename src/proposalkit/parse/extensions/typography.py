"""Typography as Pandoc's `smart` extension gives it: curly quotes and apostrophes, `--` as an en dash, `---`
as an em dash, `...` as an ellipsis; and dates that never break over lines, as a typesetter writes them: the
spaces in "1 December 2009", "20 January" and "March 2009" become no-break spaces. Code, raw HTML, link
addresses and URLs written in text stay as typed."""

from __future__ import annotations

import re

from ...base.dates import MONTHS
from ..tree import Node

_URL = re.compile(r"(?:https?|ftp|file)://\S+|www\.\S+|\S+@\S+\.\w+")
_SMART = re.compile(r"['\".-]")  # what smartening changes
_DASHES = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))
_MONTH = "|".join(MONTHS)
_ANY_MONTH = re.compile(_MONTH)  # one search for "any month's name in the text", not one per month
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({_MONTH})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH}) (\d{{4}})\b")
NBSP = "\u00a0"
_OPENERS = set(" \t\n([{\u2014\u2013-/\u201c\u2018")


def _quotes(text: str, before: str) -> str:
    out = []
    previous = before
    for n, char in enumerate(text):
        following = text[n + 1] if n + 1 < len(text) else " "
        if char == "'":
            if previous.isalnum() and following.isalnum():
                char = "\u2019"  # an apostrophe inside a word: don't, ILO's
            elif previous in _OPENERS or previous == "":
                char = "\u2019" if following.isdigit() else "\u2018"  # '09 is an apostrophe
            else:
                char = "\u2019"
        elif char == '"':
            char = "\u201c" if previous in _OPENERS or previous == "" else "\u201d"
        out.append(char)
        previous = char
    return "".join(out)


def smarten(text: str, before: str = "") -> str:
    """`text` with curly quotes, dashes and ellipses; URLs in it untouched. `before` is the character written
    just before `text` (an empty string at the start of a paragraph)."""
    if _SMART.search(text) is None:
        return join_dates(text)
    if "@" not in text and "://" not in text and "www." not in text:  # no URL: the common case, without _URL's scan
        return _plain(text, [], before)
    pieces: list[str] = []
    cursor = 0
    for match in _URL.finditer(text):
        pieces.append(_plain(text[cursor : match.start()], pieces, before))
        pieces.append(match.group(0))
        cursor = match.end()
    pieces.append(_plain(text[cursor:], pieces, before))
    return "".join(pieces)


def join_dates(text: str) -> str:
    """`text` with no-break spaces between a date's day and month and between its month and year."""
    if _ANY_MONTH.search(text) is None:
        return text
    return _MONTH_YEAR.sub(rf"\1{NBSP}\2", _DAY_MONTH.sub(rf"\1{NBSP}\2", text))


def _plain(text: str, done: list[str], before: str) -> str:
    text = join_dates(text)
    for plain, fancy in _DASHES:
        text = text.replace(plain, fancy)
    if "'" not in text and '"' not in text:  # _quotes changes nothing else
        return text
    last = done[-1][-1:] if done and done[-1] else before
    return _quotes(text, last)


def apply_typography(inline: Node) -> None:
    """Smarten the text nodes under an inline node, each knowing the character before it."""
    _walk(inline, [""])


def _walk(node: Node, last: list[str]) -> None:
    for child in node.children:
        kind = child.type
        if kind == "text":
            child.content = smarten(child.content, last[0])
            if child.content:
                last[0] = child.content[-1]
        elif kind in ("softbreak", "hardbreak"):
            last[0] = " "
        elif kind in ("code_inline", "html_inline"):
            last[0] = "x"  # the quote after code closes: `x`'s
        elif kind == "link" and child.info == "auto":
            last[0] = "x"  # an autolink's text is its address
        elif child.children:
            _walk(child, last)
        elif kind in ("citation", "crossref"):
            last[0] = "x"
