"""DocxRenderer: markdown-it syntax tree nodes to WordprocessingML elements, one method per node type."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline

from ..base.paths import local_path
from ..base.text import plain_text
from . import ooxml
from .captions import CaptionRendering
from .context import Scope, WriterState, bookmark_name, text_width
from .numbering import indent
from .ooxml import sub
from .sections import SectionRendering
from .tables import TableRendering


class DocxRenderer(TableRendering, CaptionRendering, SectionRendering):
    """Walks syntax trees, dispatching each node to `render_<node.type>`."""

    def __init__(
        self,
        document,
        styles: Mapping[str, str],
        state: WriterState,
        *,
        root: Path,
        notes: Mapping[str, str],
        warn: Callable[[str, int, str, str], None],
        page=None,
        annotate: Callable[[str], tuple[str, str] | None] | None = None,
        figures: Mapping[str, Any] | None = None,
    ) -> None:
        """`page` is the document's final sectPr, taken out of the body; section breaks copy it.

        `figures` maps Markdown image paths to generated charts (with `draw() -> bytes`), embedded from memory.
        """
        self.figures = figures or {}
        self.part = document.part
        self.styles = styles
        self.state = state
        self.root = root
        self.notes = notes
        self.warn_sink = warn
        self.body = document.element.body
        self.page = page
        self.scope = Scope(container=self.body, text_width=text_width(document))
        self.landscape_width = text_width(document, landscape=True)
        self.where = ""
        self.base_line = 1
        self.line: int | None = None
        self._merge: tuple[Any, tuple, Any] | None = None
        self._handlers: dict[str, Callable] = {}  # node type -> bound render_<type> method
        self.annotate = annotate

    # -- walking -------------------------------------------------------------------------------

    @contextmanager
    def scoped(self, **changes: Any) -> Iterator[Scope]:
        """Run the body with the scope changed, restoring it afterwards."""
        saved = self.scope
        self.scope = saved._replace(**changes)
        try:
            yield self.scope
        finally:
            self.scope = saved

    def _children_with(self, node, **changes: Any) -> None:
        """Render `node`'s children under a changed scope (the cheap path for inline marks)."""
        saved = self.scope
        self.scope = saved._replace(**changes)
        try:
            self.render_children(node)
        finally:
            self.scope = saved

    def render(self, node, *, where: str = "", base_line: int = 1) -> None:
        """Render a syntax tree into the current container; `where` names it in warnings."""
        self.where, self.base_line = where, base_line
        self.render_node(node)

    def render_node(self, node) -> None:
        kind = node.type
        if kind != "root" and kind != "text" and node.map:
            self.line = self.base_line + node.map[0]
        handler = self._handlers.get(kind)
        if handler is None:
            handler = self._handlers[kind] = getattr(self, "render_" + kind, self.render_unknown)
        handler(node)

    def render_children(self, node) -> None:
        for child in node.children:
            self.render_node(child)

    def warn(self, message: str, needle: str = "") -> None:
        """Report a content problem: the section's source, the line in its Markdown, the text at fault."""
        self.warn_sink(self.where, self.line or 1, needle, message)

    def render_unknown(self, node) -> None:
        self.warn(f"unsupported Markdown element '{node.type}' written as plain text", node.content)
        if node.children:
            self.render_children(node)
        elif node.content:
            if self.scope.parent is None:
                with self.scoped(parent=self._paragraph(self.scope.para_style)):
                    self._text(node.content)
            else:
                self._text(node.content)

    # -- output helpers ---------------------------------------------------------------------------

    def _paragraph(self, style_key: str, **options: Any):
        self._merge = None
        return ooxml.paragraph(self.scope.container, self.styles[style_key], **options)

    def _run_style(self) -> str | None:
        s = self.scope
        if s.link:
            return self.styles["Hyperlink"]
        if s.strong:
            return self.styles["Strong"]
        if s.em:
            return self.styles["Emphasis"]
        if s.strike:
            return self.styles["Strikethrough"]
        return None

    def _run(self, style_id: str | None = None):
        """A run in the current parent carrying the current toggles; `style_id` overrides rStyle."""
        self._merge = None
        s = self.scope
        return ooxml.run(s.parent, style_id or self._run_style(), bold=s.strong, italic=s.em, strike=s.strike)

    def _text(self, value: str) -> None:
        """Append text in the current formatting, extending the previous run when it matches."""
        if not value:
            return
        s = self.scope
        key = (s.strong, s.em, s.strike, s.link)
        merge = self._merge
        if merge is not None and merge[0] is s.parent and merge[1] == key:
            t = merge[2]
            ooxml.set_text(t, t.text + value)
            return
        t = ooxml.text_run(s.parent, value, self._run_style(), bold=s.strong, italic=s.em, strike=s.strike)
        self._merge = (s.parent, key, t)

    def add_heading(self, level: int, title: str | None = None, inline=None, *, new_page: bool = False) -> None:
        """A Heading `level` paragraph with a bookmark, from `inline` nodes or plain `title`."""
        text = title if inline is None else plain_text(inline)
        name = self._unique_bookmark(bookmark_name(text) if text.strip() else "")
        bookmark_id = self.state.next_bookmark
        self.state.next_bookmark += 1
        p = self._paragraph(f"Heading {min(max(level, 1), 6)}", new_page=new_page)
        ooxml.bookmark_start(p, bookmark_id, name)
        with self.scoped(parent=p):
            if inline is None:
                self._text(title or "")
            else:
                self.render_node(inline)
        ooxml.bookmark_end(p, bookmark_id)
        self._merge = None
        if level <= 3:
            self.state.headings.append((level, text, name))

    def _unique_bookmark(self, name: str) -> str:
        if not name:
            name = "_Toc%d" % self.state.next_bookmark
        taken = self.state.bookmark_names
        candidate, n = name, 0
        while candidate in taken:
            n += 1
            suffix = "_%d" % n
            candidate = name[: 40 - len(suffix)] + suffix
        taken.add(candidate)
        return candidate

    # -- blocks -----------------------------------------------------------------------------------

    def render_root(self, node) -> None:
        self.render_children(node)

    def render_paragraph(self, node) -> None:
        s = self.scope
        self._write_paragraph(node, s.para_style, ind_left=s.ind_left)

    def _write_paragraph(self, node, style_key: str, **options: Any) -> None:
        p = self._paragraph(style_key, jc=self.scope.jc, **options)
        self._children_with(node, parent=p)
        self._merge = None
        if self.annotate is not None:
            remark = self.annotate(plain_text(node))
            if remark is not None:
                self.state.comments.attach(p, *remark)

    def render_heading(self, node) -> None:
        level = int(node.tag[1:]) if node.tag[1:].isdigit() else 1
        inline = node.children[0] if node.children else None
        self.add_heading(level, "" if inline is None else None, inline)

    def render_blockquote(self, node) -> None:
        with self.scoped(para_style="Quote"):
            self.render_children(node)

    def render_hr(self, node) -> None:
        self._paragraph("Horizontal Rule")

    def render_code_block(self, node) -> None:
        p = self._paragraph("Source Code", ind_left=self.scope.ind_left)
        ooxml.text_lines(ooxml.run(p), node.content.rstrip("\n"))

    render_fence = render_code_block

    def render_html_block(self, node) -> None:
        self.warn("raw HTML block written as literal text", node.content.strip().split("\n")[0])
        p = self._paragraph(self.scope.para_style, ind_left=self.scope.ind_left)
        ooxml.text_lines(ooxml.run(p, self.styles["Verbatim Char"]), node.content.rstrip("\n"))

    def render_bullet_list(self, node) -> None:
        self._render_list(node, ordered=False)

    def render_ordered_list(self, node) -> None:
        self._render_list(node, ordered=True)

    def _render_list(self, node, *, ordered: bool) -> None:
        depth = min(self.scope.list_depth + 1, 8)
        start = node.attrs.get("start", 1) if ordered else 1
        num_id = self.state.numbering.new_list(ordered, depth, int(start))
        with self.scoped(list_depth=depth, list_num=num_id):
            self.render_children(node)

    def render_list_item(self, node) -> None:
        s = self.scope
        numbered = (s.list_num, s.list_depth)
        children = list(node.children)
        if children and children[0].type == "paragraph":
            self._write_paragraph(children.pop(0), "List Paragraph", num=numbered)
        else:
            self._paragraph("List Paragraph", num=numbered)
        with self.scoped(para_style="List Continue", ind_left=indent(s.list_depth)):
            for child in children:
                self.render_node(child)

    # -- inline -----------------------------------------------------------------------------------

    def render_inline(self, node) -> None:
        self.render_children(node)

    def render_text(self, node) -> None:
        self._text(node.content)

    def render_softbreak(self, node) -> None:
        self._text(" ")

    def render_hardbreak(self, node) -> None:
        ooxml.line_break(self._run())

    def render_strong(self, node) -> None:
        self._children_with(node, strong=True)

    def render_em(self, node) -> None:
        self._children_with(node, em=True)

    def render_s(self, node) -> None:
        self._children_with(node, strike=True)

    def render_code_inline(self, node) -> None:
        self._merge = None
        ooxml.text_run(
            self.scope.parent,
            node.content,
            self.styles["Verbatim Char"],
            bold=self.scope.strong,
            italic=self.scope.em,
            strike=self.scope.strike,
        )

    def render_html_inline(self, node) -> None:
        self.warn(f"raw HTML {node.content!r} written as literal text", node.content)
        self._merge = None
        ooxml.text_run(
            self.scope.parent,
            node.content,
            self.styles["Verbatim Char"],
            bold=self.scope.strong,
            italic=self.scope.em,
            strike=self.scope.strike,
        )

    def render_link(self, node) -> None:
        href = node.attrs.get("href", "") or ""
        title = node.attrs.get("title") or None
        self._merge = None
        if href.startswith("#"):
            link = ooxml.hyperlink(self.scope.parent, anchor=bookmark_name(unquote(href[1:])), tooltip=title)
        else:
            rid = self.state.link_rids.get(href)
            if rid is None:
                rid = self.state.link_rids[href] = self.part.relate_to(href, RT.HYPERLINK, is_external=True)
            link = ooxml.hyperlink(self.scope.parent, rid=rid, tooltip=title)
        with self.scoped(parent=link, link=True):
            if node.children:
                self.render_children(node)
            else:
                self._text(href)
        self._merge = None

    def render_image(self, node) -> None:
        src = node.attrs.get("src", "") or ""
        alt = plain_text(node) or node.content or ""
        figure = self.figures.get(src)
        path = io.BytesIO(figure.draw()) if figure is not None else self._local_file(src)
        if path is None:
            self.warn(f"image '{src}' is not a local file; its alt text is written instead", src)
            self._text(alt or src)
            return
        try:
            rid, image = self.part.get_or_add_image(path if figure is not None else str(path))
        except (UnrecognizedImageError, OSError, ValueError) as error:
            reason = str(error) or "not an image format Word can embed"
            self.warn(f"image '{src}' could not be read ({reason}); its alt text is written instead", src)
            self._text(alt or src)
            return
        cx, cy = int(image.width), int(image.height)
        width = self.scope.text_width
        if cx > width:
            cx, cy = width, int(cy * width / cx)
        shape_id = self.state.next_docpr
        self.state.next_docpr += 1
        inline = CT_Inline.new_pic_inline(shape_id, rid, image.filename, cx, cy)
        doc_pr = inline.docPr
        doc_pr.set("descr", ooxml.clean_text(alt))
        if node.attrs.get("title"):
            doc_pr.set("title", ooxml.clean_text(str(node.attrs["title"])))
        sub(self._run(), "drawing").append(inline)

    def _local_file(self, src: str) -> Path | None:
        path = local_path(src, self.root)
        return path if path is not None and path.is_file() else None

    def render_citation(self, node) -> None:
        ids = node.meta.get("ids", [])
        locators = node.meta.get("locators", [])
        ref_style = self.styles["Footnote Reference"]
        for n, cite_id in enumerate(ids):
            note = self.notes.get(cite_id)
            if note is None:
                self.warn(f"citation '@{cite_id}' has no note text; the id is used", "@" + cite_id)
                note = cite_id
            locator = locators[n] if n < len(locators) else ""
            if locator:
                note = f"{note}, {locator}"
            if n:
                ooxml.text_run(self.scope.parent, ",", ref_style)
            ooxml.footnote_reference(self.scope.parent, ref_style, self.state.footnotes.add(note))
        self._merge = None
