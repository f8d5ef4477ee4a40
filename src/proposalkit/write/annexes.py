"""The annexes the writer adds after the donor's own: the list of sources in the citation style, and, in a
review copy, the table of the evidence behind the variant (ids, kinds and statuses stay out of the document
a donor reads)."""

from __future__ import annotations

from ..base.model import AnnexRow
from . import ooxml
from .footnotes import write_marked
from .renderer import DocxRenderer

EVIDENCE_COLUMNS = ("ID", "Kind", "Title", "Source", "Date", "Status")


def write_sources(renderer: DocxRenderer, entries: tuple[str, ...]) -> None:
    """One Bibliography paragraph per source, titles in italics."""
    emphasis = renderer.styles["Emphasis"]
    for entry in entries:
        write_marked(renderer.new_paragraph("Bibliography"), entry, emphasis)


def write_evidence_table(renderer: DocxRenderer, rows: tuple[AnnexRow, ...]) -> None:
    """The evidence items the variant cites: id, kind, title, sources, the item's date and its status."""
    table_rows = [EVIDENCE_COLUMNS] + [(r.id, r.kind, r.title, r.source, r.date, r.status) for r in rows]
    texts = [[str(value or "") for value in row] for row in table_rows]
    widths = renderer.column_widths(texts)
    cell_style = renderer.styles["Table Text"]
    tbl = renderer.table(widths)
    with renderer.scoped(container=tbl, widths=tuple(widths)):
        for n, row in enumerate(texts):
            tr = renderer.table_row(n == 0, row)
            for width, value in zip(widths, row):
                ooxml.text_run(ooxml.paragraph(ooxml.table_cell(tr, width), cell_style), value)
