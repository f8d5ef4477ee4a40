"""Table captions: a `Table: … {#tbl-x}` paragraph right above or below a table (or written as the table's
last row) becomes the table's numbered caption, placed above it where Word readers look for it."""

from __future__ import annotations

import re

from ..tree import Node, new_node

TABLE_CAPTION = re.compile(r"\s*Table:\s*(.*?)\s*(?:\{\s*#(tbl-[A-Za-z0-9_-]*[A-Za-z0-9_])\s*\})?\s*", re.DOTALL)
_PREFIX = re.compile(r"^\s*Table:\s*")
_LABEL_SUFFIX = re.compile(r"\s*\{\s*#[A-Za-z0-9_-]+\s*\}\s*$")


def trim_caption(inline: Node) -> None:
    """Drop the `Table:` prefix and the `{#label}` suffix from a caption's inline children and content."""
    children = inline.children or []
    if children and children[0].type == "text":
        children[0].content = _PREFIX.sub("", children[0].content, count=1)
    if children and children[-1].type == "text":
        children[-1].content = _LABEL_SUFFIX.sub("", children[-1].content)
    inline.children = [c for c in children if not (c.type == "text" and not c.content)]
    inline.content = _PREFIX.sub("", _LABEL_SUFFIX.sub("", inline.content), count=1)


def _caption(inline: Node, label: str | None) -> Node:
    trim_caption(inline)
    node = new_node("table_caption", "p", inline.map)
    node.meta = {"label": label}
    node.children.append(inline)
    return node


def _caption_match(node: Node):
    if node.type != "paragraph":
        return None
    return TABLE_CAPTION.fullmatch(node.children[0].content)


def _caption_from_last_row(table: Node) -> Node | None:
    """A `Table: …` line written right under a table parses as its last row; take it back out as a caption."""
    rows = [(part, tr) for part in table.children for tr in part.children]
    if len(rows) < 2:
        return None
    part, last = rows[-1]
    cells = [td.children[0] for td in last.children]
    if not cells:
        return None
    match = TABLE_CAPTION.fullmatch(cells[0].content)
    if not match or any(c.content.strip() for c in cells[1:]):
        return None
    part.children.pop()
    if not part.children and part.type == "tbody":
        table.children.remove(part)
    return _caption(cells[0], match.group(2))


def table_captions(children: list[Node]) -> list[Node]:
    """`children` with each caption paragraph turned into a caption node just above its table."""
    out: list[Node] = []
    captioned: set[int] = set()
    pending: Node | None = None  # a caption waiting for the table below it
    count = len(children)
    for i, child in enumerate(children):
        match = _caption_match(child)
        if match is not None:
            previous = out[-1] if out and out[-1].type == "table" and id(out[-1]) not in captioned else None
            following = i + 1 < count and children[i + 1].type == "table"
            if previous is not None or following:
                caption = _caption(child.children[0], match.group(2))
                if previous is not None:
                    captioned.add(id(previous))
                    out.insert(len(out) - 1, caption)
                else:
                    pending = caption
                continue
        if child.type == "table":
            above = pending or _caption_from_last_row(child)
            if above is not None:
                captioned.add(id(child))
                out.append(above)
            out.append(child)
            pending = None
            continue
        out.append(child)
    return out
