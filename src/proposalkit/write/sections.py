"""Page set-up inside the body: page breaks on request and landscape sections for wide content."""

from __future__ import annotations

from . import ooxml
from .ooxml import w
from .walker import Walker, last_child

INTRO_CHARS = 1600  # about a third of a portrait page, a sixth of a landscape one: the most text that moves with its heading onto a landscape page


class SectionRendering(Walker):
    """The page-break and landscape handlers of DocxRenderer; `self.page` is the document's own sectPr."""

    def render_page_break(self, node) -> None:
        container = self.scope.container
        last = last_child(container)
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
        moved = self._trailing_intro()
        for element in moved:  # the heading right before the block, and its short intro, go onto its first page
            self.body.remove(element)
        self._end_section(landscape=False)
        for element in moved:
            page_break = element.find("w:pPr/w:pageBreakBefore", ooxml.NS)
            if page_break is not None:  # the section break starts the page
                page_break.getparent().remove(page_break)
            self.body.append(element)
        with self.scoped(landscape=True, text_width=self.landscape_width):
            self.render_children(node)
        self._end_section(landscape=True)

    def _trailing_intro(self) -> list:
        """What ends the body and belongs with a landscape block that starts here: the headings right before
        it; or, when the last heading is followed only by a few short paragraphs (at most INTRO_CHARS of
        text, no table, picture or break), that heading, what follows it and the headings right before it.
        Moved onto the landscape page, they leave no near-empty portrait page before it."""
        heading_styles = {self.styles[f"Heading {n}"] for n in range(1, 7)}

        def is_heading(element) -> bool:
            style = element.find("w:pPr/w:pStyle", ooxml.NS) if element.tag == w("p") else None
            return style is not None and style.get(w("val")) in heading_styles

        def is_short_text(element) -> bool:
            return (
                element.tag == w("p")
                and element.find("w:pPr/w:sectPr", ooxml.NS) is None
                and element.find(".//w:drawing", ooxml.NS) is None
                and element.find(".//w:br[@w:type='page']", ooxml.NS) is None
            )

        elements = list(self.body)
        start, chars = len(elements), 0
        while start > 0 and not is_heading(elements[start - 1]) and is_short_text(elements[start - 1]):
            start -= 1
            chars += sum(len(t.text or "") for t in elements[start].iter(w("t")))
        if chars > INTRO_CHARS or start == 0 or not is_heading(elements[start - 1]):
            start = len(elements)  # no short intro: only the headings right before the block move
        while (
            start > 0
            and is_heading(elements[start - 1])
            and elements[start - 1].find("w:pPr/w:sectPr", ooxml.NS) is None
        ):
            start -= 1
        front = {self.styles[key] for key in ("TOC Heading", "Title", "Subtitle", "Cover Field")}
        before = elements[start - 1] if start > 0 else None
        style = before.find("w:pPr/w:pStyle", ooxml.NS) if before is not None else None
        if before is None or (style is not None and style.get(w("val")) in front):
            return []  # nothing of the body before them: they stay, and the cover and contents stay portrait
        return elements[start:]

    def _end_section(self, *, landscape: bool) -> None:
        """Close the section written so far: its properties go on its last paragraph (a new one after a table)."""
        body = self.body
        last = last_child(body)
        if last is None or last.tag != w("p") or last.find("w:pPr/w:sectPr", ooxml.NS) is not None:
            last = self.new_paragraph("Body Text")
        elif ooxml.is_page_break_paragraph(last):
            last.remove(last.find(w("r")))  # the section break starts a new page already
        ooxml.end_section(last, ooxml.section_properties(self.page, landscape=landscape))
        self._merge = None
