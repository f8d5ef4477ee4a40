"""Markdown tables (and the annex) as w:tbl: style, full width, proportional grid, header rows."""

from __future__ import annotations

import re
from typing import Sequence

from .context import plain_text
from .ooxml import sub

EMU_PER_TWIP = 635
MIN_COLUMN_SHARE = 0.08  # narrowest column, as a share of the text width
_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right)")


class TableRendering:
    """The table handlers of DocxRenderer; they use its scope, styles and paragraph helpers."""

    def render_table(self, node) -> None:
        rows = [tr for section in node.children for tr in section.children]
        columns = max((len(tr.children) for tr in rows), default=0)
        if not columns:
            return
        lengths = [0] * columns
        aligns: list[str | None] = [None] * columns
        for tr in rows:
            for i, cell in enumerate(tr.children):
                lengths[i] = max(lengths[i], len(plain_text(cell)))
                match = _ALIGN.search(cell.attrs.get("style", "") or "")
                if match and aligns[i] is None:
                    aligns[i] = match.group(1)
        widths = self.column_widths(lengths)
        tbl = self.table(widths)
        with self.scoped(container=tbl, widths=tuple(widths), aligns=tuple(aligns)):
            self.render_children(node)
        self._merge = None

    def column_widths(self, lengths: Sequence[int]) -> list[int]:
        """Column widths in twips filling the text width, by longest text, none below a minimum."""
        total = self.text_width // EMU_PER_TWIP
        floor = total * MIN_COLUMN_SHARE
        weights = [max(n, 1) for n in lengths]
        shares = [max(total * wt / sum(weights), floor) for wt in weights]
        scale = total / sum(shares)
        widths = [int(share * scale) for share in shares]
        widths[-1] += total - sum(widths)
        return widths

    def table(self, widths: Sequence[int]):
        """An empty w:tbl with the table style, full width and a grid; rows are appended later."""
        self._merge = None
        tbl = sub(self.scope.container, "tbl")
        pr = sub(tbl, "tblPr")
        sub(pr, "tblStyle", val=self.styles["Proposal Table"])
        sub(pr, "tblW", w="5000", type="pct")
        sub(
            pr, "tblLook", val="0420", firstRow="1", lastRow="0", firstColumn="0", lastColumn="0", noHBand="0",
            noVBand="1",
        )
        grid = sub(tbl, "tblGrid")
        for width in widths:
            sub(grid, "gridCol", w=str(width))
        return tbl

    def render_thead(self, node) -> None:
        with self.scoped(header_row=True):
            self.render_children(node)

    def render_tbody(self, node) -> None:
        self.render_children(node)

    def render_tr(self, node) -> None:
        tr = self.table_row(self.scope.header_row)
        with self.scoped(container=tr):
            for i, cell in enumerate(node.children):
                with self.scoped(column=i):
                    self.render_node(cell)

    def table_row(self, header: bool):
        tr = sub(self.scope.container, "tr")
        if header:
            sub(sub(tr, "trPr"), "tblHeader")
        return tr

    def table_cell(self):
        """A w:tc in the current row with the current column's width; it becomes the container."""
        s = self.scope
        tc = sub(s.container, "tc")
        width = s.widths[s.column] if s.column < len(s.widths) else 0
        sub(sub(tc, "tcPr"), "tcW", w=str(width), type="dxa")
        return tc

    def render_td(self, node) -> None:
        s = self.scope
        jc = s.aligns[s.column] if s.column < len(s.aligns) else None
        tc = self.table_cell()
        with self.scoped(container=tc, jc=jc, ind_left=None, para_style="Table Text"):
            self._write_paragraph(node, "Table Text")

    render_th = render_td
