"""Markdown text to a syntax tree: CommonMark, GFM tables and strikethrough, and the project's extensions.

Either parser builds the plain tree (`native`, the compiled one, where it reads the text exactly as
markdown-it-py does; `commonmark` otherwise); the extensions then apply citations, cross-references,
captions, figures and page breaks to it, the same way whichever parser built it.
"""

from __future__ import annotations

from . import native
from .extensions import apply_extensions
from .tree import Node


def parse_markdown(text: str) -> Node:
    """The syntax tree of `text`; `node.map` holds 0-based source line ranges.

    All of the text is in the tree: what is nested deeper than commonmark.MAX_DEPTH is kept as plain text at
    the deepest level, and commonmark.flattened_line(tree) says where that starts. The compiled parser
    declines such text, so markdown-it-py alone decides how it reads.
    """
    root = native.tree(text)
    if root is None:
        from . import commonmark  # markdown-it-py, imported only for text the compiled parser declines

        root = commonmark.plain_tree(text)
    return apply_extensions(root)


def parse_with_markdown_it(text: str) -> Node:
    """`parse_markdown` with markdown-it-py building the plain tree whatever the text."""
    from . import commonmark

    return apply_extensions(commonmark.plain_tree(text))
