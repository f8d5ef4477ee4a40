"""Pages estimated from the donor's page set-up, and `max_pages` checked against the estimate or a real count.

The estimate lays text out line by line without a typesetter:

- the text area is the page less its margins, from the reference document (A4 with 2.5 cm margins
  when there is none); sizes and spacing come from the styles the writer uses (Body Text, Heading 1-4,
  List Paragraph, Table Text, Footnote Text), as the reference document defines them;
- a character is as wide, and a line as high, as in the font the style names (FONTS below: the average
  of English text with its spaces, measured on the fonts LibreOffice sets it in; fonts not listed get
  DejaVu Sans' wider metrics; CJK characters count as 1 em); a line holds WRAP times fewer characters
  than its width, as words do not fill lines, and a paragraph takes its lines, times the style's line
  spacing, plus its spacing before and after;
- a page's text area is filled to FILL (90%) on average: headings kept with what follows them, widow
  and orphan control, tables kept together and footnotes that cannot split leave space at the foot of
  pages;
- table columns are as wide as the writer makes them (base/columns.py), and a row is as tall as its
  tallest cell;
- each citation that its style makes a note is a footnote of its text (full or short) at the footnote size;
- the cover takes a page of its own when it ends with a page break, else its lines; the contents
  pages hold one line per heading of levels 1-3, filling them; the first annex, a page break and the
  start and the end of a landscape block start a new page; other sections run on;
- a landscape block is laid out in the width of the page turned on its side, and its height counted
  as the same share of that page's text height.

Measured against LibreOffice on the example's variants (`tools/page_model.py`), the three long ones come
within 2% of its pages and the short eu variant within a third of a page. `check --exact-pages` counts the
pages of the real PDF instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..base.columns import column_needs, fit_columns
from ..base.diagnostics import Diagnostics, citing_rule
from ..base.model import Assembly, Donor, Position
from ..base.paths import donor_file
from ..base.text import CJK, visible_text
from ..parse.references import iter_citations
from .pagesetup import PageSetup, Style, page_setup

# Latin font family -> (average width of a character of English text with its spaces, in ems; the height of
# a single-spaced line, in ems), measured on the fonts LibreOffice sets the text in: Carlito for Calibri,
# Caladea for Cambria, Liberation Serif and Sans for Times New Roman and Arial (with fontTools and Pillow on
# the example's evidence text). Other fonts get the widest of them, as LibreOffice may put DejaVu Sans in
# their place.
FONTS = {
    "calibri": (0.404, 1.22),
    "carlito": (0.404, 1.22),
    "cambria": (0.405, 1.17),
    "caladea": (0.405, 1.17),
    "times new roman": (0.405, 1.15),
    "liberation serif": (0.405, 1.15),
    "arial": (0.442, 1.15),
    "liberation sans": (0.442, 1.15),
    "helvetica": (0.442, 1.15),
    "dejavu sans": (0.501, 1.17),
    "verdana": (0.501, 1.17),
}
OTHER_FONT = (0.501, 1.17)
CJK_LINE = 1.437  # the line height of Noto Serif and Sans CJK, which LibreOffice sets SimSun and its kin in
WRAP = 1.09  # lines break between words: a line holds this much less than its width on average
LIST_INDENT = 36.0  # points
CELL_PADDING = 10.0  # points, left and right together
COVER_FILL = 0.80  # a cover with a page of its own is taken to fill it up to this share, fields wrapping as estimated
FILL = 0.90  # the share of a page's text area that text fills, on average


def font_metrics(font: str) -> tuple[float, float]:
    """(average character width, line height), in ems, of text set in `font`."""
    return FONTS.get(font.lower(), OTHER_FONT)


def text_ems(text: str, em: float = OTHER_FONT[0]) -> float:
    """The width of `text` in ems: CJK characters 1 em, others `em`."""
    wide = 0 if text.isascii() else len(CJK.findall(text))
    return wide + (len(text) - wide) * em


@dataclass(frozen=True)
class PageEstimate:
    """Estimated pages: the whole document and each section (ids in order), as decimals."""

    total: float
    sections: tuple[tuple[str, float], ...]
    body: float | None = None  # the pages before the first annex (annexes start a new page); None: as total
    headings: tuple[int, ...] = ()  # the page each contents entry (a heading of level 1-3) starts on, in order
    cover_excess: float = 0.0  # points by which a cover that has a page of its own overruns it

    @property
    def before_annexes(self) -> float:
        return self.total if self.body is None else self.body

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total - 0.05))


class _Layout:
    """Heights in points of the blocks of a parsed section, laid out in `setup`'s text area."""

    def __init__(self, setup: PageSetup):
        self.setup = setup

    def lines(self, text: str, width: float, style: Style) -> int:
        em = font_metrics(style.font)[0] * WRAP
        paragraphs = [p for p in text.split("\n") if p.strip()] or [""]
        return sum(max(1, math.ceil(text_ems(p, em) * style.size / max(width, style.size))) for p in paragraphs)

    def line(self, style: Style, text: str = "") -> float:
        """The height of one line of `style`, in points; of a line holding CJK text, the CJK face's, which is
        taller (a line is as high as its tallest font)."""
        factor = font_metrics(style.font)[1]
        if text and not text.isascii() and CJK.search(text):
            factor = max(factor, CJK_LINE)
        return style.size * factor * style.line

    def paragraph(self, text: str, style_name: str, width: float) -> float:
        style = self.setup.style(style_name)
        return style.before + self.lines(text, width, style) * self.line(style, text) + style.after

    def block(self, node, width: float, style_name: str = "body text") -> float:
        kind = node.type
        if kind == "heading":
            level = min(int(node.tag[1:] or 1), 4)
            return self.paragraph(visible_text(node), f"heading {level}", width)
        if kind == "paragraph":
            return self.paragraph(visible_text(node), style_name, width)
        if kind in ("bullet_list", "ordered_list"):
            return sum(self.block(item, width - LIST_INDENT, "list paragraph") for item in node.children)
        if kind == "container_landscape":  # laid out across the page turned on its side, same margins
            setup = self.setup
            wide = max(setup.width, setup.height) - setup.left - setup.right
            tall = min(setup.width, setup.height) - setup.top - setup.bottom
            inner = sum(self.block(child, wide, style_name) for child in node.children)
            return inner * setup.text_height / max(tall, 1.0)  # as the same share of a portrait page
        if kind in ("list_item", "blockquote", "root"):
            return sum(self.block(child, width, style_name) for child in node.children)
        if kind == "table":
            return self.table(node, width) + self.setup.style("body text").after
        if kind in ("fence", "code_block"):
            return self.paragraph(node.content, "table text", width)
        if kind == "hr":
            return self.setup.style("body text").size * 2
        return 0.0

    def table(self, node, width: float) -> float:
        rows = [tr for part in node.children for tr in part.children if tr.type == "tr"]
        cells = [[visible_text(cell).strip() for cell in tr.children] for tr in rows]
        if not cells:
            return 0.0
        header_rows = sum(len(part.children) for part in node.children if part.type == "thead")
        minimums, desired = column_needs(cells, header_rows)
        twips = fit_columns(minimums, desired, int(width * 20))  # the writer's columns
        widths = [max(w / 20 - CELL_PADDING, 1.0) for w in twips]
        style = self.setup.style("table text")
        height = 0.0
        for row in cells:
            tallest = max(self.lines(text, widths[c], style) for c, text in enumerate(row))
            height += tallest * self.line(style, "".join(row)) + style.before + style.after + 4
        return height

    def notes(self, texts: list[str], width: float) -> float:
        style = self.setup.style("footnote text")
        return sum(self.lines(f"00 {text}", width, style) * self.line(style, text) + style.after for text in texts)


def _note_texts(node) -> list[str]:
    """The footnote text of every citation under `node` that is a note, as its citation style reads it."""
    return [c.meta["cite"] for c in iter_citations(node) if c.meta.get("note", True) and c.meta.get("cite")]


def _headings(node) -> int:
    """The headings of levels 1 to 3 at or under the block `node` (none is inside a paragraph's inline run)."""
    count, stack = 0, [node]
    while stack:
        current = stack.pop()
        if current.type == "heading":
            count += current.tag in ("h1", "h2", "h3")
        elif current.type != "inline":
            stack.extend(current.children)
    return count


_PAGE_BREAKS = ("container_landscape", "page_break")


def _to_next_page(pages: float, points: float, height: float) -> float:
    """`points` into a section that starts `pages` in, moved on to the start of the next page (unless it is at
    the start of one already)."""
    at = pages + points / height
    if at - math.floor(at) < 0.02:
        return points
    return (math.ceil(at) - pages) * height


def _cover(assembly: Assembly, layout: _Layout) -> float:
    """The cover's height in points."""
    cover_lines = [
        ("title", assembly.title),
        ("subtitle", assembly.organisation),
        ("cover field", assembly.addressed()),
        ("cover field", "date"),
    ]
    cover_lines += [("cover field", f"{label}: {value}") for label, value in assembly.cover_fields]
    return sum(layout.paragraph(text, style, layout.setup.text_width) for style, text in cover_lines)


def _excess(assembly: Assembly, setup: PageSetup, cover: float) -> float:
    return max(0.0, cover - COVER_FILL * setup.text_height) if assembly.cover_page_break else 0.0


def cover_excess(assembly: Assembly) -> float:
    """`estimate_pages(assembly).cover_excess` alone, which the writer needs before the body is laid out."""
    setup = page_setup(assembly.reference_docx)
    return round(_excess(assembly, setup, _cover(assembly, _Layout(setup))), 1)


def estimate_pages(assembly: Assembly) -> PageEstimate:
    """The estimated pages of `assembly` as the writer would lay it out on its reference document."""
    setup = page_setup(assembly.reference_docx)
    layout = _Layout(setup)
    width, height = setup.text_width, setup.text_height * FILL
    cover = _cover(assembly, layout)
    pages = 1.0 if assembly.cover_page_break else cover / height
    excess = _excess(assembly, setup, cover)
    if assembly.toc:
        first = len(assembly.sections) + bool(assembly.references)  # level 1 entries; the rest are toc 2 and 3
        others = sum(_headings(s.tree) for s in assembly.sections)
        toc = (
            layout.paragraph("Contents", "heading 1", width)
            + first * layout.paragraph("entry", "toc 1", width)
            + others * layout.paragraph("entry", "toc 2", width)
        )
        pages = math.ceil(pages) + math.ceil(toc / setup.text_height)  # lines of one height fill their pages
    per_section = []
    body = None
    starts: list[int] = []
    for section in assembly.sections:
        if section.annex and body is None:
            body, pages = pages, math.ceil(pages)  # the first annex starts a page of its own
        starts.append(math.floor(pages) + 1)
        points = layout.paragraph(section.title, "heading 1", width)
        for child in section.tree.children:
            breaks = child.type in _PAGE_BREAKS
            if breaks:  # a landscape section or a page break starts a new page
                points = _to_next_page(pages, points, height)
            starts.extend([math.floor(pages + points / height) + 1] * _headings(child))
            points += layout.block(child, width) + layout.notes(_note_texts(child), width)
            if child.type == "container_landscape":  # and the portrait pages after it start on a new one
                points = _to_next_page(pages, points, height)
        per_section.append((section.id, points / height))
        pages += points / height
    if assembly.references:
        if body is None:
            body, pages = pages, math.ceil(pages)
        starts.append(math.floor(pages) + 1)
        annex = layout.paragraph(assembly.references_title, "heading 1", width) + sum(
            layout.paragraph(entry.replace("*", ""), "body text", width - LIST_INDENT / 2)
            for entry in assembly.references
        )
        pages += annex / height
    return PageEstimate(
        round(pages, 2),
        tuple((sid, round(p, 2)) for sid, p in per_section),
        None if body is None else round(body, 2),
        tuple(starts),
        round(excess, 1),
    )


def check_cover(assembly: Assembly, estimate: PageEstimate, donor: Donor, diags: Diagnostics) -> None:
    """Warn when the cover overruns its page by more than the space above the title, which the writer gives up
    for it: its fields are too long for one page."""
    setup = page_setup(assembly.reference_docx)
    room = setup.style("title").before + (1 - COVER_FILL) * setup.text_height  # the title's space, the page's foot
    if estimate.cover_excess > room + 1:
        where = donor.cover_fields[0].position if donor.cover_fields else donor.position
        diags.warning(
            where,
            "layout.cover-overflow",
            f"the cover runs about {(estimate.cover_excess - room) / 28.35:.1f} cm past its page (estimated); "
            "shorten its fields or move some into the first section",
        )


def check_page_limits(
    assembly: Assembly,
    estimate: PageEstimate,
    limits: dict[str, tuple[int, Position | None]],
    total_limit: tuple[int, Position | None] | None,
    diags: Diagnostics,
    as_errors: bool,
    rules: Mapping[str, str] | None = None,
) -> None:
    """Report each section, and the whole document, whose estimated pages pass the donor's `max_pages`."""
    report = diags.error if as_errors else diags.warning
    donor = assembly.donor_id
    fallback = Position(donor_file(donor))
    for section_id, pages in estimate.sections:
        limit, position = limits.get(section_id, (None, None))
        if limit is not None and pages > limit:
            report(
                position or fallback,
                "limit.max-pages",
                citing_rule(
                    f"section '{section_id}' takes about {pages:.1f} pages (estimated), over the {donor} limit of "
                    f"{limit} (max_pages)",
                    (rules or {}).get(section_id, ""),
                ),
            )
    counted = estimate.before_annexes
    if total_limit is not None and total_limit[0] is not None and counted > total_limit[0]:
        before = " before its annexes" if estimate.body is not None else ""
        report(
            total_limit[1] or fallback,
            "limit.max-pages",
            f"the {donor} variant takes about {counted:.1f} pages{before} (estimated), over the {donor} limit of "
            f"{total_limit[0]} (max_pages)",
        )
