"""Cross-references: `@tbl-x` and `@fig-x` in text, cut out as crossref nodes naming a caption's label.

A reference starts at an `@` that follows no letter, digit or underscore (so `a@tbl-x.org` stays text).
"""

from __future__ import annotations

import re

from ..tree import Node, new_node

LABEL = r"(?:tbl|fig)-[A-Za-z0-9_-]*[A-Za-z0-9_]"
REFERENCE = re.compile(rf"@({LABEL})")


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def find_reference(text: str, start: int, before: str) -> tuple[int, int, Node] | None:
    """(start, end, node) of the first reference in `text` at or after `start`; `before` is the character
    written just before `text` (a non-word character when there is none)."""
    at = text.find("@", start)
    while at != -1:
        previous = text[at - 1] if at else before
        match = REFERENCE.match(text, at) if not is_word_char(previous) else None
        if match is not None:
            node = new_node("crossref")
            node.content = match.group(0)
            node.meta = {"label": match.group(1)}
            return at, match.end(), node
        at = text.find("@", at + 1)
    return None
