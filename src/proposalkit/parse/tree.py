"""A light syntax tree over markdown-it tokens: the node attributes the later stages read, built in one pass."""

from __future__ import annotations

from typing import Any


class Node:
    """A tree node with markdown-it's SyntaxTreeNode names: type, tag, attrs, content, meta, map, info, children."""

    __slots__ = ("attrs", "children", "content", "hidden", "info", "map", "markup", "meta", "tag", "type", "visible")

    def __init__(self, token: Any = None, type_: str | None = None):
        if token is None:
            self.type, self.tag, self.attrs, self.content, self.meta = type_ or "root", "", {}, "", {}
            self.map, self.info, self.markup, self.hidden = None, "", "", False
        else:
            self.type = type_ or token.type
            self.tag, self.attrs, self.content, self.meta = token.tag, token.attrs, token.content, token.meta
            self.map, self.info, self.markup, self.hidden = token.map, token.info, token.markup, token.hidden
        self.children: list[Node] = []
        self.visible: str | None = None  # the reader-visible text, once check.words has worked it out

    def __repr__(self) -> str:
        return f"Node({self.type!r}, children={len(self.children)})"


def _fill(parent: Node, tokens: list) -> None:
    stack = [parent]
    for token in tokens:
        nesting = token.nesting
        if nesting == 1:
            node = Node(token, token.type[:-5])  # "bullet_list_open" -> "bullet_list"
            node.content = ""
            stack[-1].children.append(node)
            stack.append(node)
        elif nesting == -1:
            stack.pop()
        else:
            node = Node(token)
            stack[-1].children.append(node)
            if token.children:
                _fill(node, token.children)


def build_tree(tokens: list) -> Node:
    """The root node of `tokens`, nested by their opening and closing pairs."""
    root = Node()
    _fill(root, tokens)
    return root


def new_node(type_: str, tag: str = "", map_=None) -> Node:
    """A node of `type_` with markdown-it's defaults, made without a token."""
    node = Node.__new__(Node)
    node.type, node.tag, node.attrs, node.content, node.meta = type_, tag, {}, "", {}
    node.map, node.info, node.markup, node.hidden, node.visible = map_, "", "", False, None
    node.children = []
    return node


def join_text(node: Node) -> None:
    """Join text as markdown-it's text_join does, in every children list under `node`: escaped characters
    (text_special) become text, and adjacent text nodes become one, the first keeping its info and markup."""
    joined: list[Node] = []
    for child in node.children:
        if child.type == "text_special":
            child.type = "text"
        if child.type == "text" and joined and joined[-1].type == "text":
            joined[-1].content += child.content
            continue
        if child.children:
            join_text(child)
        joined.append(child)
    node.children = joined
