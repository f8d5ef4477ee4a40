"""Page set-up inside the body: page breaks on request and landscape sections for wide content."""

from __future__ import annotations

from . import ooxml
from .ooxml import w
from .walker import Walker


class SectionRendering(Walker):
    """The page-break and landscape handlers of DocxRenderer; `self.page` is the document's own sectPr."""

    def render_page_break(self, node) -> None:
        container = self.scope.container
        last = container[-1] if len(container) else None
        if last is not None and last.tag == w("p") and last.find("w:pPr/w:sectPr", ooxml.NS) is not None:
            return  # a section break just started a new page
        self.new_paragraph(self.scope.para_style)
        ooxml.line_break(ooxml.run(container[-1]), "page")

    def render_container_landscape(self, node) -> None:
        s = self.scope
        nested = s.container is not self.body or s.list_depth >= 0 or s.para_style != "Body Text"
        if nested or s.landscape or self.page is None:
            where = "inside a list or quote" if nested else "inside another one"
            self.warn(f"a landscape block {where} is written on the surrounding pages", "::: landscape")
            self.render_children(node)
            return
        headings = self._trailing_headings()
        for heading in headings:  # a heading right before the block goes onto its first page
            self.body.remove(heading)
        self._end_section(landscape=False)
        for heading in headings:
            self.body.append(heading)
        with self.scoped(landscape=True, text_width=self.landscape_width):
            self.render_children(node)
        self._end_section(landscape=True)

    def _trailing_headings(self) -> list:
        """The heading paragraphs that end the body, when something other than headings comes before them."""
        heading_styles = {self.styles[f"Heading {n}"] for n in range(1, 7)}
        found: list = []
        for element in reversed(self.body):
            style = element.find("w:pPr/w:pStyle", ooxml.NS) if element.tag == w("p") else None
            if (
                style is None
                or style.get(w("val")) not in heading_styles
                or element.find("w:pPr/w:sectPr", ooxml.NS) is not None
            ):
                break
            found.insert(0, element)
        return found if len(found) < len(self.body) else []

    def _end_section(self, *, landscape: bool) -> None:
        """Close the section written so far: its properties go on its last paragraph (a new one after a table)."""
        body = self.body
        last = body[-1] if len(body) else None
        if last is None or last.tag != w("p") or last.find("w:pPr/w:sectPr", ooxml.NS) is not None:
            last = self.new_paragraph("Body Text")
        elif ooxml.is_page_break_paragraph(last):
            last.remove(last.find(w("r")))  # the section break starts a new page already
        ooxml.end_section(last, ooxml.section_properties(self.page, landscape=landscape))
        self._merge = None
