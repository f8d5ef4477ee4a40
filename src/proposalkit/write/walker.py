"""The renderer's walk: scope and state, dispatch of each node to its `render_<type>` method, and the
helpers every handler writes with (paragraphs, runs, text, headings). The handlers themselves live in
`renderer` and the rendering mixins, which all build on `Walker`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..base.text import plain_text
from ..parse.extensions.typography import smarten
from . import ooxml
from .context import Scope, WriterState, bookmark_name, text_width
from .style_reading import StyleToggles
from .styles import AFTER_TABLE_TWIPS


def last_child(parent):
    """`parent`'s last child element or None, found from the end: len() of an lxml element counts its children
    one by one, so asking it at every paragraph would make writing grow with the square of the document."""
    return next(parent.iterchildren(reversed=True), None)


class Walker:
    """Walks syntax trees, dispatching each node to `render_<node.type>`, and writes what handlers ask."""

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
        self._toggles_of: tuple[Any, frozenset[str]] | None = None  # the last paragraph asked and its toggles
        self._handlers: dict[str, Callable] = {}  # node type -> bound render_<type> method
        self.annotate = annotate
        self.toggles = StyleToggles(document.styles.element)

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

    def render_children_with(self, node, **changes: Any) -> None:
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
                with self.scoped(parent=self.new_paragraph(self.scope.para_style)):
                    self.add_text(node.content)
            else:
                self.add_text(node.content)

    # -- output helpers ---------------------------------------------------------------------------

    def new_paragraph(self, style_key: str, **options: Any):
        """A paragraph in the current container; the first after a table stands clear of it: body text in
        its own style, anything else with the same space set directly."""
        self._merge = None
        container = self.scope.container
        last = last_child(container)
        after_table = last is not None and last.tag == ooxml.w("tbl")
        if after_table and style_key == "Body Text":
            return ooxml.paragraph(container, self.styles["Body Text After Table"], **options)
        p = ooxml.paragraph(container, self.styles[style_key], **options)
        if after_table and not style_key.startswith("Heading"):
            ooxml.space_before(p, AFTER_TABLE_TWIPS)
        return p

    def run_style(self) -> str | None:
        """The character style of a run written now: a link's, else strong's, emphasis' or strikethrough's."""
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

    def run_format(self, style_id: str | None = None) -> tuple[str | None, bool, bool, bool]:
        """(character style, bold, italic, strike) of a run written now, `style_id` or `run_style()`: each
        toggle is set directly only where the styles do not already give it, the run's style flipping what
        its paragraph's style (and a table's header-row formatting) turn on, as Word combines toggles."""
        s = self.scope
        style = style_id or self.run_style()
        if not (s.strong or s.em or s.strike):
            return style, False, False, False
        said = self.toggles.of(style) if style else frozenset()
        context = self._context_toggles()
        bold, italic, strike = (
            wanted and (tag in said) == (tag in context)
            for wanted, tag in ((s.strong, "b"), (s.em, "i"), (s.strike, "strike"))
        )
        return style, bold, italic and self.state.italic_emphasis, strike

    def _context_toggles(self) -> frozenset[str]:
        """The toggles the paragraph being written gets from its style and, in a table's first row, from the
        table style's header-row formatting: each level flips the one before."""
        p = self.scope.parent
        while p is not None and p.tag != ooxml.w("p"):
            p = p.getparent()
        if p is None:
            return frozenset()
        last = self._toggles_of
        if last is not None and last[0] is p:  # runs of one paragraph: its style and row are set when it is made
            return last[1]
        found = self._paragraph_toggles(p)
        self._toggles_of = (p, found)
        return found

    def _paragraph_toggles(self, p) -> frozenset[str]:
        style = p.find("w:pPr/w:pStyle", ooxml.NS)
        found = self.toggles.of(style.get(ooxml.VAL) if style is not None else None)
        row = p.getparent().getparent() if p.getparent() is not None and p.getparent().tag == ooxml.w("tc") else None
        table = row.getparent() if row is not None else None
        if table is not None and table.find(ooxml.w("tr")) is row:
            look = table.find("w:tblPr/w:tblLook", ooxml.NS)
            table_style = table.find("w:tblPr/w:tblStyle", ooxml.NS)
            if look is not None and look.get(ooxml.w("firstRow")) == "1" and table_style is not None:
                found = found ^ self.toggles.of(table_style.get(ooxml.VAL), "firstRow")
        return found

    def new_run(self, style_id: str | None = None):
        """A run in the current parent carrying the current formatting; `style_id` overrides rStyle."""
        self._merge = None
        style, bold, italic, strike = self.run_format(style_id)
        return ooxml.run(self.scope.parent, style, bold=bold, italic=italic, strike=strike)

    def add_text(self, value: str) -> None:
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
        style, bold, italic, strike = self.run_format()
        t = ooxml.text_run(s.parent, value, style, bold=bold, italic=italic, strike=strike)
        self._merge = (s.parent, key, t)

    def add_heading(self, level: int, title: str | None = None, inline=None, *, new_page: bool = False) -> None:
        """A Heading `level` paragraph with a bookmark, from `inline` nodes or plain `title`."""
        text = smarten(title or "") if inline is None else plain_text(inline)  # as written, so as the contents show
        name = self.unique_bookmark(bookmark_name(text) if text.strip() else "")
        bookmark_id = self.state.next_bookmark
        self.state.next_bookmark += 1
        numbers = self.state.heading_numbers
        shown, num = text, None
        if numbers is not None and level <= len(numbers) and not self.state.in_annexes:  # annexes: "Annex 2: ..."
            numbers[level - 1] += 1
            numbers[level:] = [0] * (len(numbers) - level)
            shown = ".".join(str(n) for n in numbers[:level]) + " " + text
            num = (self.state.heading_list, level - 1)
        p = self.new_paragraph(f"Heading {min(max(level, 1), 6)}", new_page=new_page, num=num)
        ooxml.bookmark_start(p, bookmark_id, name)
        with self.scoped(parent=p):
            if inline is None:
                self.add_text(text)
            else:
                self.render_node(inline)
        ooxml.bookmark_end(p, bookmark_id)
        self._merge = None
        if level <= 3:
            self.state.headings.append((level, shown, name))

    def unique_bookmark(self, name: str) -> str:
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

    def write_paragraph(self, node, style_key: str, **options: Any) -> None:
        p = self.new_paragraph(style_key, jc=self.scope.jc, **options)
        self.render_children_with(node, parent=p)
        self._merge = None
        if self.annotate is not None:
            remark = self.annotate(plain_text(node))
            if remark is not None and self.state.comments is not None:
                self.state.comments.attach(p, *remark)
