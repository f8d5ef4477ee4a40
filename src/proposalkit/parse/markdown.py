"""Markdown text to a syntax tree: CommonMark, GFM tables and strikethrough, citations and the writer's extensions."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from .captions import captions_plugin
from .citations import citations_plugin
from .pagebreaks import page_breaks_plugin
from .tree import Node, build_tree

_LANDSCAPE = re.compile(r"\s*(?:landscape|\{\s*\.landscape\s*\})\s*")


def _is_landscape(params: str, _markup: str) -> bool:
    """`::: landscape` or Pandoc's fenced-div form `::: {.landscape}`."""
    return _LANDSCAPE.fullmatch(params) is not None


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one configured parser: CommonMark plus GFM tables, strikethrough, `[@id]`, captions,
    `@tbl-x` references, page breaks and `::: landscape` blocks."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(citations_plugin)
    md.use(captions_plugin)
    md.use(page_breaks_plugin)
    md.use(container_plugin, "landscape", validate=_is_landscape)
    return md


def parse_markdown(text: str) -> Node:
    """The syntax tree of `text`; `node.map` holds 0-based source line ranges."""
    return build_tree(markdown_parser().parse(text))
