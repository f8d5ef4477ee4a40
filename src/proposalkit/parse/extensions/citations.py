"""Citations: `[@id]`, `[@a; @b, p. 4]`, cut out of the tree's text as citation nodes.

The syntax is Pandoc's: a bracketed group of `@id` items separated by semicolons, each with an optional
locator after a comma; `@id/source` names one source of an item that has several. A group is a citation only when every item is well formed; anything else stays
text. The note reference sits against the word before it, so the spaces before a citation are dropped.
"""

from __future__ import annotations

import re

from ..tree import Node, new_node

# An evidence id, and optionally one of its sources: `@item` or `@item/source` (the source's id or number).
CITE_ID = r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)?"
_ITEM = re.compile(rf"\s*@({CITE_ID})\s*(?:,\s*([^;\]]*?))?\s*$")
GROUP = re.compile(r"\[@[^\[\]]*\]")  # a candidate group: no bracket inside, so a scan stays linear
ANY_CITATION = re.compile(r"\[@([^\[\]\n]*)\]")  # a group on one line, as templates and bodies are searched


def split_citation(inner: str) -> list[tuple[str, str]] | None:
    """The (id, locator) pairs of a citation's inside text, or None when it is not one."""
    pairs = []
    for part in inner.split(";"):
        match = _ITEM.match(part)
        if not match:
            return None
        pairs.append((match.group(1), (match.group(2) or "").strip()))
    return pairs


def item_of(key: str) -> str:
    """The evidence id a citation key names: `item` of `item` or of `item/source`."""
    return key.partition("/")[0]


def citation_at(text: str, at: int) -> re.Match | None:
    """The citation group starting at `text[at]`, or None."""
    match = GROUP.match(text, at)
    if match is None or split_citation(match.group(0)[1:-1]) is None:
        return None
    return match


def citation_node(match: re.Match) -> Node:
    pairs = split_citation(match.group(0)[1:-1]) or []
    node = new_node("citation")
    node.content = match.group(0)
    node.meta = {"ids": [p[0] for p in pairs], "locators": [p[1] for p in pairs]}
    return node


def find_citation(text: str, start: int) -> tuple[int, int, Node] | None:
    """(start, end, node) of the first citation in `text` at or after `start`."""
    at = text.find("[@", start)
    while at != -1:
        match = citation_at(text, at)
        if match is not None:
            return at, match.end(), citation_node(match)
        at = text.find("[@", at + 1)
    return None
