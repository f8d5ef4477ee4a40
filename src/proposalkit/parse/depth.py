"""How deep the parse tree may go, and where a tree says its text was flattened; apart from the parser that
flattens it (`commonmark`, markdown-it-py), so that reading them does not import markdown-it-py.

How deep a node of the tree may lie below its root. markdown-it-py stops reading blocks nested past its
maxNesting and drops their text; here that text is kept instead, flattened at the deepest level allowed,
so that the writer and every pass over the tree recurse at most MAX_DEPTH levels, whatever the input:
- block containers (quotes, lists and their items, fenced divs) open down to BLOCK_DEPTH; what is nested
  deeper is read as paragraphs of plain text, as written: the deeper containers' marks (`>`, `-`) stay
  in it and its inline markup is not read (the extensions still find citations in it);
- inline markup (emphasis, strikethrough, links, images) that would put a node below MAX_DEPTH is kept as
  the text it is written with (`*`, `**`, `~~`, `[text](url)`).
BLOCK_DEPTH leaves room below the deepest container for a table's rows and cells and the text in them.
"""

from __future__ import annotations

from .tree import Node

MAX_DEPTH = 100
BLOCK_DEPTH = MAX_DEPTH - 5
FLATTENED = "proposalkit.flattened"  # in the parse's env, then the root's meta: the first line flattened


def flattened_line(tree: Node) -> int | None:
    """The 1-based line of the Markdown where `tree`'s text first nests past MAX_DEPTH (what is deeper was
    kept as text), or None when nothing was."""
    return tree.meta.get(FLATTENED)
