"""Evidence items from evidence/**/*.md: YAML front matter validated, Markdown body kept as text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..base.amounts import DatedAmount
from ..base.dates import MONTH_WORDS, format_date
from ..base.diagnostics import Diagnostics, did_you_mean
from ..base.inputs import input_files
from ..base.model import (
    EVIDENCE_KINDS,
    EVIDENCE_STATUSES,
    Approval,
    EvidenceItem,
    Position,
    Proposal,
)
from ..base.paths import EVIDENCE_DIR
from .fields import FieldReader, as_number
from .source import YamlDoc, load_yaml, read_text_hashed, require_mapping, split_front_matter
from .sources import read_sources

KNOWN_FIELDS = {
    "id",
    "kind",
    "title",
    "source",
    "sources",
    "date",
    "status",
    "tags",
    "metrics",
    "missing",
    "url",
    "reviewer",
    "approved",
}


def evidence_files(root: Path, diags: Diagnostics | None = None) -> list[Path]:
    """Every evidence Markdown file, in path order (data/ holds tables, not items; `NAME.zh-CN.md` is a
    translation, load/translations.py); a folder symlinked out of the workspace is reported to `diags`."""
    folder = root / EVIDENCE_DIR
    from .translations import is_translation

    return [
        p
        for p in input_files(root, EVIDENCE_DIR, "*.md", diags)
        if "data" not in p.relative_to(folder).parts[:1] and not is_translation(p)
    ]


def load_evidence(root: Path, proposal: Proposal | None, diags: Diagnostics) -> dict[str, EvidenceItem]:
    """Every valid evidence item by id, in id order; duplicates and bad items are reported."""
    kinds = proposal.evidence_kinds if proposal else EVIDENCE_KINDS
    items: dict[str, EvidenceItem] = {}
    for path in evidence_files(root, diags):
        rel = path.relative_to(root).as_posix()
        item = load_item(path, rel, kinds, diags)
        if item is None:
            continue
        if item.id in items:
            first = items[item.id]
            diags.error(
                item.position,
                "evidence.duplicate-id",
                f"evidence id '{item.id}' is already used by {first.path}:{first.position.line}",
            )
            continue
        items[item.id] = item
        if proposal is not None and proposal.date is not None:
            check_source_dates(item, proposal.date, diags)
    return dict(sorted(items.items()))


_NAMES_A_MONTH = re.compile(rf"\b(?:{'|'.join(MONTH_WORDS)})\b|\d{{4}}-\d{{2}}")


def check_source_dates(item: EvidenceItem, proposal_date: dt.date, diags: Diagnostics) -> None:
    """Each source of `item` dated after the proposal (the earliest day its date can mean is later) is an
    error at its line: a proposal cannot rest on what was not yet published on its date. A source written as
    a line of text is judged by a date with its month ("20 June 2008", "March 2009") it names."""
    for source in item.sources:
        if source.text and not _NAMES_A_MONTH.search(source.date):
            continue  # a bare number in a line of text may be a year or not ("Records 2027"): no claim to judge
        if source.issued is not None and source.issued > proposal_date:
            where = f"'{source.date}'" if source.date else "its date"
            diags.error(
                source.position if source.position.path else item.position,
                "evidence.source-after-proposal",
                f"source {source.key!r} of '{item.id}' is dated {where}, after the proposal's date "
                f"{format_date(proposal_date)}; cite what was published by then, or date the proposal later",
            )


def _is_number(value: Any) -> bool:
    return as_number(value) is not None  # finite, and within a float's range (10**400 is not)


def read_metrics(doc: YamlDoc, data: dict, diags: Diagnostics) -> tuple[dict[str, Any], dict[str, str]]:
    """`metrics:` as name -> number and name -> unit; each value that is not a number is a located error.

    A metric is written `name: 20` or `name: {value: 700000, unit: USD}`; an amount tied to a day of its own
    (a past grant) adds `date: 2008-06-20` and becomes a DatedAmount.
    """
    value = data.get("metrics")
    if value is None:
        return {}, {}
    if not isinstance(value, dict):
        diags.error(
            doc.pos("metrics"),
            "evidence.invalid-field",
            "field 'metrics' must be a mapping of names to numbers, e.g. 'institutions: 20'",
        )
        return {}, {}
    metrics: dict[str, Any] = {}
    units: dict[str, str] = {}
    for key, raw in value.items():
        name = str(key)
        where = doc.pos("metrics", name)
        if isinstance(raw, dict):
            extra = sorted(str(k) for k in raw if k not in ("value", "unit", "date"))
            if extra:
                diags.error(
                    doc.key_pos("metrics", name, extra[0]),
                    "evidence.bad-metric",
                    f"metric '{name}' has unknown key '{extra[0]}'; a metric is a number or "
                    "{value: NUMBER, unit: TEXT, date: YYYY-MM-DD}",
                )
                continue
            day = raw.get("date")
            if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
                diags.error(
                    doc.pos("metrics", name, "date"),
                    "evidence.bad-metric",
                    f"the date of metric '{name}' must be a day written YYYY-MM-DD, not '{day}'",
                )
                continue
            unit = raw.get("unit")
            if unit is not None and (not isinstance(unit, str) or not unit.strip()):
                diags.error(
                    doc.pos("metrics", name, "unit"),
                    "evidence.bad-metric",
                    f"the unit of metric '{name}' must be a word such as USD or workers, not '{unit}'",
                )
                continue
            if "value" not in raw:
                diags.error(where, "evidence.bad-metric", f"metric '{name}' has a unit but no 'value'")
                continue
            where, raw = doc.pos("metrics", name, "value"), raw["value"]
            if unit is not None:
                units[name] = unit.strip()
        if not _is_number(raw):
            shown = "true/false" if isinstance(raw, bool) else f"'{raw}'"
            hint = (
                " (write numbers without thousands separators)"
                if isinstance(raw, str) and re.fullmatch(r"[\d,. ]+", raw.strip() or "x")
                else ""
            )
            diags.error(where, "evidence.bad-metric", f"metric '{name}' must be a number, not {shown}{hint}")
            units.pop(name, None)
            continue
        metrics[name] = raw
        if isinstance(value.get(key), dict) and value[key].get("date") is not None:
            metrics[name] = DatedAmount(raw, value[key]["date"], units.get(name, ""))
    return metrics, units


def _approval(f: FieldReader) -> Approval | None:
    """`approved: {by: NAME, date: YYYY-MM-DD, fingerprint: sha256:...}`, as `proposalkit approve` writes it."""
    entry = f.child("approved")
    if entry is None:
        f.error("approved", "invalid-field", "field 'approved' must be a mapping with by, date and fingerprint")
        return None
    by, fingerprint = entry.text("by", required=True), entry.text("fingerprint", required=True)
    if by is None or fingerprint is None:
        return None
    return Approval(by, entry.date("date"), fingerprint, f.doc.key_pos("approved"))


def load_item(path: Path, rel: str, kinds: tuple[str, ...], diags: Diagnostics) -> EvidenceItem | None:
    """One evidence item, or None after recording why it is unusable."""
    read = read_text_hashed(path, rel, diags)
    if read is None:
        return None
    text, sha256 = read
    parts = split_front_matter(text)
    if parts is None:
        diags.error(
            Position(rel),
            "evidence.no-front-matter",
            "an evidence item starts with YAML front matter between two '---' lines",
        )
        return None
    front, body, body_line = parts
    doc = load_yaml(front, rel, diags, line_offset=1)
    if doc is None:
        return None
    if doc.data is None:
        diags.error(
            Position(rel, 2), "evidence.missing-field", "front matter is empty: 'kind' and 'title' are required"
        )
        return None
    data = require_mapping(doc, diags, "front matter")
    if data is None:
        return None
    f = FieldReader(doc, data, (), "evidence", diags)
    errors_before = diags.error_count
    for key in data:
        if str(key) not in KNOWN_FIELDS:
            diags.warning(
                doc.key_pos(key),
                "evidence.unknown-field",
                f"unknown field '{key}'{did_you_mean(key, KNOWN_FIELDS) or ' (known: ' + ', '.join(sorted(KNOWN_FIELDS)) + ')'}",
            )
    item_id = f.identifier("id", default=path.stem)
    kind = f.choice("kind", kinds, required=True)
    title = f.text("title", required=True)
    source = f.text("source", required=(kind == "research-finding" and not f.present("sources")))
    status = f.choice("status", EVIDENCE_STATUSES, default="draft")
    metrics, units = read_metrics(doc, data, diags)
    item = EvidenceItem(
        id=item_id or path.stem,
        kind=kind or "",
        title=title or "",
        source=source,
        date=f.date("date"),
        status=status or "draft",
        tags=f.text_list("tags"),
        metrics=metrics,
        missing=f.text_list("missing"),
        url=f.text("url"),
        body=body,
        path=rel,
        body_line=body_line,
        position=Position(rel, 1, 1) if "id" not in data else doc.pos("id"),
        status_position=doc.key_pos("status") if "status" in data else doc.pos(),
        reviewer=f.text("reviewer"),
        metric_units=units,
        sources=read_sources(f, item_id or path.stem, source, diags),
        approval=_approval(f) if f.present("approved") else None,
        sha256=sha256,
    )
    if diags.error_count > errors_before or item_id is None:
        return None
    return item
