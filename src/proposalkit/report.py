"""The evidence library as a listing: a text table for people, JSON for tools."""

from __future__ import annotations

import json
from pathlib import Path

from .diagnostics import Diagnostics
from .load.evidence import load_evidence
from .load.workspace import load_proposal


def list_evidence(root: Path, kind: str | None, status: str | None, fmt: str) -> tuple[Diagnostics, str]:
    """Diagnostics from loading the evidence and the listing of the items that pass the filters."""
    diags = Diagnostics()
    proposal = load_proposal(root, diags)
    items = [i for i in load_evidence(root, proposal, diags).values()
             if (kind is None or i.kind == kind) and (status is None or i.status == status)]
    if fmt == "json":
        rows = [{"id": i.id, "kind": i.kind, "status": i.status, "date": i.date.isoformat() if i.date else None,
                 "title": i.title, "source": i.source, "tags": list(i.tags), "missing": list(i.missing),
                 "path": i.path} for i in items]
        return diags, json.dumps(rows, indent=2, ensure_ascii=False)
    header = ("ID", "KIND", "STATUS", "DATE", "TITLE")
    rows = [(i.id, i.kind, i.status, i.date.isoformat() if i.date else "-", i.title) for i in items]
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(4)]
    lines = ["  ".join(cell.ljust(widths[c]) if c < 4 else cell for c, cell in enumerate(r)).rstrip()
             for r in [header, *rows]]
    for i in items:
        if i.missing:
            lines.append(f"  {i.id}: still to collect: {', '.join(i.missing)}")
    drafts = sum(1 for i in items if i.status == "draft")
    lines.append(f"{len(items)} item{'s' * (len(items) != 1)} ({drafts} draft)")
    return diags, "\n".join(lines)
