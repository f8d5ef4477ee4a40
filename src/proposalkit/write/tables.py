"""Markdown tables (and the annex) as w:tbl: style, fixed grid fitted to the page, repeated header, unsplit rows."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..base.columns import column_needs, estimated_lines, fit_columns
from ..base.text import plain_text
from . import ooxml
from .ooxml import sub
from .walker import Walker

EMU_PER_TWIP = 635
EMU_PER_CM = 360000
UNSPLIT_LINES = 12  # rows estimated at this many lines or fewer are kept on one page
KEPT_TOGETHER_ROWS = 6  # tables of this many body rows or fewer are kept on one page
_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right)")


def keep_rows_together(tbl, first: int | None = None, last: int | None = None) -> None:
    """Keeps table `tbl` on one page as Word does: every paragraph of every row but the last is kept with
    the next (LibreOffice reads this as a table that does not split). With `first` and `last`, only the
    first `first` rows are kept together, and the last `last`: a page never starts with a table's last
    row alone, nor ends with its header alone."""
    rows = tbl.findall(ooxml.w("tr"))
    if first is None or last is None or first + last >= len(rows):
        kept = rows[:-1]
    else:
        kept = rows[: first - 1] + rows[-last:-1]
    for tr in kept:
        for p in tr.iter(ooxml.w("p")):
            ooxml.paragraph_flag(p, "keepNext")


class TableRendering(Walker):
    """The table handlers of DocxRenderer; they use its scope, styles and paragraph helpers."""

    def render_table(self, node) -> None:
        sections = [(section.type == "thead", tr) for section in node.children for tr in section.children]
        columns = max((len(tr.children) for _, tr in sections), default=0)
        if not columns:
            return
        aligns: list[str | None] = [None] * columns
        rows: list[list[str]] = []
        for _, tr in sections:
            rows.append([plain_text(cell) for cell in tr.children])
            for i, cell in enumerate(tr.children):
                match = _ALIGN.search(cell.attrs.get("style", "") or "")
                if match and aligns[i] is None:
                    aligns[i] = match.group(1)
        header_rows = sum(1 for header, _ in sections if header)
        widths = self.column_widths(rows, header_rows)
        tbl = self.table(widths)
        texts = iter(rows)
        with self.scoped(container=tbl, widths=tuple(widths), aligns=tuple(aligns)):
            for header, tr in sections:
                self._write_row(tr, header, next(texts))
        if len(sections) <= KEPT_TOGETHER_ROWS + header_rows:
            keep_rows_together(tbl)
        else:
            keep_rows_together(tbl, header_rows + 1, 2)
        self._merge = None

    def column_widths(self, rows: Sequence[Sequence[str]], header_rows: int = 1) -> list[int]:
        """Column widths in twips filling the text width; warns when the longest words cannot fit."""
        total = self.scope.text_width // EMU_PER_TWIP
        minimums, desired = column_needs(rows, header_rows)
        if sum(minimums) > total:
            need = sum(minimums) * EMU_PER_TWIP / EMU_PER_CM
            room = self.scope.text_width / EMU_PER_CM
            advice = (
                "words will break across lines"
                if self.scope.landscape
                else "put it in a '::: landscape' block or shorten its longest words"
            )
            self.warn(
                f"table needs about {need:.1f} cm for its longest words but the page has {room:.1f} cm; {advice}",
                rows[0][0] if rows and rows[0] else "",
            )
        return fit_columns(minimums, desired, total)

    def table(self, widths: Sequence[int]):
        """An empty w:tbl with the table style, full width and a fixed grid; rows are appended later."""
        self._merge = None
        tbl = sub(self.scope.container, "tbl")
        ooxml.table_properties(tbl, self.styles["Proposal Table"])
        grid = sub(tbl, "tblGrid")
        for width in widths:
            sub(grid, "gridCol", w=str(width))
        return tbl

    def _write_row(self, tr_node, header: bool, texts: Sequence[str]) -> None:
        saved = self.scope
        row = saved._replace(container=self.table_row(header, texts))
        try:
            for i, cell in enumerate(tr_node.children):
                self.scope = row._replace(column=i)
                self.render_node(cell)
        finally:
            self.scope = saved

    def table_row(self, header: bool, texts: Sequence[str] = ()):
        """A w:tr in the current table: a header row repeats on every page, a short row never splits."""
        short = estimated_lines(texts, self.scope.widths) <= UNSPLIT_LINES
        return ooxml.table_row(self.scope.container, header=header, cant_split=short)

    def table_cell(self):
        """A w:tc in the current row with the current column's width; it becomes the container."""
        s = self.scope
        return ooxml.table_cell(s.container, s.widths[s.column] if s.column < len(s.widths) else 0)

    def render_td(self, node) -> None:
        s = self.scope
        jc = s.aligns[s.column] if s.column < len(s.aligns) else None
        saved = self.scope
        self.scope = s._replace(container=self.table_cell(), jc=jc, ind_left=None, para_style="Table Text")
        try:
            self.write_paragraph(node, "Table Text")
        finally:
            self.scope = saved

    render_th = render_td
