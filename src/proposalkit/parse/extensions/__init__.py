"""The project's Markdown syntax, as passes over a plain CommonMark tree that either parser built.

Inline: citations (`[@id]`) and cross-references (`@tbl-x`) are cut out of text; then text is joined as
markdown-it joins it (escapes become text) and given curly quotes and dashes (`typography`). Blocks: figures (`{#fig-x}`), table captions (`Table: …`) and
page breaks (`\\newpage`). Landscape blocks are fenced divs the parser reads (see `landscape`).
"""

from __future__ import annotations

from ..tree import Node, join_text, new_node
from .captions import table_captions
from .citations import find_citation
from .crossrefs import find_reference
from .figures import mark_figure
from .pagebreaks import page_breaks
from .typography import apply_typography

_LEAF_BLOCKS = ("paragraph", "heading", "table", "inline")


def apply_extensions(root: Node) -> Node:
    """`root` with the project's syntax applied, in place."""
    _inline(root)
    _blocks(root)
    return root


def _inline(node: Node) -> None:
    for child in node.children:
        if child.type == "inline":
            _cut(child)
            join_text(child)
            apply_typography(child)
        elif child.children:
            _inline(child)


def _closing_char(node: Node) -> str:
    """The character written last in `node`'s source: a text's last letter, an emphasis's delimiter."""
    if node.type in ("text", "text_special"):
        return node.content[-1:] or " "
    if node.type in ("em", "strong", "s"):
        return node.markup[-1:] or " "
    return " "


def _cut(parent: Node) -> None:
    """Cut citations and cross-references out of the text nodes under `parent`."""
    out: list[Node] = []
    opening = parent.markup[:1] if parent.type in ("em", "strong", "s") else ""
    for child in parent.children:
        if child.type == "text" and "@" in child.content:
            before = _closing_char(out[-1]) if out else (opening or " ")
            out.extend(_pieces(child, before))
            continue
        if child.children:
            _cut(child)
        out.append(child)
    parent.children = _attach_line_initial(out)


def _attach_line_initial(children: list[Node]) -> list[Node]:
    """A citation starting a line (after a soft line break) attaches to the word before it, as one written on
    the same line does: the break goes, and the spaces before it."""
    out: list[Node] = []
    for child in children:
        if child.type == "citation" and out and out[-1].type == "softbreak":
            out.pop()
            if out and out[-1].type == "text":
                out[-1].content = out[-1].content.rstrip(" ")
        out.append(child)
    return out


def _pieces(text: Node, before: str) -> list[Node]:
    """A text node split into text, citation and crossref nodes (itself when it holds none)."""
    content = text.content
    found: list[tuple[int, int, Node]] = []
    cursor = 0
    while True:
        citation = find_citation(content, cursor)
        reference = find_reference(content, cursor, before)
        if citation is None and reference is None:
            break
        if reference is None or (citation is not None and citation[0] <= reference[0]):
            piece = citation
        else:
            piece = reference
        assert piece is not None
        found.append(piece)
        cursor = piece[1]
    if not found:
        return [text]
    pieces: list[Node] = []
    cursor = 0
    for start, end, node in found:
        head = content[cursor:start]
        if node.type == "citation":
            head = head.rstrip(" ")  # a note reference sits against the word it follows
        if head:
            pieces.append(_text(head))
        pieces.append(node)
        cursor = end
    if content[cursor:]:
        pieces.append(_text(content[cursor:]))
    return pieces


def _text(content: str) -> Node:
    node = new_node("text")
    node.content = content
    return node


def _blocks(node: Node) -> None:
    """Figures, table captions and page breaks among the children of `node`, and below."""
    children = node.children
    for child in children:
        if child.children and child.type not in _LEAF_BLOCKS:
            _blocks(child)
    if any(c.type == "paragraph" for c in children):
        for child in children:
            if child.type == "paragraph":
                mark_figure(child)
    if any(c.type == "table" for c in children):
        node.children = children = table_captions(children)
    if any(c.type == "paragraph" or c.type == "html_block" for c in children):
        node.children = page_breaks(children)
