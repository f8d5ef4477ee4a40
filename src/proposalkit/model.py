"""Frozen value objects passed between the pipeline stages."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

EVIDENCE_KINDS = ("pilot-result", "research-finding", "lesson-learned", "context")
EVIDENCE_STATUSES = ("draft", "reviewed", "approved")


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file: path relative to the workspace, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def shifted(self, lines: int) -> "Position":
        return Position(self.path, self.line + lines, self.column)


@dataclass(frozen=True)
class SectionSpec:
    """A canonical section of proposal.yaml."""

    id: str
    title: str
    template: str
    position: Position


@dataclass(frozen=True)
class Proposal:
    """The proposal's identity, from templates/proposal.yaml."""

    title: str
    slug: str
    organisation: str
    date: _dt.date | None
    default_donor: str | None
    sections: tuple[SectionSpec, ...]
    evidence_kinds: tuple[str, ...]
    data: Mapping[str, Any]
    position: Position

    def section(self, section_id: str) -> SectionSpec | None:
        for spec in self.sections:
            if spec.id == section_id:
                return spec
        return None


@dataclass(frozen=True)
class DonorSection:
    """One section as a donor profile selects it: the heading it shows and its limits."""

    id: str
    title: str
    template: str
    max_words: int | None
    position: Position
    limit_position: Position | None = None


@dataclass(frozen=True)
class Donor:
    """A donor profile, from templates/donors/<id>.yaml."""

    id: str
    name: str
    currency: str
    sections: tuple[DonorSection, ...]
    terms: Mapping[str, str]
    reference_docx: Path | None
    data: Mapping[str, Any]
    position: Position


@dataclass(frozen=True)
class EvidenceItem:
    """An evidence item: validated front matter plus its Markdown body."""

    id: str
    kind: str
    title: str
    source: str | None
    date: _dt.date | None
    status: str
    tags: tuple[str, ...]
    metrics: Mapping[str, Any]
    missing: tuple[str, ...]
    url: str | None
    body: str
    path: str
    body_line: int
    position: Position
    status_position: Position | None = None


@dataclass(frozen=True)
class Workspace:
    """Everything loaded from a workspace folder."""

    root: Path
    proposal: Proposal
    donors: Mapping[str, Donor]
    evidence: Mapping[str, EvidenceItem]
    tables: Mapping[str, Any] = field(default_factory=dict)

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"


@dataclass(frozen=True)
class RenderedSection:
    """A section's Markdown after its template ran, with where it came from."""

    id: str
    title: str
    markdown: str
    template: Position
    max_words: int | None
    limit_position: Position | None


@dataclass(frozen=True)
class ParsedSection:
    """A section's Markdown parsed to a markdown-it syntax tree."""

    id: str
    title: str
    tree: Any  # markdown_it.tree.SyntaxTreeNode
    source: Position


@dataclass(frozen=True)
class AnnexRow:
    """One cited evidence item as the evidence annex lists it."""

    id: str
    kind: str
    title: str
    source: str
    date: str
    status: str


@dataclass(frozen=True)
class Assembly:
    """A whole proposal variant ready for a writer."""

    title: str
    organisation: str
    donor_id: str
    donor_name: str
    date: _dt.date | None
    sections: tuple[ParsedSection, ...]
    notes: Mapping[str, str]  # evidence id -> footnote text
    annex: tuple[AnnexRow, ...]
    reference_docx: Path | None
    root: Path
    markdown: str = ""
    slug: str = "proposal"
