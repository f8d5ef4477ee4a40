"""Planning keys of proposal.yaml and donor profiles: funding windows and the logframe's columns."""

from __future__ import annotations

from ..base.model import FundingWindow, LogframeSpec
from .fields import FieldReader

# The logframe's content keys, each a column the template function knows how to fill.
LOGFRAME_KEYS = ("logic", "indicators", "baseline", "target", "verification", "assumptions")
DEFAULT_LOGFRAME = LogframeSpec(
    columns=(
        ("logic", "Results chain"),
        ("indicators", "Indicators"),
        ("baseline", "Baseline"),
        ("target", "Target"),
        ("verification", "Means of verification"),
        ("assumptions", "Assumptions"),
    )
)


def _window(f: FieldReader, funder: str | None) -> FundingWindow | None:
    """A window's dates: at least one of start and end, the end not before the start."""
    start, end = f.date("start"), f.date("end")
    if f.mapping.get("start") is None and f.mapping.get("end") is None:
        f.error(None, "invalid-field", "a funding window needs a 'start' or an 'end' date (YYYY-MM-DD)")
        return None
    if start is not None and end is not None and end < start:
        f.error("end", "invalid-field", f"the funding window ends ({end}) before it starts ({start})")
        return None
    if (f.mapping.get("start") is not None and start is None) or (f.mapping.get("end") is not None and end is None):
        return None  # the bad date is reported already
    return FundingWindow(funder, start, end, f.pos("funder") if funder else f.pos())


def funding_windows(f: FieldReader) -> tuple[FundingWindow, ...]:
    """`funding_windows: [{funder, start, end}, ...]`: the periods other funders pay for."""
    windows = []
    for index, _ in enumerate(f.list_of("funding_windows")):
        item = f.child("funding_windows", index)
        if item is None:
            f.diags.error(
                f.doc.pos("funding_windows", index),
                f"{f.scope}.invalid-field",
                "a funding window is a mapping with 'funder', 'start' and 'end'",
            )
            continue
        funder = item.text("funder", required=True)
        if funder:
            window = _window(item, funder)
            if window is not None:
                windows.append(window)
    return tuple(windows)


def own_window(f: FieldReader) -> FundingWindow | None:
    """`funding_window: {start, end}`: the period this donor funds, for the proposal's own activities."""
    if not f.present("funding_window"):
        return None
    item = f.child("funding_window")
    if item is None:
        f.error("funding_window", "invalid-field", "field 'funding_window' must be a mapping with 'start' and 'end'")
        return None
    return _window(item, None)


def logframe_spec(f: FieldReader) -> LogframeSpec | None:
    """`logframe: {columns: {key: heading, ...}, title, landscape, activities}`; None when the profile has none."""
    if not f.present("logframe"):
        return None
    item = f.child("logframe")
    if item is None:
        f.error("logframe", "invalid-field", "field 'logframe' must be a mapping with 'columns', 'title', 'landscape'")
        return None
    columns = []
    for key, heading in item.mapping_of("columns").items():
        position = item.doc.key_pos(*item.path, "columns", key)
        if key not in LOGFRAME_KEYS:
            f.diags.error(
                position,
                "donor.unknown-logframe-column",
                f"unknown logframe column '{key}'; known: {', '.join(LOGFRAME_KEYS)}",
            )
        elif heading is None or isinstance(heading, (dict, list, bool)):
            f.diags.error(position, "donor.invalid-field", f"logframe column '{key}' needs a heading text")
        else:
            columns.append((key, str(heading).strip()))
    if not item.present("columns"):
        columns = list(DEFAULT_LOGFRAME.columns)
    elif not columns:
        item.error("columns", "invalid-field", "'logframe.columns' must name at least one column")
        columns = list(DEFAULT_LOGFRAME.columns)
    landscape = item.flag("landscape", False) if item.present("landscape") else None
    return LogframeSpec(
        tuple(columns), item.text("title") or DEFAULT_LOGFRAME.title, landscape, item.flag("activities", True)
    )
