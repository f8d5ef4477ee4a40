"""A markdown-it inline rule that turns `[@id]` and `[@a; @b, p. 3]` into citation tokens."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

CITE_ID = r"[a-z0-9][a-z0-9-]*"
_ITEM = re.compile(rf"\s*@({CITE_ID})\s*(?:,\s*([^;\]]*?))?\s*$")
_GROUP = re.compile(r"\[@[^\[\]]*\]")
ANY_CITATION = re.compile(r"\[@([^\[\]\n]*)\]")  # no "[" inside, as the parser rule: and a linear scan


def split_citation(inner: str) -> list[tuple[str, str]] | None:
    """The (id, locator) pairs of a citation's inside text, or None when it is not one."""
    pairs = []
    for part in inner.split(";"):
        match = _ITEM.match(part)
        if not match:
            return None
        pairs.append((match.group(1), (match.group(2) or "").strip()))
    return pairs


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[" or not state.src.startswith("[@", state.pos):
        return False
    match = _GROUP.match(state.src, state.pos)
    if not match:
        return False
    pairs = split_citation(match.group(0)[1:-1])
    if pairs is None:
        return False
    if not silent:
        # A note reference sits against the word it follows, as in "results[1]".
        state.pending = state.pending.rstrip(" ")
        token = state.push("citation", "", 0)
        token.content = match.group(0)
        token.meta = {"ids": [p[0] for p in pairs], "locators": [p[1] for p in pairs]}
    state.pos = match.end()
    return True


def citations_plugin(md: MarkdownIt) -> None:
    """Register the citation rule ahead of links, so `[@x]` never parses as a link."""
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", lambda self, tokens, idx, options, env: tokens[idx].content)
