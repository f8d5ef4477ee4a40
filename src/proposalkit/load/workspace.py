"""Workspace discovery and templates/proposal.yaml as a Proposal."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..base.diagnostics import Diagnostics
from ..base.errors import WorkspaceNotFound
from ..base.model import EVIDENCE_KINDS, Position, Proposal, SectionSpec, Workspace
from ..base.paths import PROPOSAL_FILE
from .currencies import is_currency
from .fields import ID_PATTERN, FieldReader
from .plans import funding_windows
from .source import load_mapping_file


def find_workspace(explicit: Path | None, start: Path) -> Path:
    """The workspace root: `explicit` when given, else `start` or its nearest parent with proposal.yaml."""
    if explicit is not None:
        root = explicit.resolve()
        if not (root / PROPOSAL_FILE).is_file():
            raise WorkspaceNotFound(f"{explicit} is not a workspace: it has no {PROPOSAL_FILE}")
        return root
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / PROPOSAL_FILE).is_file():
            return folder
    raise WorkspaceNotFound(
        f"no workspace found: neither {start} nor any parent folder holds {PROPOSAL_FILE} "
        "(use -w DIR, or `proposalkit init DIR` to start one)"
    )


SLUG_MAX = 60  # characters of a slug made from a title: it names files


def slugify(text: str) -> str:
    """A lowercase, hyphenated, ASCII version of `text`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:  # a file name: cut at a word, or mid-word when one word is longer
        cut = slug[: SLUG_MAX + 1].rfind("-")
        slug = slug[: cut if cut > 0 else SLUG_MAX].strip("-")
    return slug or "proposal"


def load_proposal(root: Path, diags: Diagnostics) -> Proposal | None:
    """The proposal from templates/proposal.yaml, or None when it cannot be used at all."""
    loaded = load_mapping_file(root / PROPOSAL_FILE, PROPOSAL_FILE, diags, "proposal.yaml")
    if loaded is None:
        return None
    doc, data = loaded
    f = FieldReader(doc, data, (), "proposal", diags)
    title = f.text("title", required=True) or "Untitled proposal"
    slug = f.identifier("slug", names_files=True) or slugify(title)
    currency = (f.text("currency") or "USD").upper()
    if not is_currency(currency):
        f.error("currency", "unknown-currency", f"unknown currency '{currency}': not an ISO 4217 code")
        currency = "USD"
    kinds = EVIDENCE_KINDS + tuple(k for k in _evidence_kinds(f) if k not in EVIDENCE_KINDS)
    organisation = f.text("organisation") or ""
    # Templates see the text fields as written too (`title: 2.50` is "2.50", not the number 2.5).
    written = {key: value for key, value in (("title", title), ("organisation", organisation)) if key in data}
    return Proposal(
        title=title,
        slug=slug,
        organisation=organisation,
        date=f.date("date"),
        default_donor=f.identifier("default_donor"),
        sections=_load_sections(f, diags),
        evidence_kinds=kinds,
        data={**data, **written},
        position=doc.pos(),
        currency=currency,
        review_author=f.text("review_author"),
        language=f.language("language") or "en-US",
        funding_windows=funding_windows(f),
        placeholders=f.text_list("placeholders"),
    )


def _evidence_kinds(f: FieldReader) -> list[str]:
    """The kinds `evidence_kinds:` adds; a kind names the folder `new evidence` writes into, so one that is
    not lowercase letters, digits and hyphens (`../../x`, `a/b`) is an error at its entry, and left out."""
    kinds = []
    for index, kind in enumerate(f.text_list("evidence_kinds")):
        if ID_PATTERN.match(kind):
            kinds.append(kind)
            continue
        f.diags.error(
            f.doc.pos("evidence_kinds", index),
            "proposal.bad-id",
            f"evidence kind '{kind}' is not a valid name: use lowercase letters, digits and hyphens "
            "(a kind names the folder new items of it go into)",
        )
    return kinds


def _load_sections(f: FieldReader, diags: Diagnostics) -> tuple[SectionSpec, ...]:
    specs: list[SectionSpec] = []
    seen: dict[str, Position] = {}
    entries = f.list_of("sections", required=True)
    if isinstance(f.mapping.get("sections"), list) and not entries:
        f.error("sections", "missing-field", "'sections' must list at least one section")
    for index, _ in enumerate(entries):
        entry = f.child("sections", index)
        if entry is None:
            f.diags.error(
                f.doc.pos("sections", index),
                "proposal.invalid-field",
                "each section must be a mapping with id, title and template",
            )
            continue
        section_id = entry.identifier("id", required=True)
        title = entry.text("title", required=True)
        template = entry.text("template", required=True)
        if section_id is None or title is None or template is None:
            continue
        position = entry.pos("id")
        if section_id in seen:
            first = seen[section_id]
            entry.error(
                "id", "duplicate-section", f"section id '{section_id}' is defined twice (first at line {first.line})"
            )
            continue
        seen[section_id] = position
        specs.append(SectionSpec(section_id, title, template, entry.pos("template")))
    return tuple(specs)


def load_workspace(root: Path, diags: Diagnostics) -> Workspace | None:
    """Proposal, donors, evidence and tables of the workspace at `root`; None when the proposal is unusable."""
    from .donors import load_donors
    from .evidence import load_evidence
    from .tables import load_tables
    from .translations import load_translations

    proposal = load_proposal(root, diags)
    donors = load_donors(root, proposal, diags)
    evidence = load_evidence(root, proposal, diags)
    tables = load_tables(root, diags)
    translations = load_translations(root, diags)
    if proposal is None:
        return None
    return Workspace(
        root=root, proposal=proposal, donors=donors, evidence=evidence, tables=tables, translations=translations
    )
