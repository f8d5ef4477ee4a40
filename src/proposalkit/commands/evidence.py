"""The evidence library as a listing or a summary by kind and status: a text table for people, JSON for tools."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..base.diagnostics import Diagnostics
from ..base.errors import BadFilter
from ..base.model import EVIDENCE_STATUSES, EvidenceItem
from ..load.evidence import load_evidence
from ..load.workspace import load_proposal


@dataclass(frozen=True)
class Filters:
    """Which items a listing keeps; None keeps all."""

    kind: str | None = None
    status: str | None = None
    tag: str | None = None
    cited: bool | None = None  # True: cited by some donor variant; False: by none


def cited_ids(root: Path) -> tuple[Diagnostics, set[str]]:
    """The ids that any donor variant of the workspace cites, and the diagnostics of assembling them."""
    from ..pipeline import run

    diags, _, assemblies = run(root, (), True)
    return diags, {item_id for assembly in assemblies for item_id in assembly.cited}


def select(root: Path, filters: Filters) -> tuple[Diagnostics, list[EvidenceItem], set[str] | None]:
    """The items passing the filters, in id order, the diagnostics of loading them and, when asked, the cited ids."""
    diags = Diagnostics()
    proposal = load_proposal(root, diags)
    if filters.kind is not None and proposal is not None and filters.kind not in proposal.evidence_kinds:
        from .new import did_you_mean

        raise BadFilter(f"unknown kind '{filters.kind}'{did_you_mean(filters.kind, proposal.evidence_kinds)}")
    items = list(load_evidence(root, proposal, diags).values())
    cited = None
    if filters.cited is not None:
        run_diags, cited = cited_ids(root)
        if run_diags.has_errors:
            diags.extend(run_diags)
            return diags, [], None
    items = [
        i
        for i in items
        if (filters.kind is None or i.kind == filters.kind)
        and (filters.status is None or i.status == filters.status)
        and (filters.tag is None or filters.tag in i.tags)
        and (cited is None or (i.id in cited) == filters.cited)
    ]
    return diags, items, cited


def _status(item) -> str:
    """The status as the listing shows it: an approved item edited since says so."""
    return f"{item.status} (changed since)" if item.changed_since_approval else item.status


def list_evidence(
    root: Path,
    kind: str | None,
    status: str | None,
    fmt: str,
    *,
    tag: str | None = None,
    cited: bool | None = None,
    summary: bool = False,
) -> tuple[Diagnostics, str]:
    """Diagnostics from loading the evidence and the listing (or summary) of the items that pass the filters."""
    diags, items, cited_set = select(root, Filters(kind, status, tag, cited))
    if cited is not None and cited_set is None:
        return diags, ""  # which items are cited cannot be told while the variants do not assemble
    if summary:
        return diags, summarise(items, fmt)
    if fmt == "json":
        rows = [
            {
                "id": i.id,
                "kind": i.kind,
                "status": i.status,
                "date": i.date.isoformat() if i.date else None,
                "title": i.title,
                "source": i.source,
                "tags": list(i.tags),
                "missing": list(i.missing),
                "metrics": dict(i.metrics),
                "path": i.path,
                "approved": None
                if i.approval is None
                else {
                    "by": i.approval.by,
                    "date": i.approval.on.isoformat() if i.approval.on else None,
                    "changed_since": i.changed_since_approval,
                },
            }
            for i in items
        ]
        return diags, json.dumps(rows, indent=2, ensure_ascii=False)
    header = ("ID", "KIND", "STATUS", "DATE", "TITLE")
    table = [(i.id, i.kind, _status(i), i.date.isoformat() if i.date else "-", i.title) for i in items]
    widths = [max(len(r[c]) for r in [header, *table]) for c in range(4)]
    lines = [
        "  ".join(cell.ljust(widths[c]) if c < 4 else cell for c, cell in enumerate(r)).rstrip()
        for r in [header, *table]
    ]
    for i in items:
        if i.missing:
            lines.append(f"  {i.id}: still to collect: {', '.join(i.missing)}")
    drafts = sum(1 for i in items if i.status == "draft")
    lines.append(f"{len(items)} item{'s' * (len(items) != 1)} ({drafts} draft)")
    return diags, "\n".join(lines)


def summarise(items: list[EvidenceItem], fmt: str) -> str:
    """Counts by kind and status: a table with totals, or JSON with `by_kind`, `by_status` and `total`."""
    kinds = sorted({i.kind for i in items})
    counts = {k: {s: sum(1 for i in items if i.kind == k and i.status == s) for s in EVIDENCE_STATUSES} for k in kinds}
    by_status = {s: sum(1 for i in items if i.status == s) for s in EVIDENCE_STATUSES}
    if fmt == "json":
        data = {
            "by_kind": {k: {**c, "total": sum(c.values())} for k, c in counts.items()},
            "by_status": by_status,
            "total": len(items),
        }
        return json.dumps(data, indent=2, sort_keys=True)
    header = ["KIND", *(s.upper() for s in EVIDENCE_STATUSES), "TOTAL"]
    rows = [[k, *(str(counts[k][s]) for s in EVIDENCE_STATUSES), str(sum(counts[k].values()))] for k in kinds]
    rows.append(["total", *(str(by_status[s]) for s in EVIDENCE_STATUSES), str(len(items))])
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(widths[0]) if c == 0 else cell.rjust(widths[c]) for c, cell in enumerate(r))
        for r in [header, *rows]
    )
