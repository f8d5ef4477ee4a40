"""The reference parser: markdown-it-py reading CommonMark, GFM tables and strikethrough and `:::` fenced
divs, into a plain tree (escapes kept as text_special until the extensions join text).

Two inline rules keep the project's syntax as written, so that the extensions find it whole in the text:
a citation group or a cross-reference label is taken as plain text before links, emphasis inside it or
underscores in a label are read. A third rule keeps a `[` with no `]` after it from scanning the rest of
its paragraph, which is quadratic in markdown-it on long runs of brackets.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.container import container_plugin

from .extensions.citations import citation_at
from .extensions.crossrefs import REFERENCE, is_word_char
from .extensions.landscape import is_landscape
from .tree import Node, build_tree

# markdown-it stops parsing, dropping the rest of the text, once blocks or inline marks nest this deep;
# such text is refused with a located error instead of losing what follows.
MAX_NESTING = 100


class MarkdownTooDeep(ValueError):
    """Markdown nested deeper than the parser follows; `line` is the 1-based line where it happens."""

    def __init__(self, line: int):
        super().__init__(f"Markdown nested more than {MAX_NESTING - 1} levels deep")
        self.line = line


def _deepest(tokens, line: int = 1) -> tuple[int, int]:
    """(deepest nesting level, its 1-based line) among `tokens` and their inline children."""
    best = (0, line)
    for token in tokens:
        where = token.map[0] + 1 if token.map else line
        best = max(best, (token.level, where))
        if token.children:
            inner, at = _deepest(token.children, where)
            best = max(best, (token.level + inner, at))
    return best


def _as_text(state: StateInline, end: int, silent: bool) -> bool:
    if not silent:
        state.pending += state.src[state.pos : end]
    state.pos = end
    return True


def _unclosed_bracket(state: StateInline, silent: bool) -> bool:
    """`[` or `![` with no `]` anywhere after it is plain text."""
    src, pos = state.src, state.pos
    width = 2 if src.startswith("![", pos) else 1 if src[pos] == "[" else 0
    if not width or src.find("]", pos) != -1:
        return False
    return _as_text(state, pos + width, silent)


def _citation_text(state: StateInline, silent: bool) -> bool:
    """A citation group, as written, is text (the citations extension cuts it out)."""
    if not state.src.startswith("[@", state.pos):
        return False
    match = citation_at(state.src, state.pos)
    return match is not None and _as_text(state, match.end(), silent)


def _reference_text(state: StateInline, silent: bool) -> bool:
    """A cross-reference label, as written, is text (the crossrefs extension cuts it out)."""
    pos = state.pos
    if state.src[pos] != "@" or (pos > 0 and is_word_char(state.src[pos - 1])):
        return False
    match = REFERENCE.match(state.src, pos)
    return match is not None and _as_text(state, match.end(), silent)


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one configured markdown-it-py parser."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.disable("text_join")  # the extensions join text once they have cut their syntax out of it
    md.inline.ruler.before("link", "unclosed_bracket", _unclosed_bracket)
    md.inline.ruler.before("link", "citation_text", _citation_text)
    md.inline.ruler.before("link", "reference_text", _reference_text)
    md.use(container_plugin, "landscape", validate=is_landscape)
    return md


def plain_tree(text: str) -> Node:
    """The plain tree of `text`; raises MarkdownTooDeep rather than return one missing text."""
    tokens = markdown_parser().parse(text)
    deepest, line = _deepest(tokens)
    if deepest >= MAX_NESTING - 1:
        raise MarkdownTooDeep(line)
    return build_tree(tokens)
