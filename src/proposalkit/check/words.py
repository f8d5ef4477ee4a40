"""Word counts as a reader counts them: Latin words, and each CJK character as one word."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostics
from ..model import ParsedSection, Position

CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK = re.compile(rf"[{CJK_RANGES}]")
# A word is a run of characters between spaces and CJK characters that holds a letter or digit. Runs are
# found first and tested apart: one pattern doing both backtracks quadratically on long punctuation runs.
_RUN = re.compile(rf"[^\s{CJK_RANGES}]+")
_WORD_CHAR = re.compile(r"[^\W_]")
_TEXT_NODES = {"text", "code_inline", "code_block", "fence", "html_inline", "html_block"}


def count_words(text: str) -> int:
    """How many words `text` holds; punctuation alone is not a word."""
    return len(_CJK.findall(text)) + sum(1 for run in _RUN.findall(text) if _WORD_CHAR.search(run))


_LINE_ENDS = {"paragraph", "heading", "th", "td", "list_item"}
# Nodes whose text is kept on the node once worked out: the words count, the page estimate and diff
# all read the same blocks, so each tree is walked once.
_KEPT = _LINE_ENDS | {"root", "table", "bullet_list", "ordered_list", "blockquote", "container_landscape"}


def visible_text(node) -> str:
    """The text a reader sees under `node`, citations left out."""
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


def section_words(section: ParsedSection) -> int:
    """Words in a section, its heading included."""
    return count_words(section.title) + count_words(visible_text(section.tree))


def check_limits(sections: list[ParsedSection], limits: dict[str, tuple[int, Position | None]],
                 donor_id: str, diags: Diagnostics, as_errors: bool) -> None:
    """Report each section over its donor's `max_words`, located at the limit in the donor file."""
    for section in sections:
        limit, position = limits.get(section.id, (None, None))
        if limit is None:
            continue
        words = section_words(section)
        if words > limit:
            message = (f"section '{section.id}' has {words} words, over the {donor_id} limit of "
                       f"{limit} (max_words)")
            report = diags.error if as_errors else diags.warning
            report(position or Position(f"templates/donors/{donor_id}.yaml"), "limit.max-words", message)
