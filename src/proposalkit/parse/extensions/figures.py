"""Figures: a paragraph holding one image followed by `{#fig-x}` becomes a figure labelled fig-x."""

from __future__ import annotations

import re

from ..tree import Node

FIGURE_LABEL = re.compile(r"\s*\{\s*#(fig-[A-Za-z0-9_-]*[A-Za-z0-9_])\s*\}\s*")


def mark_figure(paragraph: Node) -> None:
    """Turn `paragraph` into a figure node when it is an image and a `{#fig-x}` label."""
    inline = paragraph.children[0]
    kids = inline.children
    if len(kids) != 2 or kids[0].type != "image" or kids[1].type != "text":
        return
    match = FIGURE_LABEL.fullmatch(kids[1].content)
    if match:
        paragraph.type, paragraph.meta = "figure", {"label": match.group(1)}
        inline.children = kids[:1]
