"""`gantt(table, title=...)`: a workplan table as a numbered figure, its chart drawn when the document is written."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from ..base.diagnostics import Diagnostics
from ..charts.gantt import Bar, GanttChart
from ..load.activities import read_activities

FIGURES_DIR = "figures"  # the Markdown path of generated images; nothing is written there by a docx build


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
