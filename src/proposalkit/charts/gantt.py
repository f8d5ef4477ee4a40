"""Gantt charts as PNG bytes: drawn with matplotlib (imported only here), identical bytes for identical charts."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import textwrap
from dataclasses import dataclass

from ..base.dates import MONTHS

WIDTH_CM = 16.0  # fits A4 with 2.5 cm margins; the writer scales wider images to the text width
ROW_CM = 0.62
DPI = 200
FONT = "DejaVu Sans"  # shipped inside matplotlib, so every machine draws the same glyphs
PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000", "#843c0c")
CM = 1 / 2.54


@dataclass(frozen=True)
class Bar:
    """One activity: its label, period (either end may be unknown) and group."""

    label: str
    start: dt.date | None
    end: dt.date | None
    group: str = ""


@dataclass(frozen=True)
class GanttChart:
    """A chart to draw: bars top down; `description` is the image's longer alternative text."""

    title: str
    bars: tuple[Bar, ...]

    @property
    def file_name(self) -> str:
        """A name derived from the chart's content: the same chart always gets the same name."""
        digest = hashlib.sha256(repr(self).encode("utf-8")).hexdigest()[:12]
        return f"gantt-{digest}.png"

    @property
    def description(self) -> str:
        dates = [d for bar in self.bars for d in (bar.start, bar.end) if d is not None]
        span = f", {_month(min(dates))} to {_month(max(dates))}" if dates else ""
        count = len(self.bars)
        return f"Gantt chart of {count} activit{'y' if count == 1 else 'ies'}{span}"

    def draw(self) -> bytes:
        """The chart as PNG bytes: Agg canvas, fixed size, DPI and font, no metadata that changes.

        A chart already drawn in this process (the same bars and title) is not drawn again: `watch`
        rebuilds and the variants of one build share it.
        """
        png = _DRAWN.get(self)
        if png is None:
            if len(_DRAWN) >= 64:
                _DRAWN.clear()
            png = _DRAWN[self] = _draw(self)
        return png


_DRAWN: dict[GanttChart, bytes] = {}


def _month(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def _quarters(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every quarter from the one holding `first` to the one after `last`."""
    day = dt.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    ticks = [day]
    while day <= last:
        month = day.month + 3
        day = dt.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)
        ticks.append(day)
    return ticks


def _draw(chart: GanttChart) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    bars = chart.bars
    dates = [d for bar in bars for d in (bar.start, bar.end) if d is not None] or [dt.date(2000, 1, 1)]
    ticks = _quarters(min(dates), max(dates))
    groups = list(dict.fromkeys(bar.group for bar in bars))
    colour = {group: PALETTE[n % len(PALETTE)] for n, group in enumerate(groups)}
    legend = len(groups) > 1 or bool(groups and groups[0])
    legend_cm = 0.5 * math.ceil(len(groups) / 2) + 0.2 if legend else 0.0
    height_cm = 1.6 + ROW_CM * max(len(bars), 1) + legend_cm
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # no user matplotlibrc or style changes the bytes
        matplotlib.rcParams.update(
            {
                "font.family": "sans-serif",
                "font.sans-serif": [FONT],
                "font.size": 7,
                "axes.linewidth": 0.6,
                "svg.hashsalt": "proposalkit",
            }
        )
        figure = Figure(figsize=(WIDTH_CM * CM, height_cm * CM), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        for row, bar in enumerate(bars):
            fill = colour[bar.group]
            if bar.start is not None and bar.end is not None:
                left = bar.start.toordinal()
                axes.barh(row, bar.end.toordinal() + 1 - left, left=left, height=0.6, color=fill, linewidth=0)
            else:  # one known date: a milestone
                day = (bar.end or bar.start or dt.date.min).toordinal()  # one of them is known
                axes.plot([day], [row], marker="D", markersize=4, color=fill, linestyle="none")
        axes.set_yticks(range(len(bars)), [textwrap.fill(bar.label, 46) for bar in bars])
        axes.set_ylim(len(bars) - 0.5, -0.5)
        axes.set_xticks(
            [t.toordinal() for t in ticks],
            [
                f"{MONTHS[t.month - 1][:3]}\n{t.year}" if t.month == 1 or n == 0 else MONTHS[t.month - 1][:3]
                for n, t in enumerate(ticks)
            ],
        )
        axes.set_xlim(ticks[0].toordinal(), ticks[-1].toordinal())
        axes.grid(axis="x", color="#bfbfbf", linewidth=0.4)
        axes.set_axisbelow(True)
        axes.tick_params(axis="y", length=0)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if legend:  # two columns under the chart, centred on the figure
            handles = [Patch(color=colour[g], label=g or "other") for g in groups]
            figure.legend(handles=handles, loc="lower center", ncol=min(len(groups), 2), frameon=False, fontsize=6.5)
        figure.tight_layout(pad=0.4, rect=(0, legend_cm / height_cm, 1, 1))
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
