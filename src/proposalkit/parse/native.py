"""The syntax tree of `parse_markdown`, built from markdown-it-pyrs, the compiled port of the same parser.

markdown-it-pyrs parses CommonMark, GFM tables and strikethrough about ten times faster than
markdown-it-py but takes no Python rules, so this module turns its tree into the one the
markdown-it-py path builds (same node types, tags, attributes, content, markup and line maps) and
then applies the project's syntax as passes over that tree: `[@id]` citations and `@tbl-x`
references are cut out of plain text runs, `Table: …` captions and `{#fig-x}` figures are found
among sibling blocks, and `\\newpage` paragraphs become page breaks.

Text whose reading could differ from markdown-it-py's is not handled here: `tree()` returns None and
the caller parses it the old way. That covers fenced divs (`:::`), carriage returns and NUL
characters, very deep nesting, and citations or references that markup runs through (an `[@id]`
written as a link, a locator holding emphasis, a citation across lines).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from .captions import _FIGURE_LABEL, _REFERENCE, _TABLE_CAPTION, _trim_caption
from .citations import _GROUP, split_citation
from .pagebreaks import _COMMAND, _COMMENT
from .tree import Node

# Past this depth the markdown-it-py path decides, as it alone follows the nesting limit exactly.
SAFE_DEPTH = 80
# Beyond this bound on the nesting the compiled parser is not even called (its recursion has no limit).
_BOUND = 2000

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE_PREFIX = re.compile(r"^[ \t>*+\-0-9.)]*", re.MULTILINE)
_CANDIDATE = re.compile(r"\[(?=@)|@(?=(?:tbl|fig)-)")
_GROUP_B = re.compile(rb"\[@[^\[\]]*\]")
_REFERENCE_B = re.compile(rb"@(?:tbl|fig)-[A-Za-z0-9_-]*[A-Za-z0-9_]")
_ORDINAL = re.compile(r"[ \t>]*(\d+)[.)]")

_INLINE = frozenset({"text", "text_special", "softbreak", "hardbreak", "em", "strong", "strikethrough",
                     "code_inline", "link", "image", "autolink", "html_inline"})


class _Unsure(Exception):
    """The text reads differently under markdown-it-py, or may; parse it the old way."""


@lru_cache(maxsize=1)
def _parser():
    from markdown_it_pyrs import MarkdownIt

    md = MarkdownIt("commonmark")
    md.enable_many(["table", "strikethrough"])
    return md


def _nesting_bound(text: str) -> int:
    """An upper bound on how deep `text` nests: its longest line prefix of container marks plus
    half the emphasis and bracket marks of its longest stretch between blank lines."""
    prefix = max((len(m.group(0).expandtabs(4)) for m in _LINE_PREFIX.finditer(text)), default=0)
    marks = 0
    for chunk in _BLANK_LINE.split(text):
        n = chunk.count("*") + chunk.count("_") + chunk.count("~") + chunk.count("[")
        if n > marks:
            marks = n
    return prefix + marks // 2 + 4


def _node(type_: str, tag: str = "", map_=None) -> Node:
    node = Node.__new__(Node)
    node.type, node.tag, node.attrs, node.content, node.meta = type_, tag, {}, "", {}
    node.map, node.info, node.markup, node.hidden, node.visible = map_, "", "", False, None
    node.children = []
    return node


class _Builder:
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
            raise _Unsure("deep")
        out = parent.children
        for child in children:
            name = child.name
            handler = getattr(self, "block_" + name, None)
            if handler is None:
                raise _Unsure(name)
            handler(out, child, depth)

    def _inline_holder(self, type_: str, tag: str, pyrs, depth: int, map_) -> Node:
        node = _node(type_, tag, map_)
        inline = _node("inline", "", map_)
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
        node = self._inline_holder("heading", f"h{pyrs.meta['level']}", pyrs, depth, self.lines(pyrs.srcmap))
        node.markup = pyrs.meta["marker"]
        node.children[0].map = [node.map[0], node.map[1] - 1]
        out.append(node)

    def block_blockquote(self, out, pyrs, depth) -> None:
        if not pyrs.children:
            raise _Unsure("empty block quote")  # markdown-it-py's line map differs
        node = _node("blockquote", "blockquote", self.lines(pyrs.srcmap))
        node.markup = ">"
        self.blocks(node, pyrs.children, depth + 1)
        out.append(node)

    def block_hr(self, out, pyrs, depth) -> None:
        node = _node("hr", "hr", self.lines(pyrs.srcmap))
        node.markup = pyrs.meta["marker"] * (pyrs.meta["marker_len"] + 1)
        out.append(node)

    def block_code_block(self, out, pyrs, depth) -> None:
        node = _node("code_block", "code", self.lines(pyrs.srcmap))
        node.content = pyrs.meta["content"]
        out.append(node)

    def block_fence(self, out, pyrs, depth) -> None:
        meta = pyrs.meta
        node = _node("fence", "code", self.lines(pyrs.srcmap))
        node.content, node.info = meta["content"], meta["info"]
        node.markup = meta["marker"] * meta["marker_len"]
        out.append(node)

    def block_html_block(self, out, pyrs, depth) -> None:
        node = _node("html_block", "", self.lines(pyrs.srcmap))
        node.content = content = pyrs.meta["content"]
        if _UNCLOSED_HTML.match(content):
            raise _Unsure("unclosed HTML block")  # where it stops before a blank line differs
        out.append(node)

    def _list(self, out, pyrs, depth, type_: str, tag: str) -> None:
        marker = pyrs.meta["marker"]
        node = _node(type_, tag, self.lines(pyrs.srcmap))
        node.markup = marker
        if type_ == "ordered_list" and pyrs.meta["start"] != 1:
            node.attrs = {"start": pyrs.meta["start"]}
        items = pyrs.children
        tight = not any(c.name == "paragraph" for item in items for c in item.children)
        for item in items:
            li = _node("list_item", "li", self.lines(item.srcmap))
            li.markup = marker
            if type_ == "ordered_list":
                start = item.srcmap[0]
                found = _ORDINAL.match(self.src[start:start + 64].decode("utf-8", errors="ignore"))
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
                para = _node("paragraph", "p", map_)
                para.hidden = True
                inline = _node("inline", "", map_)
                inline.children = self.inlines(run, depth + 2)
                inline.content = self.inline_content(run)
                para.children.append(inline)
                li.children.append(para)
                run = []
            if child is not None:
                self.blocks(li, [child], depth)

    def block_table(self, out, pyrs, depth) -> None:
        aligns = pyrs.meta.get("alignments") or []
        table = _node("table", "table", self.lines(pyrs.srcmap))
        for part in pyrs.children:
            section = _node(part.name, part.name, self.lines(part.srcmap))
            if part.name == "thead":
                section.map = [section.map[0], section.map[0] + 1]
            cell_tag = "th" if part.name == "thead" else "td"
            for row in part.children:
                first = self.line(row.srcmap[0])
                tr = _node("tr", "tr", [first, first + 1])
                for n, cell in enumerate(row.children):
                    td = _node(cell_tag, cell_tag)
                    align = aligns[n] if n < len(aligns) else "none"
                    if align != "none":
                        td.attrs = {"style": f"text-align:{align}"}
                    inline = _node("inline", "", tr.map)
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
            raise _Unsure("deep")
        out: list[Node] = []
        for child in children:
            name = child.name
            if name == "text":
                content = child.meta["content"]
                if "<!--" in content:
                    raise _Unsure("inline comment")  # CommonMark 0.31 reads more of these as comments
                if ("@" in content) and self._extensions(out, content, child.srcmap):
                    continue
                self._append_text(out, content)
            elif name == "text_special":
                meta = child.meta
                self._append_text(out, meta["content"], meta["info"], meta["markup"])
            elif name == "softbreak" or name == "hardbreak":
                out.append(_node(name, "br"))
            elif name == "em":
                node = _node("em", "em")
                node.markup = child.meta["marker"]
                node.children = self.inlines(child.children, depth + 1)
                out.append(node)
            elif name == "strong":
                # markdown-it-py leaves an empty text token on each side of a strong span,
                # the outer halves of its `**` runs; later text joins them.
                if not out or out[-1].type != "text":
                    out.append(_node("text"))
                node = _node("strong", "strong")
                node.markup = child.meta["marker"] * 2
                node.children = self.inlines(child.children, depth + 1)
                out.append(node)
                out.append(_node("text"))
            elif name == "strikethrough":
                node = _node("s", "s")
                node.markup = "~~"
                node.children = self.inlines(child.children, depth + 1)
                out.append(node)
            elif name == "code_inline":
                if self.src.find(b"\n", *child.srcmap) >= 0:
                    raise _Unsure("code span across lines")
                node = _node("code_inline", "code")
                node.markup = child.meta["marker"] * child.meta["marker_len"]
                node.content = "".join(c.meta["content"] for c in child.children)
                out.append(node)
            elif name == "link":
                start = child.srcmap[0]
                if self.src.startswith(b"[@", start) and _GROUP_B.match(self.src, start):
                    raise _Unsure("citation written as a link")
                node = _node("link", "a")
                node.attrs = {"href": child.meta["url"]}
                if "title" in child.meta:
                    node.attrs["title"] = child.meta["title"]
                node.children = self.inlines(child.children, depth + 1)
                out.append(node)
            elif name == "autolink":
                node = _node("link", "a")
                node.attrs = {"href": child.meta["url"]}
                node.markup, node.info = "autolink", "auto"
                text = _node("text")
                text.content = "".join(c.meta["content"] for c in child.children)
                node.children.append(text)
                out.append(node)
            elif name == "image":
                node = _node("image", "img")
                node.attrs = {"src": child.meta["url"], "alt": ""}
                if "title" in child.meta:
                    node.attrs["title"] = child.meta["title"]
                kids = child.children
                node.content = self.slice(child.srcmap[0] + 2, kids[-1].srcmap[1]) if kids else ""
                node.children = self.inlines(kids, depth + 1)
                out.append(node)
            elif name == "html_inline":
                node = _node("html_inline")
                node.content = child.meta["content"]
                out.append(node)
            else:
                raise _Unsure(name)
        return out

    @staticmethod
    def _append_text(out: list[Node], content: str, info: str = "", markup: str = "") -> None:
        if out and out[-1].type == "text":
            out[-1].content += content
        elif content:
            node = _node("text")
            node.content, node.info, node.markup = content, info, markup
            out.append(node)

    def _extensions(self, out: list[Node], content: str, srcmap) -> bool:
        """Cut citations and cross-references out of a text node; False when it holds none."""
        found = list(_CANDIDATE.finditer(content))
        if not found:
            return False
        start, end = srcmap
        raw = self.src[start:end]
        if raw != content.encode("utf-8"):
            raise _Unsure("text not as written")
        pieces: list[tuple[int, int, Node]] = []
        cursor = 0
        for candidate in found:
            at = candidate.start()
            if at < cursor:
                continue
            here = start + len(content[:at].encode("utf-8")) if not self.ascii else start + at
            if content[at] == "[":
                match = _GROUP.match(content, at)
                whole = _GROUP_B.match(self.src, here)
                if (match is None) != (whole is None) or (match and len(match.group(0).encode()) != len(whole.group(0))):
                    raise _Unsure("citation across markup")
                if match is None:
                    continue
                pairs = split_citation(match.group(0)[1:-1])
                if pairs is None:
                    continue
                node = _node("citation")
                node.content = match.group(0)
                node.meta = {"ids": [p[0] for p in pairs], "locators": [p[1] for p in pairs]}
            else:
                before = content[at - 1] if at else self._char_before(here)
                if before.isalnum() or before == "_":
                    continue
                match = _REFERENCE.match(content, at)
                whole = _REFERENCE_B.match(self.src, here)
                if match is None or whole is None or len(match.group(0)) != len(whole.group(0)):
                    raise _Unsure("reference across markup")
                node = _node("crossref")
                node.content = match.group(0)
                node.meta = {"label": match.group(1)}
            pieces.append((at, match.end(), node))
            cursor = match.end()
        if not pieces:
            return False
        cursor = 0
        for at, stop, node in pieces:
            text = content[cursor:at]
            if node.type == "citation":
                # A note reference sits against the word it follows, as in "results[1]".
                text = text.rstrip(" ")
            self._append_text(out, text)
            out.append(node)
            cursor = stop
        self._append_text(out, content[cursor:])
        return True

    def _char_before(self, offset: int) -> str:
        if offset == 0:
            return ""
        return self.src[max(0, offset - 4):offset].decode("utf-8", errors="ignore")[-1:]


# -- the project's block syntax, as passes over the tree -------------------------------------------

def _walk_blocks(node: Node) -> None:
    """Apply figures, table captions and page breaks to the children of `node` and below."""
    children = node.children
    for child in children:
        if child.children and child.type not in ("paragraph", "heading", "table", "inline"):
            _walk_blocks(child)
    if any(c.type == "paragraph" for c in children):
        for child in children:
            if child.type == "paragraph":
                _figure(child)
    if any(c.type == "table" for c in children):
        node.children = children = _table_captions(children)
    if any(c.type == "paragraph" or c.type == "html_block" for c in children):
        node.children = _page_breaks(children)


def _figure(paragraph: Node) -> None:
    inline = paragraph.children[0]
    kids = inline.children
    if len(kids) != 2 or kids[0].type != "image" or kids[1].type != "text":
        return
    match = _FIGURE_LABEL.fullmatch(kids[1].content)
    if match:
        paragraph.type, paragraph.meta = "figure", {"label": match.group(1)}
        inline.children = kids[:1]


def _caption(inline: Node, label: str | None) -> Node:
    _trim_caption(inline)
    node = _node("table_caption", "p", inline.map)
    node.meta = {"label": label}
    node.children.append(inline)
    return node


def _caption_match(node: Node):
    if node.type != "paragraph":
        return None
    return _TABLE_CAPTION.fullmatch(node.children[0].content)


def _caption_from_last_row(table: Node) -> Node | None:
    rows = [(part, tr) for part in table.children for tr in part.children]
    if len(rows) < 2:
        return None
    part, last = rows[-1]
    cells = [td.children[0] for td in last.children]
    if not cells:
        return None
    match = _TABLE_CAPTION.fullmatch(cells[0].content)
    if not match or any(c.content.strip() for c in cells[1:]):
        return None
    part.children.pop()
    if not part.children and part.type == "tbody":
        table.children.remove(part)
    return _caption(cells[0], match.group(2))


def _table_captions(children: list[Node]) -> list[Node]:
    out: list[Node] = []
    captioned: set[int] = set()
    pending: Node | None = None
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
            caption = pending or _caption_from_last_row(child)
            if caption is not None:
                captioned.add(id(child))
                out.append(caption)
            out.append(child)
            pending = None
            continue
        out.append(child)
    return out


def _page_breaks(children: list[Node]) -> list[Node]:
    out: list[Node] = []
    for child in children:
        if child.type == "paragraph":
            source, pattern = child.children[0], _COMMAND  # a paragraph holding only \newpage or \pagebreak
        elif child.type == "html_block":
            source, pattern = child, _COMMENT  # an HTML comment <!-- pagebreak -->
        else:
            out.append(child)
            continue
        text = source.content.strip()
        if pattern.fullmatch(text):
            node = _node("page_break", "", source.map)
            node.markup = text
            out.append(node)
        else:
            out.append(child)
    return out


_NEXT_TO_DELIMITER = re.compile(r"[*_~][^\x00-\x7f]|[^\x00-\x7f][*_~]")
_UNCLOSED_HTML = re.compile(r"(?is)\s*(?:<!--(?!.*-->)|<\?(?!.*\?>)|<!\[CDATA\[(?!.*\]\]>)|<![A-Z](?!.*>)"
                            r"|<(script|pre|style|textarea)(?!.*</(?:script|pre|style|textarea)>))")
_ITEM_LINE = re.compile(r"[ \t>]*(?:[-+*]|0*(\d{1,9})[.)])([ \t].*)?$")
_QUOTE_LINE = re.compile(r" {0,3}>")
_DEFINITION_LINE = re.compile(r" {0,3}\[[^\]]*\]:")


def _symbol_by_delimiter(text: str) -> bool:
    """Whether a non-ASCII symbol touches `*`, `_` or `~`: CommonMark 0.31 (markdown-it-py) counts
    symbols as punctuation when deciding emphasis, 0.30 (markdown-it-pyrs) does not."""
    for match in _NEXT_TO_DELIMITER.finditer(text):
        pair = match.group(0)
        char = pair[1] if pair[0] in "*_~" else pair[0]
        if unicodedata.category(char).startswith("S"):
            return True
    return False


def _lazy_line(text: str) -> bool:
    """Whether a line continues a block quote or a link definition without a blank line between:
    the two parsers differ on which of those lines a list or a table may interrupt."""
    previous = ""
    for line in text.split("\n"):
        if previous and line.strip() and not _QUOTE_LINE.match(line):
            if _QUOTE_LINE.match(previous) or _DEFINITION_LINE.match(previous):
                return True
            item = _ITEM_LINE.match(line)
            if item and (not (item.group(2) or "").strip() or ("|" in previous and item.group(1) not in (None, "1"))):
                return True
        previous = line if line.strip() else ""
    return False


def _code_in_brackets(text: str) -> bool:
    """Whether a backtick and a bracket share a stretch between blank lines: markdown-it-pyrs 0.4
    panics on some unclosed code spans after a bracket, so such text goes to markdown-it-py."""
    return any("`" in chunk and "[" in chunk for chunk in _BLANK_LINE.split(text))


def tree(text: str) -> Node | None:
    """The tree `parse_markdown` makes of `text`, or None when only markdown-it-py can say."""
    if (":::" in text or "\r" in text or "\0" in text or not text.endswith("\n")
            or ("`" in text and "[" in text and _code_in_brackets(text)) or _nesting_bound(text) > _BOUND
            or _lazy_line(text)
            or (not text.isascii() and _symbol_by_delimiter(text))):
        return None
    builder = _Builder(text)
    root = _node("root")
    try:
        pyrs_root = _parser().tree(text)
    except BaseException as error:  # a Rust panic arrives as pyo3's PanicException, a BaseException
        if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
            raise  # an interrupt or a signal's exit must still stop the build
        return None
    try:
        builder.blocks(root, pyrs_root.children, 1)
    except _Unsure:
        return None
    _walk_blocks(root)
    return root
