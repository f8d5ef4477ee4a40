"""Gantt charts as SVG and PNG bytes: drawn with matplotlib (imported only when drawn) in the document's font at
its text width, identical bytes for identical charts."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
from dataclasses import dataclass

from ..base.dates import MONTHS
from .style import (
    EDGE,
    POINTS_PER_CM,
    Look,
    fallback_file,
    font_candidates,
    group_fill,
    hatch_colour,
)

LABEL_PT = 9.0  # every label, as printed: the chart is drawn at the width it is printed at
LINE_PT = LABEL_PT * 1.2
BAR_PT = 9.0  # a bar's thickness
ROW_PAD_PT = 4.0  # between the lines of one row's label and the next row's
LABEL_SHARE = 0.5  # of the width, at most, for the activity labels
DPI = 300  # the PNG fallback, at print resolution
GRID = "#bfbfbf"
AXIS = "#595959"
DEFAULT_LOOK = Look()  # a chart drawn for no document in particular (the Markdown writer's)
# The most bars a chart draws. A one-line row is 14.8 pt tall, so 200 rows are some 3,000 pt: four A4 pages
# of text height, far more than the one page a chart is printed on can show, yet drawing them stays within
# seconds and a few hundred MB; the cost grows with every row (5,000 took two minutes and 2.7 GB).
MAX_BARS = 200


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

    def __post_init__(self) -> None:
        if len(self.bars) > MAX_BARS:  # the template function refuses such a table first (render/workplan.py)
            raise ValueError(f"a chart draws at most {MAX_BARS} bars, not {len(self.bars):,}")

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

    def draw(self, look: Look = DEFAULT_LOOK) -> bytes:
        """The chart as PNG bytes, the fallback of readers without SVG (and the Markdown writer's image)."""
        return _drawn(self, look, "png")

    def draw_svg(self, look: Look = DEFAULT_LOOK) -> bytes:
        """The chart as SVG bytes, its text drawn as outlines of the font's glyphs. An SVG goes into a document
        with its PNG fallback: both are drawn from one figure, and `draw` then finds the PNG drawn."""
        return _drawn(self, look, "svg", "png")


_DRAWN: dict[tuple[GanttChart, Look, str], bytes] = {}


def _drawn(chart: GanttChart, look: Look, kind: str, *also: str) -> bytes:
    """A chart already drawn in this process (the same bars, title, look and format) is not drawn again:
    `watch` rebuilds and the variants of one build share it."""
    data = _DRAWN.get((chart, look, kind))
    if data is None:
        if len(_DRAWN) >= 64:
            _DRAWN.clear()
        for made, made_data in draw_chart(chart, look, kind, *also).items():
            _DRAWN[chart, look, made] = made_data
        data = _DRAWN[chart, look, kind]
    return data


def _month(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


_CYCLE_DAYS = 146_097  # the Gregorian calendar repeats every 400 years, to the day


def _ordinal(year: int, month: int) -> int:
    """The day number (as `date.toordinal`) of the first of `month` in `year`, for years past 9999 too: the
    tick after a bar that ends in December 9999 falls in year 10000, which `datetime.date` cannot hold."""
    shift = max(0, (year - 9999 + 399) // 400)
    return dt.date(year - 400 * shift, month, 1).toordinal() + shift * _CYCLE_DAYS


def _ticks(first: dt.date, last: dt.date, step: int) -> list[tuple[int, int]]:
    """(year, month) of the first day of every `step` months from the period holding `first` to the one
    after `last`."""
    year, month = first.year, (step * ((first.month - 1) // step) + 1 if step < 12 else 1)
    ticks = [(year, month)]
    end = last.toordinal()
    while _ordinal(year, month) <= end:
        months = month - 1 + step
        year, month = year + months // 12, months % 12 + 1
        ticks.append((year, month))
    return ticks


def _tick_step(first: dt.date, last: dt.date, plot_pt: float) -> int:
    """Months between date ticks: quarters, unless their labels would crowd the plot's width; a plan over
    centuries gets ticks of 10, 20, 50, 100... years (a plan from year 1 to 9999, of 2,000)."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    for step in (3, 6, 12, 24, 60):
        if months / step * 2.5 * LABEL_PT <= plot_pt:
            return step
    for years in (10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if months / (12 * years) * 2.5 * LABEL_PT <= plot_pt:
            return 12 * years
    return 120_000


def _tick_label(n: int, tick: tuple[int, int]) -> str:
    year, month = tick
    name = MONTHS[month - 1][:3]
    return f"{name}\n{year}" if month == 1 or n == 0 else name


def _wrap(text: str, measure, max_pt: float) -> str:
    """`text` broken into lines no wider than `max_pt` as `measure` (points) finds them; a longer word
    keeps a line of its own."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= max_pt:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _rows(labels: list[str]) -> tuple[list[float], float]:
    """The centre of each label's row (points from the top) and the rows' height: each row as tall as the
    lines of its label."""
    centres, top = [], 0.0
    for label in labels:
        height = (label.count("\n") + 1) * LINE_PT + ROW_PAD_PT
        centres.append(top + height / 2)
        top += height
    return centres, max(top, LINE_PT + ROW_PAD_PT)


def draw_chart(chart: GanttChart, look: Look, *kinds: str) -> dict[str, bytes]:
    """The chart drawn afresh, laid out once, as bytes of each of `kinds` ("svg", "png"): fixed size, font
    and settings, and no date, software name or random id written into the files."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.patches import Patch
    from matplotlib.textpath import TextToPath

    bars = chart.bars
    width_pt = look.width_cm * POINTS_PER_CM
    groups = list(dict.fromkeys(bar.group for bar in bars))
    fills = {group: group_fill(n) for n, group in enumerate(groups)}
    legend = len(groups) > 1 or bool(groups and groups[0])
    legend_pt = (math.ceil(len(groups) / 2) * LABEL_PT * 1.5 + 8) if legend else 0.0
    dates = [d for bar in bars for d in (bar.start, bar.end) if d is not None] or [dt.date(2000, 1, 1)]
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # no user matplotlibrc or style changes the layout or the bytes
        matplotlib.rcParams.update(
            {
                "font.size": LABEL_PT,
                "axes.linewidth": 0.6,
                "axes.edgecolor": AXIS,
                "xtick.color": AXIS,
                "xtick.labelcolor": "black",
                "hatch.linewidth": 0.8,
                "text.parse_math": False,  # a "$" in an activity is a dollar sign
                "svg.fonttype": "path",
                "svg.hashsalt": "proposalkit",
            }
        )
        font = font_manager.FontProperties(fname=_face(font_manager, matplotlib.get_data_path(), look.font))
        font.set_size(LABEL_PT)
        measure = TextToPath()

        def measured(text: str) -> float:
            return measure.get_text_width_height_descent(text, font, ismath=False)[0]

        space, words = measured("a a") - measured("aa"), {}

        def width_of(text: str) -> float:
            """`text`'s width in points, near enough to wrap by: its words' and its spaces' (kerning across a
            space left out), each word measured once."""
            parts = text.split()
            for part in parts:
                if part not in words:
                    words[part] = measured(part)
            return sum(words[part] for part in parts) + space * max(len(parts) - 1, 0)

        labels = [_wrap(bar.label, width_of, LABEL_SHARE * width_pt) for bar in bars]
        labels_pt = max((width_of(line) for label in labels for line in label.split("\n")), default=0.0)
        centres, rows_pt = _rows(labels)
        height_pt = rows_pt + 2 * LINE_PT + 14 + legend_pt  # the rows, two lines of dates and the legend
        ticks = _ticks(min(dates), max(dates), _tick_step(min(dates), max(dates), width_pt - labels_pt - 20))
        figure = Figure(figsize=(width_pt / 72, height_pt / 72), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        for row, bar in enumerate(bars):
            fill, hatch = fills[bar.group]
            if bar.start is not None and bar.end is not None:
                left = bar.start.toordinal()
                span = bar.end.toordinal() + 1 - left
                axes.barh(centres[row], span, left=left, height=BAR_PT, color=fill, edgecolor=EDGE, linewidth=0.4)
                if hatch:
                    axes.barh(
                        centres[row],
                        span,
                        left=left,
                        height=BAR_PT,
                        color="none",
                        edgecolor=hatch_colour(fill),
                        linewidth=0,
                        hatch=hatch,
                    )
            elif bar.start is not None or bar.end is not None:  # one known date: a milestone
                day = (bar.end or bar.start or dt.date.min).toordinal()  # one of them is known
                axes.plot(
                    [day],
                    [centres[row]],
                    marker="D",
                    markersize=BAR_PT * 0.8,
                    markerfacecolor=fill,
                    markeredgecolor=EDGE,
                    markeredgewidth=0.4,
                    linestyle="none",
                )
        axes.set_yticks(centres, labels, fontproperties=font)
        axes.set_ylim(rows_pt, 0)
        axes.set_xticks([_ordinal(*t) for t in ticks], [_tick_label(n, t) for n, t in enumerate(ticks)])
        for label in axes.get_xticklabels():
            label.set_fontproperties(font)
        axes.set_xlim(_ordinal(*ticks[0]), _ordinal(*ticks[-1]))
        axes.grid(axis="x", color=GRID, linewidth=0.5)
        axes.set_axisbelow(True)
        axes.tick_params(axis="y", length=0, pad=4)
        axes.tick_params(axis="x", length=3, width=0.6)
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        if legend:  # two columns under the chart, centred on the figure
            handles = [_legend_patch(Patch, *fills[g]) for g in groups]
            figure.legend(
                handles=handles,
                labels=[g or "other" for g in groups],
                handler_map={tuple: HandlerTuple(ndivide=1)},
                loc="lower center",
                ncol=min(len(groups), 2),
                frameon=False,
                prop=font,
                columnspacing=2.5,
            )
        figure.tight_layout(pad=0.3, rect=(0, legend_pt / height_pt, 1, 1))
        drawn = {}
        for kind in kinds:
            out = io.BytesIO()
            if kind == "svg":
                metadata = {"Title": chart.title, "Creator": None, "Date": None, "Format": None, "Type": None}
                figure.savefig(out, format="svg", metadata=metadata)
            else:
                figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
            drawn[kind] = out.getvalue()
    return drawn


def _legend_patch(patch, fill: str, hatch: str):
    """A legend key that looks like the bars: the fill, and over it the hatching in its own colour."""
    base = patch(facecolor=fill, edgecolor=EDGE, linewidth=0.4)
    return (base, patch(facecolor="none", edgecolor=hatch_colour(fill), linewidth=0, hatch=hatch)) if hatch else base


def _face(font_manager, data_path: str, family: str) -> str:
    """The font file to draw `family` with: the regular face of it or of a metric-compatible twin in
    matplotlib's font list (the first file by path, if several), else the DejaVu file matplotlib ships."""
    for name in font_candidates(family):
        files = sorted(
            entry.fname
            for entry in font_manager.fontManager.ttflist
            if entry.name.lower() == name.lower()
            and entry.style == "normal"
            and entry.weight in (400, "normal", "regular", "book")
            and entry.stretch == "normal"
        )
        if files:
            return files[0]
    return f"{data_path}/fonts/ttf/{fallback_file(family)}"
