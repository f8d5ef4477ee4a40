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


def visible_text(node) -> str:
    """The text a reader sees under `node`, citations left out."""
    parts: list[str] = []

    def walk(n) -> None:
        if n.type in _TEXT_NODES:
            parts.append(n.content)
        elif n.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif n.type == "image":
            parts.append(" ")
        for child in n.children:
            walk(child)
        if n.type in ("paragraph", "heading", "th", "td", "list_item"):
            parts.append("\n")

    walk(node)
    return "".join(parts)


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
