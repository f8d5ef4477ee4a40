"""Markdown text to a markdown-it syntax tree, with GFM tables, strikethrough and citations."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from .citations import citations_plugin
from .tree import Node, build_tree


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one configured parser: CommonMark plus GFM tables, strikethrough and `[@id]`."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(citations_plugin)
    return md


def parse_markdown(text: str) -> Node:
    """The syntax tree of `text`; `node.map` holds 0-based source line ranges."""
    return build_tree(markdown_parser().parse(text))
