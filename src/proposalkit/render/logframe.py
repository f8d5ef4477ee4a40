"""`logframe(indicators, results=..., activities=...)`: the results framework as a donor's logframe table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..base.cells import cell_text
from ..base.model import Donor, LogframeSpec
from ..load.plans import DEFAULT_LOGFRAME
from .filters import format_cell

TO_BE_SET = "to be set"
WIDE = 4  # more columns than this go on a landscape page


def _rows(table: Any, name: str, needed: tuple[str, ...]) -> list[dict[str, Any]]:
    if table is None:
        return []
    if not hasattr(table, "to_dict") or not hasattr(table, "columns"):
        raise TypeError(f"logframe(): '{name}' must be a table from `tables`")
    columns = [str(c) for c in table.columns]
    missing = [c for c in needed if c not in columns]
    if missing:
        raise ValueError(
            f"logframe(): the {name} table needs the column(s) {', '.join(missing)} (columns: {', '.join(columns)})"
        )
    return table.to_dict("records")


def make_logframe(donor: Donor, term: Callable[[str], str]):
    """The template function for one donor: its columns, headings, level names and orientation."""
    spec: LogframeSpec = donor.logframe or DEFAULT_LOGFRAME
    order = [level for level, _ in donor.results_hierarchy]

    def label(level: str, number: str, plural: bool = False) -> str:
        name = term(level)
        name = name[:1].upper() + name[1:]
        if plural:
            name = name[:-1] + "ies" if name.endswith("y") and name[-2:-1] not in "aeiou" else name + "s"
        return f"{name} {number}".strip()

    def logframe(
        indicators: Any,
        results: Any = None,
        activities: Any = None,
        title: str | None = None,
        label_id: str = "tbl-logframe",
        landscape: bool | None = None,
        note: str = "",
    ) -> str:
        chain: dict[tuple[str, str], dict[str, Any]] = {}
        for row in _rows(results, "results", ("level", "number", "statement")):
            key = (cell_text(row["level"]), cell_text(row["number"]))
            chain.setdefault(
                key,
                {
                    "statement": cell_text(row["statement"]),
                    "indicators": [],
                    "assumptions": cell_text(row.get("assumptions")),
                },
            )
        for row in _rows(indicators, "indicators", ("level", "number", "indicator")):
            key = (cell_text(row["level"]), cell_text(row["number"]))
            entry = chain.setdefault(key, {"statement": "", "indicators": [], "assumptions": ""})
            entry["indicators"].append(row)
        names = [cell_text(row["activity"]) for row in _rows(activities, "activities", ("activity",))]
        names = names if spec.activities else []
        if names:  # the activities under one level label, a row each
            chain[("activity", "")] = {
                "statement": "",
                "indicators": [{} for n in names if n],
                "assumptions": "",
                "activity": [n for n in names if n],
            }
        for key in [k for k in chain if k[0] in donor.omitted_levels]:
            del chain[key]  # a level this donor's results chain leaves out
        unknown = sorted({level for level, _ in chain if order and level not in order})
        if unknown:
            raise ValueError(
                f"logframe(): level(s) {', '.join(unknown)} not in the donor's results_hierarchy ({', '.join(order)})"
            )
        keys = sorted(chain, key=lambda k: order.index(k[0]) if k[0] in order else 0)
        columns = spec.columns
        lines = [
            "| " + " | ".join(heading.replace("|", "\\|") for _, heading in columns) + " |",
            "| " + " | ".join(":--" for _ in columns) + " |",
        ]
        for level, number in keys:
            entry = chain[(level, number)]
            is_activity = entry.get("activity", False)
            logic = f"**{label(level, number, plural=bool(is_activity))}**"
            if entry["statement"]:
                logic += ": " + entry["statement"].replace("|", "\\|")
            indicator_rows = entry["indicators"] or [{}]
            for n, row in enumerate(indicator_rows):
                blank = "" if is_activity else TO_BE_SET
                if is_activity:
                    logic = (f"**{label(level, '', plural=True)}**: " if n == 0 else "") + format_cell(
                        is_activity[n], ""
                    )
                values = {
                    "logic": logic if n == 0 or is_activity else "",
                    "indicators": cell_text(row.get("indicator")) or blank,
                    "baseline": cell_text(row.get("baseline")) or blank,
                    "target": cell_text(row.get("target")) or blank,
                    "verification": cell_text(row.get("source_of_verification")) or blank,
                    "assumptions": (cell_text(row.get("assumptions")) or entry["assumptions"] or blank)
                    if n == 0
                    else "",
                }
                cells = [values[key] if key == "logic" else format_cell(values[key], "") for key, _ in columns]
                lines.append("| " + " | ".join(cells) + " |")
        caption = f"Table: {title or spec.title} {{ #{label_id} }}"
        table = caption + "\n\n" + "\n".join(lines) + "\n" + (f"\n{note.strip()}\n" if note.strip() else "")
        wide = (
            landscape
            if landscape is not None
            else (spec.landscape if spec.landscape is not None else len(columns) > WIDE)
        )
        return f"\n::: landscape\n{table}:::\n" if wide else f"\n{table}"

    return logframe
