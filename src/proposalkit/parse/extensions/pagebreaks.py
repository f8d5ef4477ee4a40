"""Page breaks: a paragraph holding only `\\newpage` or `\\pagebreak` (as Pandoc and Quarto users write for
LaTeX), or an HTML comment block `<!-- pagebreak -->`, becomes a page_break node."""

from __future__ import annotations

import re

from ..tree import Node, new_node

COMMAND = re.compile(r"\\(?:newpage|pagebreak)")
COMMENT = re.compile(r"<!--\s*pagebreak\s*-->", re.IGNORECASE)


def page_breaks(children: list[Node]) -> list[Node]:
    """`children` with each page-break paragraph or comment replaced by a page_break node."""
    out: list[Node] = []
    for child in children:
        if child.type == "paragraph":
            source, pattern = child.children[0], COMMAND
        elif child.type == "html_block":
            source, pattern = child, COMMENT
        else:
            out.append(child)
            continue
        text = source.content.strip()
        if pattern.fullmatch(text):
            node = new_node("page_break", "", source.map)
            node.markup = text
            out.append(node)
        else:
            out.append(child)
    return out
