"""Funding windows: every dated activity of the workspace's tables against the period its funder pays for."""

from __future__ import annotations

import re

from ..base.diagnostics import Diagnostics
from ..base.model import Activity, Donor, FundingWindow, Workspace
from ..load.activities import is_activity_table, read_activities


def names(funder: str, cell: str) -> bool:
    """True when the funder cell names `funder` as a whole phrase ("CCPF and ILO RBSA" names "ILO RBSA")."""
    return re.search(rf"(?<!\w){re.escape(funder)}(?!\w)", cell, re.IGNORECASE) is not None


def _outside(activity: Activity, window: FundingWindow) -> str | None:
    """How the activity falls outside the window, or None when it fits (an unknown date is not checked)."""
    if window.start is not None and activity.start is not None and activity.start < window.start:
        return f"starts on {activity.start}, before the window opens on {window.start}"
    if window.end is not None and activity.end is not None and activity.end > window.end:
        return f"ends on {activity.end}, after the window closes on {window.end}"
    if window.start is not None and activity.start is None and activity.end is not None and activity.end < window.start:
        return f"ends on {activity.end}, before the window opens on {window.start}"
    return None


def activity_tables(ws: Workspace, diags: Diagnostics) -> list[list[Activity]]:
    """The activities of every table with start and end columns, in file order; bad dates reported."""
    found = []
    for stem in sorted(ws.tables):
        frame = ws.tables[stem]
        if is_activity_table(frame):
            found.append(read_activities(frame, diags) or [])
    return found


def check_funding_windows(ws: Workspace, donor: Donor, diags: Diagnostics, *, as_errors: bool) -> None:
    """Activities outside their funder's window, located at their CSV row.

    The proposal's `funding_windows` (other funders) warn in `build` and are errors under `check` and
    `--final`; the donor's own `funding_window`, which covers activities naming no funder or naming this
    donor, is always an error: a plan the donor cannot fund is not one to send.
    """
    tables = activity_tables(ws, diags)
    activities = [activity for table in tables for activity in table]
    for window in ws.proposal.funding_windows:
        funder = window.funder or ""  # the proposal's windows always name their funder
        funded = [a for a in activities if names(funder, a.funder)]
        if not funded:
            diags.warning(
                window.position,
                "window.unknown-funder",
                f"funding window of '{window.funder}': no activity table names this funder in its "
                "funder (or programme) column",
            )
        report = diags.error if as_errors else diags.warning
        for activity in funded:
            problem = _outside(activity, window)
            if problem:
                report(
                    activity.position,
                    "window.outside",
                    f"activity '{activity.label}' ({activity.funder}) {problem}: outside the funding window "
                    f"of {window.funder} (funding_windows, templates/proposal.yaml line {window.position.line})",
                )
    own = donor.funding_window
    if own is None:
        return
    for activity in activities:
        if activity.funder and not (names(donor.id, activity.funder) or names(donor.name, activity.funder)):
            continue
        problem = _outside(activity, own)
        if problem:
            diags.error(
                activity.position,
                "window.outside",
                f"activity '{activity.label}' {problem}: outside the funding window of {donor.name} "
                f"(funding_window, {own.position.path} line {own.position.line})",
            )
