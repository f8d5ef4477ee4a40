"""The build pipeline, load -> render -> parse -> write, with one diagnostics collector throughout."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .check.words import check_limits
from .diagnostics import Diagnostics
from .load.donors import load_donors
from .load.evidence import load_evidence
from .load.tables import load_tables
from .load.workspace import load_proposal
from .model import Assembly, Donor, DonorSection, ParsedSection, Position, Workspace
from .parse.markdown import parse_markdown
from .parse.sourcemap import SourceLocator
from .parse.references import annex_rows, check_body_citations, note_text, resolve_citations
from .render.sections import render_sections


class UnknownDonor(Exception):
    """A donor id given on the command line has no profile."""


@dataclass
class Result:
    """What a pipeline run produced: diagnostics and the files it wrote."""

    diagnostics: Diagnostics
    outputs: list[Path] = field(default_factory=list)


def load_workspace(root: Path, diags: Diagnostics) -> Workspace | None:
    """Proposal, donors, evidence and tables of the workspace at `root`."""
    proposal = load_proposal(root, diags)
    donors = load_donors(root, proposal, diags)
    evidence = load_evidence(root, proposal, diags)
    tables = load_tables(root, diags)
    if proposal is None:
        return None
    return Workspace(root=root, proposal=proposal, donors=donors, evidence=evidence, tables=tables)


def implicit_donor(ws: Workspace) -> Donor:
    """The variant built when a workspace has no donor profiles: every section, default headings."""
    sections = tuple(DonorSection(s.id, s.title, s.template, None, s.position) for s in ws.proposal.sections)
    return Donor("default", ws.proposal.organisation or "Donor", "USD", sections, {}, None, {},
                 Position("templates/proposal.yaml"))


def select_donors(ws: Workspace, ids: tuple[str, ...], all_donors: bool) -> list[Donor]:
    """The donors a command asked for: named ones, every one, or the default."""
    if not ws.donors:
        if ids:
            raise UnknownDonor(f"unknown donor '{ids[0]}': this workspace has no donor profiles")
        return [implicit_donor(ws)]
    if all_donors:
        return list(ws.donors.values())
    if not ids:
        default = ws.proposal.default_donor
        return [ws.donors[default]] if default in ws.donors else []
    unknown = [d for d in ids if d not in ws.donors]
    if unknown:
        raise UnknownDonor(f"unknown donor '{unknown[0]}'; known donors: {', '.join(ws.donors)}")
    return [ws.donors[d] for d in dict.fromkeys(ids)]


def assemble_variant(ws: Workspace, donor: Donor, diags: Diagnostics, *, final: bool, limits_are_errors: bool,
                     reported: set[str]) -> Assembly:
    """One donor's variant rendered, parsed and checked, ready for a writer."""
    rendered = render_sections(ws, donor, diags)
    parsed = [ParsedSection(r.id, r.title, parse_markdown(r.markdown), r.template) for r in rendered]
    cited = resolve_citations(parsed, ws.evidence, ws.root, reported, diags)
    limits = {r.id: (r.max_words, r.limit_position) for r in rendered if r.max_words}
    check_limits(parsed, limits, donor.id, diags, as_errors=limits_are_errors or final)
    for item_id in cited:
        item = ws.evidence[item_id]
        if item.status == "draft":
            gap = f"; still to collect: {', '.join(item.missing)}" if item.missing else ""
            message = f"cited evidence '{item_id}' is a draft{gap}"
            (diags.error if final else diags.warning)(item.status_position or item.position, "evidence.draft-cited", message)
    return Assembly(
        title=ws.proposal.title,
        organisation=ws.proposal.organisation,
        donor_id=donor.id,
        donor_name=donor.name,
        date=ws.proposal.date,
        sections=tuple(parsed),
        notes={item_id: note_text(ws.evidence[item_id]) for item_id in cited},
        annex=annex_rows(cited, ws.evidence),
        reference_docx=donor.reference_docx,
        root=ws.root,
        markdown=assembled_markdown(ws, rendered, cited),
        slug=ws.proposal.slug,
    )


def assembled_markdown(ws: Workspace, rendered, cited: list[str]) -> str:
    """The variant as one Pandoc Markdown file: sections as level-1 headings, citations as inline notes."""
    from .parse.citations import ANY_CITATION, split_citation

    def note(match) -> str:
        pairs = split_citation(match.group(0)[1:-1])
        if not pairs or any(pid not in ws.evidence for pid, _ in pairs):
            return match.group(0)
        return "".join(f"^[{note_text(ws.evidence[pid])}{', ' + loc if loc else ''}]" for pid, loc in pairs)

    parts = [f"---\ntitle: \"{ws.proposal.title}\"\n---\n"]
    for section in rendered:
        parts.append(f"# {section.title}\n\n{ANY_CITATION.sub(note, section.markdown).strip()}\n")
    return "\n".join(parts)


def run(root: Path, donor_ids: tuple[str, ...] = (), all_donors: bool = False, *, final: bool = False,
        limits_are_errors: bool = False) -> tuple[Diagnostics, Workspace | None, list[Assembly]]:
    """Load the workspace and assemble each selected variant; nothing is written."""
    diags = Diagnostics()
    ws = load_workspace(root, diags)
    if ws is None:
        return diags, None, []
    donors = select_donors(ws, donor_ids, all_donors)
    reported = check_body_citations(ws.evidence, diags)
    assemblies = [assemble_variant(ws, d, diags, final=final, limits_are_errors=limits_are_errors,
                                   reported=reported) for d in donors]
    return diags, ws, assemblies


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(root: Path, donor_ids: tuple[str, ...] = (), all_donors: bool = False, out: Path | None = None,
          final: bool = False, fmt: str = "docx") -> Result:
    """Build each selected variant; write every file only when no variant has errors."""
    diags, ws, assemblies = run(root, donor_ids, all_donors, final=final)
    result = Result(diags)
    if diags.has_errors or not assemblies:
        return result
    locator = SourceLocator(root, ws.evidence)
    payloads: list[tuple[Path, bytes]] = []
    for assembly in assemblies:
        target = (out or root / "outputs") / f"{assembly.slug}-{assembly.donor_id}.{fmt}"
        if fmt == "md":
            payloads.append((target, assembly.markdown.encode("utf-8")))
            continue
        from .write.document import write_docx

        def warn(template: str, _line: int, needle: str, message: str) -> None:
            diags.warning(locator.locate(template, needle), "write.content", message)

        payloads.append((target, write_docx(assembly, warn=warn)))
    if diags.has_errors:
        return result
    for target, data in payloads:
        write_atomic(target, data)
        result.outputs.append(target)
    return result


def check(root: Path, donor_ids: tuple[str, ...] = (), all_donors: bool = False, final: bool = False) -> Diagnostics:
    """Every problem a build of the selected variants would meet, limits included, without writing."""
    diags, _, _ = run(root, donor_ids, all_donors, final=final, limits_are_errors=True)
    return diags
