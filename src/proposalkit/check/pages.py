"""Pages estimated from the donor's page set-up, and `max_pages` checked against the estimate or a real count.

The estimate lays text out line by line without a typesetter:

- the text area is the page less its margins, from the reference document (A4 with 2.5 cm margins
  when there is none); sizes and spacing come from the styles the writer uses (Body Text, Heading 1-4,
  List Paragraph, Table Text, Footnote Text), as the reference document defines them;
- a character is 0.55 em wide on average (Arial's and Calibri's average for English text with its spaces
  is 0.45-0.5 em; 0.55 em covers the wider faces, such as DejaVu Sans, that LibreOffice puts in their place
  where they are not installed; CJK characters count as 1 em), a line is 1.17 times the type size times the style's
  line spacing, and a paragraph takes its lines plus its spacing before and after;
- a page's text area is filled to 88% on average: headings kept with what follows them, widow
  and orphan control and footnotes that cannot split leave space at the foot of pages;
- table columns share the width in proportion to their longest cell (at least a tenth each), and a row is
  as tall as its tallest cell;
- each citation is a footnote holding the cited item's note text at the footnote size;
- the cover takes a page of its own when it ends with a page break, else its lines; the contents
  pages hold one line per heading of levels 1-3; every other break between pages is ignored, so
  sections run on;
- a landscape block is laid out in the width of the page turned on its side, and its height counted
  as the same share of that page's text height.

It is meant to be a little pessimistic: measured against LibreOffice on the example's four variants it
errs on the side of more pages. `check --exact-pages` counts the pages of the real PDF instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..base.diagnostics import Diagnostics
from ..base.model import Assembly, Position
from ..base.paths import donor_file
from ..base.text import CJK, visible_text
from .pagesetup import PageSetup, page_setup

EM = 0.55  # average character width, in ems
LEADING = 1.17
LIST_INDENT = 36.0  # points
CELL_PADDING = 10.0  # points, left and right together
FILL = 0.88  # the share of a page's text area that text fills, on average


def text_ems(text: str) -> float:
    """The width of `text` in ems: CJK characters 1 em, others EM."""
    wide = 0 if text.isascii() else len(CJK.findall(text))
    return wide + (len(text) - wide) * EM


@dataclass(frozen=True)
class PageEstimate:
    """Estimated pages: the whole document and each section (ids in order), as decimals."""

    total: float
    sections: tuple[tuple[str, float], ...]
    body: float | None = None  # the pages before the first annex (annexes start a new page); None: as total
    headings: tuple[int, ...] = ()  # the page each contents entry (a heading of level 1-3) starts on, in order

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

    def lines(self, text: str, width: float, size: float) -> int:
        paragraphs = [p for p in text.split("\n") if p.strip()] or [""]
        return sum(max(1, math.ceil(text_ems(p) * size / max(width, size))) for p in paragraphs)

    def paragraph(self, text: str, style_name: str, width: float) -> float:
        style = self.setup.style(style_name)
        line = style.size * LEADING * style.line
        return style.before + self.lines(text, width, style.size) * line + style.after

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
        columns = max(len(r) for r in cells)
        longest = [max((text_ems(r[c]) if c < len(r) else 0) for r in cells) or 1 for c in range(columns)]
        total = sum(longest)
        shares = [max(1 / (columns * 2.5), length / total) for length in longest]
        widths = [width * s / sum(shares) - CELL_PADDING for s in shares]
        style = self.setup.style("table text")
        line = style.size * LEADING * style.line
        height = 0.0
        for row in cells:
            tallest = max(self.lines(text, widths[c], style.size) for c, text in enumerate(row))
            height += tallest * line + style.before + style.after + 4
        return height

    def notes(self, texts: list[str], width: float) -> float:
        style = self.setup.style("footnote text")
        line = style.size * LEADING * style.line
        return sum(self.lines(f"00 {text}", width, style.size) * line + style.after for text in texts) + (
            8 if texts else 0
        )


def _note_texts(node) -> list[str]:
    """The footnote text of every citation under `node` that is a note, as its citation style reads it."""
    meta = node.meta if node.type == "citation" else None
    own = [meta["cite"]] if meta and meta.get("note", True) and meta.get("cite") else []
    return own + [text for child in node.children for text in _note_texts(child)]


def _headings(node) -> int:
    own = node.type == "heading" and node.tag in ("h1", "h2", "h3")
    return own + sum(_headings(child) for child in node.children)


def estimate_pages(assembly: Assembly) -> PageEstimate:
    """The estimated pages of `assembly` as the writer would lay it out on its reference document."""
    setup = page_setup(assembly.reference_docx)
    layout = _Layout(setup)
    width, height = setup.text_width, setup.text_height * FILL
    cover_lines = [
        ("title", assembly.title),
        ("subtitle", assembly.organisation),
        ("cover field", f"Proposal to {assembly.donor_in_text or assembly.donor_name}"),
        ("cover field", "date"),
    ]
    cover_lines += [("cover field", f"{label}: {value}") for label, value in assembly.cover_fields]
    cover = sum(layout.paragraph(text, style, width) for style, text in cover_lines)
    pages = 1.0 if assembly.cover_page_break else cover / height
    if assembly.toc:
        entries = len(assembly.sections) + sum(_headings(s.tree) for s in assembly.sections) + bool(assembly.references)
        toc = (
            layout.paragraph("Contents", "heading 1", width)
            + entries * (layout.paragraph("entry", "toc 1", width) + layout.paragraph("entry", "toc 2", width)) / 2
        )
        pages = math.ceil(pages) + math.ceil(toc / height)
    per_section = []
    body = None
    starts: list[int] = []
    for section in assembly.sections:
        if section.annex and body is None:
            body, pages = pages, math.ceil(pages)  # the first annex starts a page of its own
        starts.append(math.floor(pages) + 1)
        points = layout.paragraph(section.title, "heading 1", width)
        for child in section.tree.children:
            starts.extend([math.floor(pages + points / height) + 1] * _headings(child))
            points += layout.block(child, width) + layout.notes(_note_texts(child), width)
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
    )


def check_page_limits(
    assembly: Assembly,
    estimate: PageEstimate,
    limits: dict[str, tuple[int, Position | None]],
    total_limit: tuple[int, Position | None] | None,
    diags: Diagnostics,
    as_errors: bool,
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
                f"section '{section_id}' takes about {pages:.1f} pages (estimated), over the {donor} limit of "
                f"{limit} (max_pages)",
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
