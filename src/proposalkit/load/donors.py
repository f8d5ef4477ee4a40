"""Donor profiles from templates/donors/*.yaml, checked against the proposal's sections."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics
from ..model import Donor, DonorSection, Position, Proposal
from .fields import ID_PATTERN, FieldReader
from .source import load_yaml, read_text, require_mapping

DONORS_DIR = "templates/donors"


def load_donors(root: Path, proposal: Proposal | None, diags: Diagnostics) -> dict[str, Donor]:
    """Every donor profile by id (file stem), in id order."""
    folder = root / DONORS_DIR
    donors: dict[str, Donor] = {}
    if not folder.is_dir():
        return donors
    for path in sorted(folder.glob("*.y*ml")):
        if path.suffix not in (".yaml", ".yml"):
            continue
        rel = path.relative_to(root).as_posix()
        if not ID_PATTERN.match(path.stem):
            diags.error(Position(rel), "donor.bad-id",
                        f"donor file name '{path.stem}' is not a valid id: use lowercase letters, digits and hyphens")
            continue
        if path.stem in donors:
            diags.error(Position(rel), "donor.duplicate", f"donor '{path.stem}' is defined twice")
            continue
        donor = load_donor(root, path, rel, proposal, diags)
        if donor is not None:
            donors[donor.id] = donor
    if proposal is not None:
        _check_default(proposal, donors, diags)
    return donors


def _check_default(proposal: Proposal, donors: dict[str, Donor], diags: Diagnostics) -> None:
    position = Position("templates/proposal.yaml")
    default = proposal.default_donor
    if default is None:
        if donors:
            diags.error(position, "proposal.missing-field",
                        "missing required field 'default_donor' (the workspace has donor profiles)")
    elif donors and default not in donors:
        diags.error(position, "proposal.unknown-donor",
                    f"default_donor '{default}' has no profile; known: {', '.join(donors)}")


def load_donor(root: Path, path: Path, rel: str, proposal: Proposal | None, diags: Diagnostics) -> Donor | None:
    """One donor profile, or None when its file cannot be used."""
    text = read_text(path, rel, diags)
    if text is None:
        return None
    doc = load_yaml(text, rel, diags)
    if doc is None:
        return None
    data = require_mapping(doc, diags, "a donor profile")
    if data is None:
        return None
    f = FieldReader(doc, data, (), "donor", diags)
    name = f.text("name", required=True) or path.stem
    currency = (f.text("currency") or "USD").upper()
    terms = {str(k): str(v) for k, v in f.mapping_of("terms").items() if v is not None}
    reference = None
    ref_text = f.text("reference_docx")
    if ref_text:
        reference = (root / "templates" / ref_text)
        if not reference.is_file():
            f.error("reference_docx", "missing-reference", f"reference document 'templates/{ref_text}' does not exist")
            reference = None
    return Donor(
        id=path.stem,
        name=name,
        currency=currency,
        sections=_donor_sections(f, proposal, diags),
        terms=terms,
        reference_docx=reference,
        data=data,
        position=doc.pos(),
    )


def _donor_sections(f: FieldReader, proposal: Proposal | None, diags: Diagnostics) -> tuple[DonorSection, ...]:
    if proposal is None:
        return ()
    if not f.present("sections"):
        return tuple(DonorSection(s.id, s.title, s.template, None, f.pos()) for s in proposal.sections)
    chosen: list[DonorSection] = []
    seen: set[str] = set()
    for index, entry in enumerate(f.list_of("sections")):
        position = f.doc.pos("sections", index)
        title = max_words = limit_position = None
        if isinstance(entry, dict):
            item = f.child("sections", index)
            section_id = item.identifier("id", required=True)
            title = item.text("title")
            max_words = item.positive_int("max_words")
            limit_position = item.pos("max_words") if max_words else None
            position = item.pos("id")
        elif isinstance(entry, str):
            section_id = entry.strip()
        else:
            diags.error(position, "donor.invalid-field", "a donor section is a section id or a mapping with 'id'")
            continue
        if section_id is None:
            continue
        spec = proposal.section(section_id)
        if spec is None:
            known = ", ".join(s.id for s in proposal.sections)
            diags.error(position, "donor.unknown-section",
                        f"section '{section_id}' is not defined in templates/proposal.yaml (defined: {known})")
            continue
        if section_id in seen:
            diags.error(position, "donor.duplicate-section", f"section '{section_id}' is listed twice")
            continue
        seen.add(section_id)
        chosen.append(DonorSection(section_id, title or spec.title, spec.template, max_words, position, limit_position))
    return tuple(chosen)
