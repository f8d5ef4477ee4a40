"""Markdown tables (and the annex) as w:tbl: style, fixed grid fitted to the page, repeated header, unsplit rows."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..base.text import IDEOGRAPH_RANGES, WIDE_RANGES, plain_text
from . import ooxml
from .ooxml import sub
from .walker import Walker

EMU_PER_TWIP = 635
EMU_PER_CM = 360000
# Estimates for 10 pt Table Text, in twips: an average Latin character is generous so words fit,
# an East Asian ideograph is a full em.
CHAR_TWIPS = 112
WIDE_TWIPS = 200
BOLD_FACTOR = 1.1  # header cells are bold
CELL_PADDING = 230  # the style's left and right cell margins plus a little slack
UNSPLIT_LINES = 12  # rows estimated at this many lines or fewer are kept on one page
_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right)")
_WIDE = re.compile(f"[{WIDE_RANGES}]")
# A word is what a line cannot break inside: a run of characters between spaces, ended early by a hyphen,
# en dash or slash (Word and LibreOffice break after them); each ideograph is a word of its own.
_WORDS = re.compile(f"[{IDEOGRAPH_RANGES}]|[^\\s{IDEOGRAPH_RANGES}\\-\u2013/]+[\\-\u2013/]?|[\\-\u2013/]")


def text_twips(text: str) -> int:
    """An estimate of the printed width of `text` in Table Text, in twips."""
    wide = len(_WIDE.findall(text)) if not text.isascii() else 0
    return (len(text) - wide) * CHAR_TWIPS + wide * WIDE_TWIPS


def longest_word_twips(text: str) -> int:
    """The estimated width of the widest word in `text`: the narrowest a column can be without breaking it."""
    return max((text_twips(word) for word in _WORDS.findall(text)), default=0)


def fit_columns(minimums: Sequence[int], desired: Sequence[int], total: int) -> list[int]:
    """Column widths summing to `total`: each at least its minimum when they fit, the rest shared by content.

    Columns whose one-line widths all fit get them, with the spare width shared in proportion; otherwise
    each column gets its minimum plus a share of what is left in proportion to how much more it wants.
    """
    if sum(minimums) >= total:
        weights = [float(m) for m in minimums]
    elif sum(desired) <= total:
        extra = total - sum(desired)
        weights = [d + extra * d / sum(desired) for d in desired]
    else:
        spare = total - sum(minimums)
        wants = [d - m for d, m in zip(desired, minimums)]
        weights = [m + spare * want / (sum(wants) or 1) for m, want in zip(minimums, wants)]
    scale = total / (sum(weights) or 1)
    widths = [int(weight * scale) for weight in weights]
    widths[-1] += total - sum(widths)
    return widths


def estimated_lines(texts: Sequence[str], widths: Sequence[int]) -> int:
    """How many lines the tallest cell of a row needs, roughly."""
    lines = 1
    for text, width in zip(texts, widths):
        room = max(width - CELL_PADDING, CHAR_TWIPS)
        lines = max(lines, math.ceil(text_twips(text) / room))
    return lines


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
        self._merge = None

    def column_widths(self, rows: Sequence[Sequence[str]], header_rows: int = 1) -> list[int]:
        """Column widths in twips filling the text width; warns when the longest words cannot fit."""
        total = self.scope.text_width // EMU_PER_TWIP
        columns = max(len(row) for row in rows)
        minimums, desired = [CELL_PADDING] * columns, [CELL_PADDING] * columns
        for n, row in enumerate(rows):
            factor = BOLD_FACTOR if n < header_rows else 1.0
            for i, text in enumerate(row):
                minimums[i] = max(minimums[i], int(longest_word_twips(text) * factor) + CELL_PADDING)
                desired[i] = max(desired[i], int(text_twips(text) * factor) + CELL_PADDING)
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
