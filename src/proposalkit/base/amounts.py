"""Amounts tied to a day of their own."""

from __future__ import annotations

import datetime as _dt


class DatedAmount(float):
    """An amount tied to a day of its own, as an evidence metric `{value: 700000, unit: USD, date: 2008-06-20}`
    gives it: a number in templates, which `money` never converts at the proposal's rate."""

    on: _dt.date
    unit: str

    def __new__(cls, value: float, on: _dt.date, unit: str = "") -> DatedAmount:
        amount = super().__new__(cls, value)
        amount.on, amount.unit = on, unit
        return amount

    def __reduce__(self):  # pickled as itself, to cross into the variants' processes
        return (DatedAmount, (float(self), self.on, self.unit))
