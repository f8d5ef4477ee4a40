"""The trace file written beside each document: what every section was made from, with content hashes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .load.tables import DATA_DIR
from .model import Assembly, Donor, Workspace

TRACE_VERSION = 1


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, in hex; None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def trace_file_name(file_stem: str, fmt: str = "docx") -> str:
    """`<slug>-<donor>.trace.json` beside the .docx; `<slug>-<donor>.md.trace.json` beside a Markdown build."""
    return f"{file_stem}.trace.json" if fmt == "docx" else f"{file_stem}.{fmt}.trace.json"


def build_trace(ws: Workspace, donor: Donor, assembly: Assembly, document: str, payload: bytes) -> bytes:
    """The trace of one built variant as deterministic JSON (sorted keys, no times, paths relative to the workspace)."""
    root = ws.root

    def ref(rel: str) -> dict:
        return {"path": rel, "sha256": file_sha256(root / rel)}

    sections = []
    for source in assembly.sources:
        evidence = []
        for item_id in sorted(source.cited):
            item = ws.evidence[item_id]
            evidence.append({"id": item.id, "kind": item.kind, "status": item.status, **ref(item.path)})
        tables = [{"name": name, **ref(f"{DATA_DIR}/{name}.csv")} for name in source.tables]
        title = next((s.title for s in assembly.sections if s.id == source.id), source.id)
        sections.append({"id": source.id, "title": title, "template": ref(source.template),
                         "evidence": evidence, "tables": tables})
    donor_file = f"templates/donors/{donor.id}.yaml"
    trace = {
        "trace_version": TRACE_VERSION,
        "document": {"file": document, "sha256": hashlib.sha256(payload).hexdigest()},
        "proposal": ref("templates/proposal.yaml"),
        "donor": {"id": donor.id, **(ref(donor_file) if (root / donor_file).is_file() else {"path": None, "sha256": None})},
        "sections": sections,
        "cited": sorted({item_id for s in assembly.sources for item_id in s.cited}),
    }
    return (json.dumps(trace, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
