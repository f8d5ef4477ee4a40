"""DocxRenderer: markdown-it syntax tree nodes to WordprocessingML elements, one method per node type."""

from __future__ import annotations

import io
from functools import cached_property
from urllib.parse import unquote

from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.shape import CT_Inline
from docx.shared import Emu

from ..base.text import plain_text
from ..charts.style import Look
from . import drawing, ooxml
from .captions import CaptionRendering
from .context import bookmark_name
from .images import image_file, unembeddable
from .numbering import indent
from .ooxml import sub
from .sections import SectionRendering
from .tables import EMU_PER_CM, TableRendering

SVG_TYPE = "image/svg+xml"


class DocxRenderer(TableRendering, CaptionRendering, SectionRendering):
    """The Word renderer: one `render_<node type>` method per node of the tree (blocks and inline marks
    here; tables, captions and page set-up in their mixins)."""

    # -- blocks -----------------------------------------------------------------------------------

    def render_root(self, node) -> None:
        self.render_children(node)

    def render_paragraph(self, node) -> None:
        s = self.scope
        self.write_paragraph(node, s.para_style, ind_left=s.ind_left)

    def render_heading(self, node) -> None:
        level = int(node.tag[1:]) if node.tag[1:].isdigit() else 1
        inline = node.children[0] if node.children else None
        self.add_heading(level, "" if inline is None else None, inline)

    def render_blockquote(self, node) -> None:
        with self.scoped(para_style="Quote"):
            self.render_children(node)

    def render_hr(self, node) -> None:
        self.new_paragraph("Horizontal Rule")

    def render_code_block(self, node) -> None:
        p = self.new_paragraph("Source Code", ind_left=self.scope.ind_left)
        ooxml.text_lines(ooxml.run(p), node.content.rstrip("\n"))

    render_fence = render_code_block

    def render_html_block(self, node) -> None:
        self.warn("raw HTML block written as literal text", node.content.strip().split("\n")[0])
        p = self.new_paragraph(self.scope.para_style, ind_left=self.scope.ind_left)
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
            self.write_paragraph(children.pop(0), "List Paragraph", num=numbered)
        else:
            self.new_paragraph("List Paragraph", num=numbered)
        with self.scoped(para_style="List Continue", ind_left=indent(s.list_depth)):
            for child in children:
                self.render_node(child)

    # -- inline -----------------------------------------------------------------------------------

    def render_inline(self, node) -> None:
        self.render_children(node)

    def render_text(self, node) -> None:
        self.add_text(node.content)

    def render_softbreak(self, node) -> None:
        self.add_text(" ")

    def render_hardbreak(self, node) -> None:
        ooxml.line_break(self.new_run())

    def render_strong(self, node) -> None:
        self.render_children_with(node, strong=True)

    def render_em(self, node) -> None:
        self.render_children_with(node, em=True)

    def render_s(self, node) -> None:
        self.render_children_with(node, strike=True)

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
            link = ooxml.hyperlink(self.scope.parent, rid=self.link_rid(href), tooltip=title)
        with self.scoped(parent=link, link=True):
            if node.children:
                self.render_children(node)
            else:
                self.add_text(href)
        self._merge = None

    def link_rid(self, href: str) -> str:
        """The rId of the external hyperlink relationship to `href`, added on first use.

        The ids are the ones python-docx's `relate_to` gives (the relationship already there to the same target,
        else the lowest free `rIdN`), found from the writer's state: `relate_to` searches every relationship
        for each new link, which grows with the square of the links. Relationships are only removed before the
        body is written (reference clean-up, fresh parts), so the lowest free number only moves up."""
        state, rels = self.state, self.part.rels
        if state.next_rid == 0:  # first link: those the reference document already has
            for rid, rel in rels.items():
                if rel.is_external and rel.reltype == RT.HYPERLINK:
                    state.link_rids.setdefault(rel.target_ref, rid)
            state.next_rid = 1
        rid = state.link_rids.get(href)
        if rid is None:
            n = state.next_rid
            while f"rId{n}" in rels:
                n += 1
            rid = state.link_rids[href] = f"rId{n}"
            rels.add_relationship(RT.HYPERLINK, href, rid, is_external=True)
            state.next_rid = n + 1
        return rid

    def render_image(self, node) -> None:
        src = node.attrs.get("src", "") or ""
        alt = plain_text(node) or node.content or ""
        figure = self.figures.get(src)
        if figure is not None:
            self._render_chart(node, figure, alt)
            return
        path, _ = image_file(src, self.root)
        cannot = unembeddable(src, self.root)
        if path is None or cannot is not None:
            self.warn(cannot or f"image '{src}' is not a local file; its alt text is written instead", src)
            self.add_text(alt or src)
            return
        try:
            rid, image = self.part.get_or_add_image(str(path))
        except (UnrecognizedImageError, OSError, ValueError) as error:
            reason = str(error) or "not an image format Word can embed"
            self.warn(f"image '{src}' could not be read ({reason}); its alt text is written instead", src)
            self.add_text(alt or src)
            return
        self._add_picture(node, rid, image, alt)

    def _render_chart(self, node, figure, alt: str) -> None:
        """A generated chart, drawn in the body font at the text width, as an SVG picture with its PNG
        fallback: Word 2016 and later show the SVG, older Word and LibreOffice the PNG."""
        look = Look(font=self.chart_font, width_cm=self.scope.text_width / EMU_PER_CM)
        svg = figure.draw_svg(look)  # first: it draws the PNG from the same figure
        rid, image = self.part.get_or_add_image(io.BytesIO(figure.draw(look)))
        inline = self._add_picture(node, rid, image, alt, fill_width=True)
        drawing.svg_blip(inline, self._svg_part(svg))

    @cached_property
    def chart_font(self) -> str:
        """The font family of the document's body text, which charts are drawn in."""
        theme = next((rel.target_part.blob for rel in self.part.rels.values() if rel.reltype == RT.THEME), None)
        found = drawing.paragraph_font(self.part.styles.element, self.styles["Body Text"], theme)
        return found or Look().font

    def _svg_part(self, svg: bytes) -> str:
        """The relationship id of an image part holding `svg`: the one already related, else a new one."""
        for rid, rel in self.part.rels.items():  # an SVG already embedded: one part however often it is shown
            if rel.reltype == RT.IMAGE and not rel.is_external and rel.target_part.blob == svg:
                return rid
        package = self.part.package
        part = Part(package.next_partname("/word/media/image%d.svg"), SVG_TYPE, svg, package)
        return self.part.relate_to(part, RT.IMAGE)

    def _add_picture(self, node, rid: str, image, alt: str, *, fill_width: bool = False):
        """An inline picture of image part `rid` in a new run, no wider than the text (with `fill_width`, exactly
        as wide: a chart drawn for the text width, whatever its pixels round to); returns the wp:inline."""
        cx, cy = int(image.width), int(image.height)
        width = self.scope.text_width
        if cx > width or fill_width:
            cx, cy = width, int(cy * width / cx)
        shape_id = self.state.next_docpr
        self.state.next_docpr += 1
        inline = CT_Inline.new_pic_inline(shape_id, rid, image.filename, Emu(cx), Emu(cy))
        doc_pr = inline.docPr
        doc_pr.set("descr", ooxml.clean_text(alt))
        if node.attrs.get("title"):
            doc_pr.set("title", ooxml.clean_text(str(node.attrs["title"])))
        sub(self.new_run(), "drawing").append(inline)
        return inline

    def render_citation(self, node) -> None:
        """A citation as its style reads it: a footnote, or text in the line after a space."""
        text = node.meta.get("cite")
        if text is None:
            ids = ", ".join(node.meta.get("ids", []))
            self.warn(f"citation of '{ids}' names no known source; it is written as typed", node.content)
            text = node.content
        if node.meta.get("note", True):
            ref_style = self.styles["Footnote Reference"]
            ooxml.footnote_reference(self.scope.parent, ref_style, self.state.footnotes.add(text))
            self._merge = None
            return
        parent = self.scope.parent
        written = parent is not None and any(child.tag == ooxml.w("r") for child in parent)
        self.add_text((" " if written else "") + text.replace("*", ""))
