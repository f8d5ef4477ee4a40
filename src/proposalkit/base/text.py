"""Text as readers and editors see it: visible text of a syntax tree, word counts, CJK ranges,
characters Word cannot hold, and line and column arithmetic."""

from __future__ import annotations

import re

# Characters XML 1.0, and so Word, cannot hold: C0 controls other than tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Scripts whose characters are counted one word each and laid out one em wide: kana, CJK ideographs, hangul.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK = re.compile(rf"[{CJK_RANGES}]")
# Characters a line of type sets one em wide (East Asian wide and fullwidth forms), and the ideographs a
# line may break after, for the writer's estimates of column widths.
WIDE_RANGES = "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
IDEOGRAPH_RANGES = "\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff"
# A word is a run of characters between spaces and CJK characters that holds a letter or digit. Runs are
# found first and tested apart: one pattern doing both backtracks quadratically on long punctuation runs.
_RUN = re.compile(rf"[^\s{CJK_RANGES}]+")
_WORD_CHAR = re.compile(r"[^\W_]")
_SPACE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """`text` without the control characters XML cannot hold."""
    return CONTROL_CHARACTERS.sub("", text) if CONTROL_CHARACTERS.search(text) else text


def count_words(text: str) -> int:
    """How many words `text` holds; punctuation alone is not a word."""
    return len(CJK.findall(text)) + sum(1 for run in _RUN.findall(text) if _WORD_CHAR.search(run))


def fold(text: str) -> str:
    """`text` with each run of whitespace made one space, trimmed."""
    return _SPACE.sub(" ", text).strip()


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of the character at `index` in `text`."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def find_line(text: str, needle: str) -> tuple[int, int] | None:
    """1-based (line, column) of the first occurrence of `needle` in `text`, not inside a longer word."""
    before = r"(?<!\w)" if needle[:1].isalnum() else ""
    after = r"(?!\w)" if needle[-1:].isalnum() else ""
    match = re.search(before + re.escape(needle) + after, text)
    if match is None:
        return None
    return line_column(text, match.start())


_TEXT_NODES = {"text", "code_inline", "code_block", "fence", "html_inline", "html_block"}
_LINE_ENDS = {"paragraph", "heading", "th", "td", "list_item"}
# Nodes whose text is kept on the node once worked out: the words count, the page estimate and diff
# all read the same blocks, so each tree is walked once.
_KEPT = _LINE_ENDS | {"root", "table", "bullet_list", "ordered_list", "blockquote", "container_landscape"}


def visible_text(node) -> str:
    """The text a reader sees under a syntax tree `node`, a line per block, citations left out."""
    if node.visible is not None:
        return node.visible
    parts: list[str] = []
    _walk(node, parts)
    return "".join(parts)


def _walk(n, parts: list[str]) -> None:
    kept = n.visible
    if kept is not None:
        parts.append(kept)
        return
    start = len(parts)
    kind = n.type
    if kind in _TEXT_NODES:
        parts.append(n.content)
    elif kind in ("softbreak", "hardbreak", "image"):
        parts.append(" ")
    for child in n.children:
        _walk(child, parts)
    if kind in _LINE_ENDS:
        parts.append("\n")
    if kind in _KEPT:
        n.visible = "".join(parts[start:])


def plain_text(node) -> str:
    """The text of an inline subtree on one line: breaks as spaces, without markup, citations or images."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain_text(child) for child in node.children)
