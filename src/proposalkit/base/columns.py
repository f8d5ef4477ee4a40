"""Table columns fitted to the text width: the widths of table text as the writer estimates them, column
widths shared out by content, and the lines a row needs. The writer lays tables out with them and the page
model counts their height with them."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .text import IDEOGRAPH_RANGES, WIDE_RANGES

# Estimates for 10 pt Table Text, in twips: an average Latin character is generous so words fit,
# an East Asian ideograph is a full em.
CHAR_TWIPS = 112
WIDE_TWIPS = 200
BOLD_FACTOR = 1.1  # header cells are bold
CELL_PADDING = 230  # the style's left and right cell margins plus a little slack
_WIDE = re.compile(f"[{WIDE_RANGES}]")
# A word is what a line cannot break inside: a run of characters between spaces (a no-break space joins), ended
# early by a hyphen, en dash or slash (Word and LibreOffice break after them); ideographs are words of their
# own.
# A line may break after any ideograph, but a column narrower than four of them reads as a stack of single
# characters: runs of up to four count as one word for the narrowest width a column may take.
IDEOGRAPHS_TOGETHER = 4
_WORDS = re.compile(
    f"[{IDEOGRAPH_RANGES}]{{1,{IDEOGRAPHS_TOGETHER}}}|(?:[^\\s{IDEOGRAPH_RANGES}\\-\u2013/]|\u00a0)+[\\-\u2013/]?|[\\-\u2013/]"
)


def text_twips(text: str) -> int:
    """An estimate of the printed width of `text` in Table Text, in twips."""
    wide = len(_WIDE.findall(text)) if not text.isascii() else 0
    return (len(text) - wide) * CHAR_TWIPS + wide * WIDE_TWIPS


def longest_word_twips(text: str) -> int:
    """The estimated width of the widest word in `text`: the narrowest a column can be without breaking it."""
    return max((text_twips(word) for word in _WORDS.findall(text)), default=0)


def column_needs(rows: Sequence[Sequence[str]], header_rows: int = 1) -> tuple[list[int], list[int]]:
    """Each column's (narrowest width without breaking a word, width on one line), in twips, over `rows` of
    cell texts whose first `header_rows` are bold."""
    columns = max((len(row) for row in rows), default=0)
    minimums, desired = [CELL_PADDING] * columns, [CELL_PADDING] * columns
    for n, row in enumerate(rows):
        factor = BOLD_FACTOR if n < header_rows else 1.0
        for i, text in enumerate(row):
            minimums[i] = max(minimums[i], int(longest_word_twips(text) * factor) + CELL_PADDING)
            desired[i] = max(desired[i], int(text_twips(text) * factor) + CELL_PADDING)
    return minimums, desired


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
