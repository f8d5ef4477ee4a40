"""The trace file written beside each document: what every section was made from, with content hashes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..base.inputs import InputRefused, read_input
from ..base.model import Assembly, Donor, Workspace
from ..base.paths import (
    PROPOSAL_FILE,
    TEMPLATES_DIR,
    donor_file,
    table_file,
    template_file,
)

TRACE_VERSION = 1


def file_sha256(root: Path, rel: str) -> str | None:
    """The SHA-256 of the bytes of the workspace file `rel`, in hex; None when it cannot be read as an input
    (outside the workspace, no regular file, too large: base/inputs.py)."""
    try:
        return hashlib.sha256(read_input(root / rel, root)).hexdigest()
    except InputRefused:
        return None


def trace_file_name(file_stem: str, fmt: str = "docx") -> str:
    """`<slug>-<donor>.trace.json` beside the .docx; `<slug>-<donor>.md.trace.json` beside a Markdown build."""
    return f"{file_stem}.trace.json" if fmt == "docx" else f"{file_stem}.{fmt}.trace.json"


def included_templates(templates_dir: Path, name: str) -> tuple[list[str], bool]:
    """The templates `name` includes, imports or extends, directly or through others (names under
    templates/, sorted), and whether any is named by an expression, which only rendering could resolve."""
    from jinja2 import Environment, TemplateSyntaxError, meta

    env = Environment(keep_trailing_newline=True)
    found: set[str] = set()
    dynamic = False
    todo = [name]
    while todo:
        current = todo.pop()
        try:
            source = read_input(templates_dir / current, templates_dir).decode("utf-8")
            referenced = list(meta.find_referenced_templates(env.parse(source)))
        except (InputRefused, UnicodeDecodeError, TemplateSyntaxError):
            continue
        for other in referenced:
            if other is None:
                dynamic = True
            elif other not in found and other != name:
                found.add(other)
                todo.append(other)
    return sorted(found), dynamic


def build_trace(ws: Workspace, donor: Donor, assembly: Assembly, document: str, payload: bytes) -> bytes:
    """The trace of one built variant as deterministic JSON (sorted keys, no times, paths relative to the workspace)."""
    root = ws.root

    # Each file is hashed once: evidence items as they were loaded, the others here when first named.
    hashes: dict[str, str | None] = {item.path: item.sha256 for item in ws.evidence.values() if item.sha256}

    def ref(rel: str) -> dict:
        if rel not in hashes:
            hashes[rel] = file_sha256(root, rel)
        return {"path": rel, "sha256": hashes[rel]}

    sections = []
    for source in assembly.sources:
        evidence = []
        for item_id in sorted(source.cited):
            item = ws.evidence[item_id]
            evidence.append({"id": item.id, "kind": item.kind, "status": item.status, **ref(item.path)})
        tables = [{"name": name, **ref(table_file(name))} for name in source.tables]
        title = next((s.title for s in assembly.sections if s.id == source.id), source.id)
        included, dynamic = included_templates(ws.templates_dir, source.template.removeprefix(TEMPLATES_DIR + "/"))
        entry: dict[str, Any] = {
            "id": source.id,
            "title": title,
            "template": ref(source.template),
            "includes": [ref(template_file(name)) for name in included],
            "evidence": evidence,
            "tables": tables,
        }
        if dynamic:
            entry["includes_by_expression"] = True  # a template named by a variable: not listed
        sections.append(entry)
    profile = donor_file(donor.id)
    trace = {
        "trace_version": TRACE_VERSION,
        "document": {"file": document, "sha256": hashlib.sha256(payload).hexdigest()},
        "proposal": ref(PROPOSAL_FILE),
        "donor": {"id": donor.id, **(ref(profile) if (root / profile).is_file() else {"path": None, "sha256": None})},
        "sections": sections,
        "cited": sorted({item_id for s in assembly.sources for item_id in s.cited}),
    }
    return (json.dumps(trace, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
