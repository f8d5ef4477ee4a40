"""The budget as one donor sees it: line items converted once to whole units, grouped into totalled tables.

Rounding rule: each line item of the budget table is converted to the donor's currency and rounded
half up to a whole unit, once. Every figure shown (a cell, a row or column total, the grand total)
is an exact integer sum of those rounded line amounts, so a table's rows always add up to its totals
and every table of one variant shows the same grand total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..base.cells import cell_text, is_missing
from ..base.model import BudgetProfile, Donor, Workspace
from .filters import exchange_note

REQUIRED = ("category", "amount")
# Besides these, any other column of the budget table groups its lines too (an `agency` column, say).
DIMENSIONS = ("category", "output", "year")
_NOT_DIMENSIONS = {"amount", "basis", "description", "note", "notes"}


class BudgetError(Exception):
    """The budget table cannot be used (a column missing, an amount that is not a number)."""


@dataclass(frozen=True)
class BudgetLine:
    """One line item: its donor heading, output, year and amount in whole units of the donor's currency.

    `row` is the 0-based data row of the table; -1 for a line the donor's support-cost rate adds.
    `fields` holds the line's other grouping columns (name, text), in the table's column order.
    """

    category: str
    heading: str
    output: str
    year: str
    amount: int
    row: int
    fields: tuple[tuple[str, str], ...] = ()

    def value(self, dimension: str) -> str:
        if dimension == "category":
            return self.heading
        if dimension in ("output", "year"):
            return getattr(self, dimension)
        return dict(self.fields).get(dimension, "")


def to_decimal(value: Any) -> Decimal | None:
    """An amount as the exact decimal written in the CSV (floats by their shortest repr); None when missing."""
    if value is None or isinstance(value, bool):
        return None
    if is_missing(value):
        return None
    if isinstance(value, float):
        return Decimal(repr(float(value)))
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise BudgetError(f"amount '{value}' is not a number") from None


def convert(amount: Decimal, rate: float) -> int:
    """`amount` in the base currency in whole units of the donor's currency, rounded half up."""
    return int((amount * Decimal(repr(float(rate)))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Budget:
    """What templates see as `budget`: totalled tables, totals and amounts in the donor's currency."""

    def __init__(self, frame, table: str, profile: BudgetProfile | None, currency: str, rate: float, note: str):
        self.name = table
        self.currency = currency
        self.note = note
        self._profile = profile
        self._rate = rate
        self._frame = frame
        self._lines: list[BudgetLine] | None = None
        self.readers: set[str] | None = None  # the rendering section's record of the tables it read

    def lines(self) -> list[BudgetLine]:
        """Every line item, converted; raises BudgetError when the table cannot be used."""
        if self.readers is not None:
            self.readers.add(self.name)
        if self._lines is None:
            self._lines = self._read()
        return self._lines

    def _read(self) -> list[BudgetLine]:
        frame = self._frame
        if frame is None:
            raise BudgetError(f"there is no budget table evidence/data/{self.name}.csv")
        if frame.attrs.get("invalid"):
            return []  # its schema errors are reported; the build fails on them
        missing = [c for c in REQUIRED if c not in frame.columns]
        if missing:
            raise BudgetError(
                f"the budget table evidence/data/{self.name}.csv has no column "
                f"{', '.join(repr(c) for c in missing)} (it needs category and amount; "
                "output and year are optional)"
            )
        headings = dict(self._profile.categories) if self._profile else {}
        columns: dict[str, Any] = {c: (frame[c] if c in frame.columns else None) for c in DIMENSIONS + ("amount",)}
        others = [str(c) for c in frame.columns if str(c) not in DIMENSIONS and str(c) not in _NOT_DIMENSIONS]
        lines = []
        for row in range(len(frame)):
            category = cell_text(columns["category"].iloc[row], fold=False)
            amount = to_decimal(columns["amount"].iloc[row])
            if amount is None:
                continue
            lines.append(
                BudgetLine(
                    category=category,
                    heading=headings.get(category, category),
                    output=cell_text(columns["output"].iloc[row], fold=False) if columns["output"] is not None else "",
                    year=cell_text(columns["year"].iloc[row], fold=False) if columns["year"] is not None else "",
                    amount=convert(amount, self._rate),
                    row=row,
                    fields=tuple((c, cell_text(frame[c].iloc[row], fold=False)) for c in others),
                )
            )
        support = self._profile.support if self._profile else None
        if support is not None:
            lines += support_lines(lines, support.rate, support.heading, support.output)
        return lines

    # Figures -------------------------------------------------------------------------------------------

    def headings(self) -> list[str]:
        """The donor's headings in its order: `order` first, then as `categories` and the table meet them."""
        found = list(dict.fromkeys(line.heading for line in self.lines()))
        order = list(self._profile.order) if self._profile else []
        mapped = [h for _, h in self._profile.categories] if self._profile else []
        return [h for h in dict.fromkeys(order + mapped + found) if h in found]

    def dimensions(self) -> list[str]:
        """What the lines can be grouped by: category, output, year and the table's other grouping columns."""
        lines = self.lines()
        return list(DIMENSIONS) + [name for name, _ in (lines[0].fields if lines else ())]

    def values(self, dimension: str) -> list[str]:
        """The distinct values of `dimension` (category: the donor's headings) in display order."""
        known = self.dimensions()
        if dimension not in known:
            raise BudgetError(f"budget tables group by {', '.join(known)}, not '{dimension}'")
        if dimension == "category":
            return self.headings()
        return sorted({line.value(dimension) for line in self.lines()}, key=_natural)

    def amount(self, category: str | None = None, output: str | None = None, year: Any = None, **others: Any) -> int:
        """The sum of the line items matching every filter given (category: a donor heading)."""
        wanted = {
            name: cell_text(value, fold=False)
            for name, value in (("category", category), ("output", output), ("year", year), *others.items())
            if value is not None
        }
        unknown = [name for name in wanted if name not in self.dimensions()]
        if unknown:
            raise BudgetError(f"budget amounts are filtered by {', '.join(self.dimensions())}, not '{unknown[0]}'")
        return sum(
            line.amount for line in self.lines() if all(line.value(name) == value for name, value in wanted.items())
        )

    @property
    def total(self) -> int:
        """The grand total in whole units of the donor's currency."""
        return sum(line.amount for line in self.lines())

    def money(self, value: int) -> str:
        """An amount already in the donor's currency, as 'EUR 1,234'."""
        return f"{self.currency} {value:,}"

    @property
    def total_text(self) -> str:
        return self.money(self.total)

    # Tables --------------------------------------------------------------------------------------------

    def table(
        self,
        rows: str = "category",
        columns: str | None = "year",
        label: str | None = None,
        labels: dict | None = None,
        total: str = "Total",
        note: bool = True,
    ) -> str:
        """A Markdown table of the budget by `rows` (and `columns`), with computed totals and the exchange note."""
        row_values = self.values(rows)
        column_values = self.values(columns) if columns else []
        labels = dict(labels or {})
        head = [label or rows.capitalize()]
        head += [f"{labels.get(v, v)} ({self.currency})" for v in column_values]
        head.append(f"{total} ({self.currency})")
        lines = ["| " + " | ".join(head) + " |", "| " + " | ".join([":--"] + ["--:"] * (len(head) - 1)) + " |"]
        cells: dict[tuple[str, str], int] = {}
        for line in self.lines():
            key = (self._key(line, rows), self._key(line, columns) if columns else "")
            cells[key] = cells.get(key, 0) + line.amount
        for value in row_values:
            amounts = [cells.get((value, c), 0) for c in column_values]
            row_total = sum(cells.get((value, c), 0) for c in (column_values or [""]))
            lines.append(
                "| "
                + " | ".join([_cell(labels.get(value, value))] + [f"{a:,}" for a in amounts] + [f"{row_total:,}"])
                + " |"
            )
        column_totals = [sum(cells.get((r, c), 0) for r in row_values) for c in column_values]
        grand = sum(cells.values())
        lines.append(
            "| " + " | ".join([f"**{total}**"] + [f"**{a:,}**" for a in column_totals] + [f"**{grand:,}**"]) + " |"
        )
        text = "\n".join(lines) + "\n"
        if note and self.note:
            text += f"\n*{self.note}*\n"
        return text

    @staticmethod
    def _key(line: BudgetLine, dimension: str) -> str:
        return line.value(dimension)


def support_lines(lines: list[BudgetLine], rate: float, heading: str, output: str) -> list[BudgetLine]:
    """One programme-support line per year: `rate` percent of that year's line items, rounded half up once."""
    by_year: dict[str, int] = {}
    for line in lines:
        by_year[line.year] = by_year.get(line.year, 0) + line.amount
    factor = Decimal(repr(float(rate))) / 100
    return [
        BudgetLine(
            category=heading,
            heading=heading,
            output=output,
            year=year,
            amount=int((Decimal(amount) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)),
            row=-1,
            fields=tuple((name, "") for name, _ in (lines[0].fields if lines else ())),
        )
        for year, amount in sorted(by_year.items(), key=lambda item: _natural(item[0]))
    ]


def _cell(value: Any) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _natural(text: str) -> tuple:
    """'1.10' after '1.9', 'Management' after the numbers."""
    parts = []
    for piece in text.replace("-", ".").split("."):
        parts.append((0, int(piece), "") if piece.isdigit() else (1, 0, piece))
    return tuple(parts)


def variant_budget(ws: Workspace, donor: Donor) -> Budget:
    """The `budget` one donor's templates see: the profile's table (default `budget`) in the donor's currency."""
    profile = donor.budget
    name = profile.table if profile else "budget"
    rate = donor.exchange_rate.rate if donor.exchange_rate is not None else 1.0
    note = exchange_note(ws.proposal.currency, donor.currency, donor.exchange_rate)
    return Budget(ws.tables.get(name), name, profile, donor.currency, rate, note)
