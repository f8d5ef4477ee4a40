"""`gantt(table, title=...)`: a workplan table as a numbered figure, its chart drawn when the document is written."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from ..base.diagnostics import Diagnostics
from ..charts.gantt import MAX_BARS, Bar, GanttChart
from ..load.activities import read_activities
from .limits import TemplateLimit

FIGURES_DIR = "figures"  # the Markdown path of generated images; nothing is written there by a docx build


class ChartTooLarge(TemplateLimit):
    """A table of more rows than a chart draws (charts/gantt.py MAX_BARS), refused before any row is read."""

    code = "template.chart-too-large"


def make_gantt(figures: MutableMapping[str, GanttChart], diags: Diagnostics):
    """The template function; each chart it makes is recorded in `figures` under its Markdown path."""

    def gantt(
        table: Any,
        title: str = "Workplan",
        label: str | None = None,
        activity: str | None = None,
        group: str | None = None,
    ) -> str:
        if not hasattr(table, "columns") or not hasattr(table, "attrs"):
            raise TypeError("gantt() needs a table from `tables`, e.g. gantt(tables.workplan, title='Workplan')")
        if len(table) > MAX_BARS:
            raise ChartTooLarge(
                f"gantt(): the table has {len(table):,} rows, more than the {MAX_BARS} a chart may draw (a chart "
                "of so many cannot be read on a page); draw a part of it (for example `.head(40)`) or summarise it, "
                "one row a phase"
            )
        activities = read_activities(table, diags, label=activity, group=group, what="a table drawn by gantt()")
        if not activities:
            return ""  # the missing column is reported at the CSV's header row
        chart = GanttChart(str(title), tuple(Bar(a.label, a.start, a.end, a.group) for a in activities))
        path = f"{FIGURES_DIR}/{chart.file_name}"
        figures[path] = chart
        stem = str(table.attrs.get("source", "workplan")).rsplit("/", 1)[-1].removesuffix(".csv")
        name = str(label or "".join(c if c.isalnum() else "-" for c in stem))
        name = name if name.startswith("fig-") else "fig-" + name
        alt = " ".join(str(title).split()).replace("[", "(").replace("]", ")")
        return f'\n![{alt}]({path} "{chart.description}"){{ #{name} }}\n'

    return gantt
