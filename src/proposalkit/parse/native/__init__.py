"""The plain tree of a text built from markdown-it-pyrs, the compiled port of markdown-it.

markdown-it-pyrs parses CommonMark, GFM tables and strikethrough about ten times faster than
markdown-it-py but takes no Python rules, so `builder` turns its tree into the one the markdown-it-py
path builds, node for node, and the extensions then apply the project's syntax to either tree alike.

Text whose reading could differ from markdown-it-py's is not handled here: `tree()` returns None and
the caller parses it with markdown-it-py. That covers what `screen` declines (fenced divs, carriage
returns and NUL characters, very deep nesting, and the constructs the two versions of CommonMark read
differently) and what the builder finds unsure (citations or references that markup runs through: an
`[@id]` written as a link, a locator holding emphasis, a citation across lines).
"""

from __future__ import annotations

from functools import lru_cache

from ..tree import Node, new_node
from .builder import Builder, Unsure
from .screen import declined


@lru_cache(maxsize=1)
def _parser():
    from markdown_it_pyrs import MarkdownIt

    md = MarkdownIt("commonmark")
    md.enable_many(["table", "strikethrough"])
    return md


def tree(text: str) -> Node | None:
    """The plain tree of `text`, or None when only markdown-it-py can say how it reads."""
    if declined(text):
        return None
    builder = Builder(text)
    root = new_node("root")
    try:
        pyrs_root = _parser().tree(text)
    except BaseException as error:  # a Rust panic arrives as pyo3's PanicException, a BaseException
        if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
            raise  # an interrupt or a signal's exit must still stop the build
        return None
    try:
        builder.blocks(root, pyrs_root.children, 1)
    except Unsure:
        return None
    return root
