"""Markdown text to a syntax tree: CommonMark, GFM tables and strikethrough, citations and the writer's extensions."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from . import native
from .captions import captions_plugin
from .citations import citations_plugin
from .pagebreaks import page_breaks_plugin
from .tree import Node, build_tree

_LANDSCAPE = re.compile(r"\s*(?:landscape|\{\s*\.landscape\s*\})\s*")


def _is_landscape(params: str, _markup: str) -> bool:
    """`::: landscape` or Pandoc's fenced-div form `::: {.landscape}`."""
    return _LANDSCAPE.fullmatch(params) is not None


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


def _unclosed_bracket(state, silent: bool) -> bool:
    """`[` or `![` with no `]` anywhere after it is plain text.

    markdown-it's link and image rules scan to the end of the paragraph for each opening bracket, which
    takes minutes on a paragraph of many thousands of them; without a `]` after it none can start a link.
    """
    src, pos = state.src, state.pos
    width = 2 if src.startswith("![", pos) else 1 if src[pos] == "[" else 0
    if not width or src.find("]", pos) != -1:
        return False
    if not silent:
        state.pending += src[pos:pos + width]
    state.pos += width
    return True


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one configured parser: CommonMark plus GFM tables, strikethrough, `[@id]`, captions,
    `@tbl-x` references, page breaks and `::: landscape` blocks."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False,
                                   "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(citations_plugin)
    md.inline.ruler.before("citation", "unclosed_bracket", _unclosed_bracket)
    md.use(captions_plugin)
    md.use(page_breaks_plugin)
    md.use(container_plugin, "landscape", validate=_is_landscape)
    return md


def parse_markdown(text: str) -> Node:
    """The syntax tree of `text`; `node.map` holds 0-based source line ranges.

    The compiled parser builds it when it reads `text` as markdown-it-py does (nearly always);
    otherwise markdown-it-py does. Raises MarkdownTooDeep rather than return a tree missing the
    text after a too-deep nesting.
    """
    root = native.tree(text)
    if root is not None:
        return root
    return parse_with_markdown_it(text)


def parse_with_markdown_it(text: str) -> Node:
    """`parse_markdown` through markdown-it-py and the project's rules alone."""
    tokens = markdown_parser().parse(text)
    deepest, line = _deepest(tokens)
    if deepest >= MAX_NESTING - 1:
        raise MarkdownTooDeep(line)
    return build_tree(tokens)
