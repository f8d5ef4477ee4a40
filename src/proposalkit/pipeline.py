"""The build pipeline, load -> render -> parse -> write, with one diagnostics collector throughout."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .base.diagnostics import Diagnostics, did_you_mean
from .base.model import (
    Assembly,
    Donor,
    DonorSection,
    ParsedSection,
    Position,
    Workspace,
)
from .base.paths import OUTPUTS_DIR, PROPOSAL_FILE
from .check.budget import check_budget
from .check.figures import check_figures
from .check.local_files import check_local_files
from .check.pages import check_page_limits, estimate_pages
from .check.review import check_review_status, citation_sites
from .check.windows import check_funding_windows
from .check.words import check_limits
from .load.donors import load_donors
from .load.evidence import load_evidence
from .load.tables import load_tables
from .load.workspace import load_proposal
from .parse.markdown import MarkdownTooDeep, parse_markdown
from .parse.references import (
    annex_rows,
    check_body_citations,
    note_text,
    resolve_citations,
    section_sources,
)
from .parse.sourcemap import SourceLocator
from .render.filters import exchange_note
from .render.sections import render_cover, render_sections
from .trace import trace_file_name
from .variants.jobs import JobOptions, Progress, default_jobs, run_variants


class UnknownDonor(Exception):
    """A donor id given on the command line has no profile."""


class OutputFailed(Exception):
    """A built file could not be written where it was asked for."""


@dataclass(frozen=True)
class VariantSummary:
    """One built variant as the build's summary line shows it."""

    donor_id: str
    path: Path
    words: int
    pages: float  # estimated
    pdf: Path | None = None
    pdf_pages: int | None = None


@dataclass
class Result:
    """What a pipeline run produced: diagnostics, the files it wrote and a summary of each variant."""

    diagnostics: Diagnostics
    outputs: list[Path] = field(default_factory=list)
    traces: list[Path] = field(default_factory=list)  # the trace file beside each document
    variants: list[VariantSummary] = field(default_factory=list)


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
    return Donor("default", ws.proposal.organisation or "Donor", ws.proposal.currency, sections, {}, None, {},
                 Position(PROPOSAL_FILE))


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
        raise UnknownDonor(f"unknown donor '{unknown[0]}'{did_you_mean(unknown[0], ws.donors)}; "
                           f"known donors: {', '.join(ws.donors)}")
    return [ws.donors[d] for d in dict.fromkeys(ids)]


def assemble_variant(ws: Workspace, donor: Donor, diags: Diagnostics, *, final: bool, limits_are_errors: bool,
                     reported: set[str], estimate_total: bool = True) -> Assembly:
    """One donor's variant rendered, parsed and checked, ready for a writer.

    `estimate_total=False` leaves the whole-document `max_pages` to an exact count made later.
    """
    rendered = render_sections(ws, donor, diags)
    cover = render_cover(ws, donor, diags)
    check_budget(ws, donor, diags)
    parsed = []
    annexes = {s.id for s in donor.sections if s.annex}
    for r in rendered:
        try:
            parsed.append(ParsedSection(r.id, r.title, parse_markdown(r.markdown), r.template, r.id in annexes))
        except MarkdownTooDeep as exc:
            where = SourceLocator(ws.root, ws.evidence).locate_line(r.template.path, r.markdown, exc.line)
            diags.error(where, "markdown.too-deep",
                        f"section '{r.id}': {exc} (line {exc.line} of its Markdown); the rest would be lost")
    check_local_files(parsed, ws.root, SourceLocator(ws.root, ws.evidence), diags)
    cited = resolve_citations(parsed, ws.evidence, ws.root, reported, diags)
    locator = SourceLocator(ws.root, ws.evidence)
    if any(item.metrics for item in ws.evidence.values()):
        check_figures(rendered, ws.evidence, locator, diags)
    as_errors = limits_are_errors or final
    check_funding_windows(ws, donor, diags, as_errors=as_errors)
    limits = {r.id: (r.max_words, r.limit_position) for r in rendered if r.max_words}
    check_limits(parsed, limits, donor.id, diags, as_errors=as_errors)
    sites = citation_sites(rendered, ws.evidence, locator) if final else None
    check_review_status(cited, ws.evidence, final, sites, diags)
    assembly = Assembly(
        title=ws.proposal.title,
        organisation=ws.proposal.organisation,
        donor_id=donor.id,
        donor_name=donor.name,
        date=ws.proposal.date,
        sections=tuple(parsed),
        notes={item_id: note_text(ws.evidence[item_id]) for item_id in cited},
        annex=annex_rows(cited, ws.evidence) if donor.evidence_annex else (),
        reference_docx=donor.reference_docx,
        root=ws.root,
        markdown=assembled_markdown(ws, rendered, cited),
        slug=ws.proposal.slug,
        cover_fields=cover,
        cover_page_break=donor.cover_page_break,
        toc=donor.toc,
        currency=donor.currency,
        exchange_note=exchange_note(ws.proposal.currency, donor.currency, donor.exchange_rate),
        figures={path: chart for r in rendered for path, chart in r.figures.items()},
        sources=section_sources(rendered, parsed, ws.evidence),
    )
    page_limits = {r.id: (r.max_pages, r.pages_position) for r in rendered if r.max_pages}
    whole = (donor.max_pages, donor.pages_position) if donor.max_pages and estimate_total else None
    if page_limits or whole:
        check_page_limits(assembly, estimate_pages(assembly), page_limits, whole, diags, as_errors)
    return assembly


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
    ws, donors, reported = prepare(root, donor_ids, all_donors, diags)
    assemblies = [assemble_variant(ws, d, diags, final=final, limits_are_errors=limits_are_errors,
                                   reported=reported) for d in donors]
    return diags, ws, assemblies


def prepare(root: Path, donor_ids: tuple[str, ...], all_donors: bool, diags: Diagnostics):
    """The workspace, the selected donors and the ids of unknown citations in evidence bodies."""
    ws = load_workspace(root, diags)
    if ws is None:
        return None, [], set()
    donors = select_donors(ws, donor_ids, all_donors)
    return ws, donors, check_body_citations(ws.evidence, diags)


_TEMPORARY = re.compile(r"^\..+\.pk(\d+)\.[A-Za-z0-9_]{8}\.tmp$")
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _stage(path: Path, data: bytes) -> Path:
    """`data` written to a temporary file beside `path` and flushed to disk; removed again if writing fails.

    The temporary file, `.NAME.pkPID.XXXXXXXX.tmp`, is removed on any error or signal this process can
    handle; one left by a killed process is removed by the next build writing to that folder.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.pk{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # as an ordinary new file: mkstemp makes it private to its owner
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename, so readers never see half a file."""
    write_all([(path, data)])


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file through temporary files renamed only once all are written: a failure (a full disk)
    leaves each earlier file as it was and no temporary file behind."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def build(root: Path, donor_ids: tuple[str, ...] = (), all_donors: bool = False, out: Path | None = None,
          final: bool = False, fmt: str = "docx", *, pdf: bool = False, jobs: int | None = None,
          progress: Progress | None = None, review: bool = False) -> Result:
    """Build each selected variant (in parallel processes); write every file only when no variant has errors."""
    diags = Diagnostics()
    result = Result(diags)
    ws, donors, reported = prepare(root, donor_ids, all_donors, diags)
    if ws is None or not donors:
        return result
    if pdf:
        from .convert.pdf import find_soffice

        find_soffice()  # ConverterMissing before any work
    opts = JobOptions(final=final, fmt=fmt, pdf=pdf and fmt == "docx", review=review and fmt == "docx")
    outputs = run_variants(ws, donors, reported, opts, jobs or default_jobs(), progress)
    for output in outputs:
        diags.extend(Diagnostics(output.diagnostics))
    if diags.has_errors:
        return result
    folder = out or root / OUTPUTS_DIR
    try:
        _write_outputs(folder, outputs, fmt, result)
    except OSError as exc:
        raise OutputFailed(f"cannot write the build into {folder}: {exc.strerror or exc}") from None
    return result


def remove_stale_temporaries(folder: Path, *, own: bool = False) -> None:
    """Remove the temporary files that killed builds left in `folder` (their process no longer runs);
    with `own`, those of this process instead (a signal may come before `write_atomic` knows its file)."""
    if not folder.is_dir():
        return
    for entry in os.scandir(folder):
        match = _TEMPORARY.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(match.group(1))
        if (pid == os.getpid()) != own or (not own and _running(pid)):
            continue  # this build's own file, or another build is writing it right now
        Path(entry.path).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _write_outputs(folder: Path, outputs, fmt: str, result: Result) -> None:
    """Write every file of the build into `folder`, all or none, recording them in `result`."""
    remove_stale_temporaries(folder)
    try:
        _write_each(folder, outputs, fmt, result)
    except BaseException:
        remove_stale_temporaries(folder, own=True)
        raise


def _write_each(folder: Path, outputs, fmt: str, result: Result) -> None:
    files: list[tuple[Path, bytes]] = []
    traces: list[Path] = []
    variants = []
    for output in outputs:
        for name, data in output.files.items():  # the Markdown's generated images, by its relative paths
            if all(folder / name != path for path, _ in files):
                files.append((folder / name, data))
        target = folder / f"{output.file_stem}.{fmt}"
        pdf_target = None
        files.append((target, output.payload))
        if output.trace is not None:
            trace_target = folder / trace_file_name(output.file_stem, fmt)
            files.append((trace_target, output.trace))
            traces.append(trace_target)
        if output.pdf is not None:
            pdf_target = target.with_suffix(".pdf")
            files.append((pdf_target, output.pdf))
        variants.append(VariantSummary(output.donor_id, target, output.words, output.pages.total,
                                       pdf_target, output.exact_pages))
    write_all(files)
    result.outputs.extend(path for path, _ in files if path not in traces)
    result.traces.extend(traces)
    result.variants.extend(variants)


def note_uncited(ws: Workspace, assemblies: list[Assembly], diags: Diagnostics) -> None:
    """A note at each evidence item that none of the variants cites."""
    cited = {item_id for assembly in assemblies for item_id in assembly.notes}
    variants = ", ".join(assembly.donor_id for assembly in assemblies)
    for item in ws.evidence.values():
        if item.id not in cited:
            diags.note(item.position, "evidence.uncited",
                       f"evidence '{item.id}' is cited by none of the variants checked ({variants})")


def check(root: Path, donor_ids: tuple[str, ...] = (), all_donors: bool = False, final: bool = False, *,
          exact_pages: bool = False, jobs: int | None = None) -> Diagnostics:
    """Every problem a build of the selected variants would meet, limits included, without writing.

    With `exact_pages`, each variant is also written and converted to PDF by LibreOffice, and its real
    page count is checked against the donor's whole-document `max_pages`.
    """
    if not exact_pages:
        diags, ws, assemblies = run(root, donor_ids, all_donors, final=final, limits_are_errors=True)
        if ws is not None and assemblies:
            note_uncited(ws, assemblies, diags)
        return diags
    from .convert.pdf import find_soffice

    find_soffice()
    diags = Diagnostics()
    ws, donors, reported = prepare(root, donor_ids, all_donors, diags)
    if ws is None or not donors:
        return diags
    opts = JobOptions(final=final, limits_are_errors=True, fmt=None, exact_pages=True)
    for output in run_variants(ws, donors, reported, opts, jobs or default_jobs()):
        diags.extend(Diagnostics(output.diagnostics))
    return diags
