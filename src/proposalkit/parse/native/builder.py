"""markdown-it-pyrs's tree turned into the plain tree the markdown-it-py path builds: the same node types,
tags, attributes, content, markup and line maps. Anything it cannot be sure of raises `Unsure`."""

from __future__ import annotations

import re
from bisect import bisect_right

from ..depth import BLOCK_DEPTH
from ..extensions.citations import GROUP
from ..extensions.crossrefs import REFERENCE
from ..tree import Node, new_node
from .screen import UNCLOSED_HTML

# Past this depth (of a node below the root) the markdown-it-py path decides: it alone flattens text nested
# past its limits, which start at BLOCK_DEPTH, so a tree built here never holds text it would have flattened.
SAFE_DEPTH = BLOCK_DEPTH - 15

_CANDIDATE = re.compile(r"\[(?=@)|@(?=(?:tbl|fig)-)")
_GROUP_B = re.compile(rb"\[@[^\[\]]*\]")
_REFERENCE_B = re.compile(rb"@(?:tbl|fig)-[A-Za-z0-9_-]*[A-Za-z0-9_]")
_ORDINAL = re.compile(r"[ \t>]*(\d+)[.)]")

_INLINE = frozenset(
    {
        "text",
        "text_special",
        "softbreak",
        "hardbreak",
        "em",
        "strong",
        "strikethrough",
        "code_inline",
        "link",
        "image",
        "autolink",
        "html_inline",
    }
)


class Unsure(Exception):
    """The text reads differently under markdown-it-py, or may; parse it the old way."""


class Builder:
    """Builds the plain tree of one text from markdown-it-pyrs's tree of it."""

    def __init__(self, text: str):
        self.text = text
        self.src = text.encode("utf-8")
        self.ascii = len(self.src) == len(text)
        starts = [0]
        find = self.src.find
        at = find(b"\n")
        while at >= 0:
            starts.append(at + 1)
            at = find(b"\n", at + 1)
        self.starts = starts

    # -- positions ---------------------------------------------------------------------------

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def lines(self, srcmap) -> list[int]:
        return [self.line(srcmap[0]), self.line(srcmap[1]) + 1]

    def slice(self, start: int, end: int) -> str:
        return self.src[start:end].decode("utf-8")

    # -- blocks ------------------------------------------------------------------------------

    def blocks(self, parent: Node, children, depth: int) -> None:
        if depth > SAFE_DEPTH:
            raise Unsure("deep")
        out = parent.children
        for child in children:
            name = child.name
            handler = getattr(self, "block_" + name, None)
            if handler is None:
                raise Unsure(name)
            handler(out, child, depth)

    def _inline_holder(self, type_: str, tag: str, pyrs, depth: int, map_) -> Node:
        node = new_node(type_, tag, map_)
        inline = new_node("inline", "", map_)
        inline.children = self.inlines(pyrs.children, depth + 2)
        inline.content = self.inline_content(pyrs.children)
        node.children.append(inline)
        return node

    def block_paragraph(self, out, pyrs, depth) -> None:
        out.append(self._inline_holder("paragraph", "p", pyrs, depth, self.lines(pyrs.srcmap)))

    def block_heading(self, out, pyrs, depth) -> None:
        level = pyrs.meta["level"]
        node = self._inline_holder("heading", f"h{level}", pyrs, depth, self.lines(pyrs.srcmap))
        node.markup = "#" * level
        out.append(node)

    def block_lheading(self, out, pyrs, depth) -> None:
        map_ = self.lines(pyrs.srcmap)
        node = self._inline_holder("heading", f"h{pyrs.meta['level']}", pyrs, depth, map_)
        node.markup = pyrs.meta["marker"]
        node.children[0].map = [map_[0], map_[1] - 1]
        out.append(node)

    def block_blockquote(self, out, pyrs, depth) -> None:
        if not pyrs.children:
            raise Unsure("empty block quote")  # markdown-it-py's line map differs
        node = new_node("blockquote", "blockquote", self.lines(pyrs.srcmap))
        node.markup = ">"
        self.blocks(node, pyrs.children, depth + 1)
        out.append(node)

    def block_hr(self, out, pyrs, depth) -> None:
        node = new_node("hr", "hr", self.lines(pyrs.srcmap))
        node.markup = pyrs.meta["marker"] * (pyrs.meta["marker_len"] + 1)
        out.append(node)

    def block_code_block(self, out, pyrs, depth) -> None:
        node = new_node("code_block", "code", self.lines(pyrs.srcmap))
        node.content = pyrs.meta["content"]
        out.append(node)

    def block_fence(self, out, pyrs, depth) -> None:
        meta = pyrs.meta
        node = new_node("fence", "code", self.lines(pyrs.srcmap))
        node.content, node.info = meta["content"], meta["info"]
        node.markup = meta["marker"] * meta["marker_len"]
        out.append(node)

    def block_html_block(self, out, pyrs, depth) -> None:
        node = new_node("html_block", "", self.lines(pyrs.srcmap))
        node.content = content = pyrs.meta["content"]
        if UNCLOSED_HTML.match(content):
            raise Unsure("unclosed HTML block")  # where it stops before a blank line differs
        out.append(node)

    def _list(self, out, pyrs, depth, type_: str, tag: str) -> None:
        marker = pyrs.meta["marker"]
        node = new_node(type_, tag, self.lines(pyrs.srcmap))
        node.markup = marker
        if type_ == "ordered_list" and pyrs.meta["start"] != 1:
            node.attrs = {"start": pyrs.meta["start"]}
        items = pyrs.children
        tight = not any(c.name == "paragraph" for item in items for c in item.children)
        for item in items:
            li = new_node("list_item", "li", self.lines(item.srcmap))
            li.markup = marker
            if type_ == "ordered_list":
                start = item.srcmap[0]
                found = _ORDINAL.match(self.src[start : start + 64].decode("utf-8", errors="ignore"))
                li.info = found.group(1) if found else ""
            if tight:
                self._tight_item(li, item.children, depth + 2)
            else:
                self.blocks(li, item.children, depth + 2)
            node.children.append(li)
        out.append(node)

    def block_bullet_list(self, out, pyrs, depth) -> None:
        self._list(out, pyrs, depth, "bullet_list", "ul")

    def block_ordered_list(self, out, pyrs, depth) -> None:
        self._list(out, pyrs, depth, "ordered_list", "ol")

    def _tight_item(self, li: Node, children, depth: int) -> None:
        """A tight list item's paragraphs come back as bare inline runs: wrap each in a hidden paragraph."""
        run: list = []
        for child in list(children) + [None]:
            if child is not None and child.name in _INLINE:
                run.append(child)
                continue
            if run:
                first, last = run[0].srcmap, run[-1].srcmap
                map_ = [self.line(first[0]), self.line(last[1]) + 1]
                para = new_node("paragraph", "p", map_)
                para.hidden = True
                inline = new_node("inline", "", map_)
                inline.children = self.inlines(run, depth + 2)
                inline.content = self.inline_content(run)
                para.children.append(inline)
                li.children.append(para)
                run = []
            if child is not None:
                self.blocks(li, [child], depth)

    def block_table(self, out, pyrs, depth) -> None:
        aligns = pyrs.meta.get("alignments") or []
        table = new_node("table", "table", self.lines(pyrs.srcmap))
        for part in pyrs.children:
            part_map = self.lines(part.srcmap)
            section = new_node(part.name, part.name, part_map)
            if part.name == "thead":
                section.map = [part_map[0], part_map[0] + 1]
            cell_tag = "th" if part.name == "thead" else "td"
            for row in part.children:
                first = self.line(row.srcmap[0])
                tr = new_node("tr", "tr", [first, first + 1])
                for n, cell in enumerate(row.children):
                    td = new_node(cell_tag, cell_tag)
                    align = aligns[n] if n < len(aligns) else "none"
                    if align != "none":
                        td.attrs = {"style": f"text-align:{align}"}
                    inline = new_node("inline", "", tr.map)
                    inline.children = self.inlines(cell.children, depth + 5)
                    inline.content = self.inline_content(cell.children)
                    td.children.append(inline)
                    tr.children.append(td)
                section.children.append(tr)
            table.children.append(section)
        out.append(table)

    # -- inline ------------------------------------------------------------------------------

    def inline_content(self, children) -> str:
        """The inline source of a block: its text from the first inline node to the last, lines
        joined without their leading whitespace (markdown-it-py keeps what lies past the block's
        own indent; nothing after the parse stage reads this)."""
        if not children:
            return ""
        start, end = children[0].srcmap[0], children[-1].srcmap[1]
        text = self.slice(start, end)
        if "\n" in text:
            text = "\n".join(line.lstrip(" \t>") if n else line for n, line in enumerate(text.split("\n")))
        return text

    def inlines(self, children, depth: int) -> list[Node]:
        if depth > SAFE_DEPTH:
            raise Unsure("deep")
        out: list[Node] = []
        for child in children:
            name = child.name
            if name == "text":
                content = child.meta["content"]
                if "<!--" in content:
                    raise Unsure("inline comment")  # CommonMark 0.31 reads more of these as comments
                if "@" in content:
                    self._check_extensions(content, child.srcmap)
                self._append_text(out, content)
            elif name == "text_special":  # an escape: joined to the text around it after the extensions
                meta = child.meta
                node = new_node("text_special")
                node.content, node.info, node.markup = meta["content"], meta["info"], meta["markup"]
                out.append(node)
            elif name == "softbreak" or name == "hardbreak":
                out.append(new_node(name, "br"))
            elif name == "em":
                node = new_node("em", "em")
                node.markup = child.meta["marker"]
                node.children = self.inlines(child.children, depth + 1)
                out.append(node)
            elif name == "strong":
                # markdown-it-py leaves an empty text token on each side of a strong span,
                # the outer halves of its `**` runs; later text joins them.
                if not out or out[-1].type != "text":
                    out.append(new_node("text"))
                node = new_node("strong", "strong")
                node.markup = child.meta["marker"] * 2
                node.children = self.inlines(child.children, depth + 1)
                out.append(node)
                out.append(new_node("text"))
            elif name == "strikethrough":
                node = new_node("s", "s")
                node.markup = "~~"
                node.children = self.inlines(child.children, depth + 1)
                out.append(node)
            elif name == "code_inline":
                if self.src.find(b"\n", *child.srcmap) >= 0:
                    raise Unsure("code span across lines")
                node = new_node("code_inline", "code")
                node.markup = child.meta["marker"] * child.meta["marker_len"]
                node.content = "".join(c.meta["content"] for c in child.children)
                out.append(node)
            elif name == "link":
                start = child.srcmap[0]
                if self.src.startswith(b"[@", start) and _GROUP_B.match(self.src, start):
                    raise Unsure("citation written as a link")
                node = new_node("link", "a")
                node.attrs = {"href": child.meta["url"]}
                if "title" in child.meta:
                    node.attrs["title"] = child.meta["title"]
                node.children = self.inlines(child.children, depth + 1)
                out.append(node)
            elif name == "autolink":
                node = new_node("link", "a")
                node.attrs = {"href": child.meta["url"]}
                node.markup, node.info = "autolink", "auto"
                text = new_node("text")
                text.content = "".join(c.meta["content"] for c in child.children)
                node.children.append(text)
                out.append(node)
            elif name == "image":
                node = new_node("image", "img")
                node.attrs = {"src": child.meta["url"], "alt": ""}
                if "title" in child.meta:
                    node.attrs["title"] = child.meta["title"]
                kids = child.children
                node.content = self.slice(child.srcmap[0] + 2, kids[-1].srcmap[1]) if kids else ""
                node.children = self.inlines(kids, depth + 1)
                out.append(node)
            elif name == "html_inline":
                node = new_node("html_inline")
                node.content = child.meta["content"]
                out.append(node)
            else:
                raise Unsure(name)
        return out

    @staticmethod
    def _append_text(out: list[Node], content: str, info: str = "", markup: str = "") -> None:
        if out and out[-1].type == "text":
            out[-1].content += content
        elif content:
            node = new_node("text")
            node.content, node.info, node.markup = content, info, markup
            out.append(node)

    def _check_extensions(self, content: str, srcmap) -> None:
        """Raise Unsure unless every citation group and cross-reference label in a text node's `content` is
        whole in it as written, so the extensions read it here as they would from markdown-it-py's text."""
        found = list(_CANDIDATE.finditer(content))
        if not found:
            return
        start, end = srcmap
        if self.src[start:end] != content.encode("utf-8"):
            raise Unsure("text not as written")
        cursor = 0
        for candidate in found:
            at = candidate.start()
            if at < cursor:
                continue
            here = start + len(content[:at].encode("utf-8")) if not self.ascii else start + at
            if content[at] == "[":
                match = GROUP.match(content, at)
                whole = _GROUP_B.match(self.src, here)
                if (match is None) != (whole is None) or (
                    match is not None and whole is not None and len(match.group(0).encode()) != len(whole.group(0))
                ):
                    raise Unsure("citation across markup")
            else:
                before = content[at - 1] if at else self._char_before(here)
                if before.isalnum() or before == "_":
                    continue
                match = REFERENCE.match(content, at)
                whole = _REFERENCE_B.match(self.src, here)
                if match is None or whole is None or len(match.group(0)) != len(whole.group(0)):
                    raise Unsure("reference across markup")
            if match is not None:
                cursor = match.end()

    def _char_before(self, offset: int) -> str:
        if offset == 0:
            return ""
        return self.src[max(0, offset - 4) : offset].decode("utf-8", errors="ignore")[-1:]
