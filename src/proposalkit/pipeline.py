"""The build pipeline, read top to bottom: load -> render -> parse -> checks -> write -> convert -> trace.

`build` loads the workspace once, then takes each selected donor's variant through the later stages
(`make_variant`, in parallel processes when there are several) and writes every file, all or none,
only when no variant has errors. `check` runs the same stages without writing anything.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from .base.atomic import write_into
from .base.diagnostics import Diagnostic, Diagnostics
from .base.errors import OutputFailed, UnknownDonor
from .base.model import Assembly, Donor, DonorSection, Position, Workspace
from .base.parallel import Progress, default_jobs, map_processes
from .base.paths import OUTPUTS_DIR, PROPOSAL_FILE, output_problem
from .check.pages import PageEstimate, cover_excess, estimate_pages
from .check.variant import check_variant
from .check.words import section_words
from .documents import Job, contents_pages, convert_variant, in_child, write_laid_out
from .load.workspace import load_workspace
from .parse.assemble import assemble_variant
from .parse.references import check_body_citations
from .parse.sections import parse_sections
from .render.variant import render_variant
from .write.trace import build_trace, trace_file_name


@dataclass
class VariantOutput:
    """What one variant's run returns to the parent process."""

    donor_id: str
    file_stem: str
    diagnostics: list[Diagnostic]
    payload: bytes | None
    pdf: bytes | None
    words: int
    pages: PageEstimate
    exact_pages: int | None
    files: dict[str, bytes] = field(default_factory=dict)  # generated images beside a Markdown build
    trace: bytes | None = None  # the trace file's JSON, when a document was made
    cited: tuple[str, ...] = ()  # the evidence ids the variant cites, in order of first citation


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


# -- the spine ---------------------------------------------------------------------------------------


def build(
    root: Path,
    donor_ids: tuple[str, ...] = (),
    all_donors: bool = False,
    out: Path | None = None,
    final: bool = False,
    fmt: str = "docx",
    *,
    pdf: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    review: bool = False,
    toc_pages: str = "auto",
) -> Result:
    """Build each selected variant (in parallel processes); write every file only when no variant has errors.

    `toc_pages`: "layout" numbers the contents from LibreOffice's layout, "estimate" from the page model,
    "auto" (the default) from the layout where LibreOffice is installed.
    """
    if (refused := output_problem(out or root / OUTPUTS_DIR, root)) is not None:
        raise OutputFailed(refused)  # before anything is read or built
    diags = Diagnostics()
    result = Result(diags)
    ws, donors, reported = prepare(root, donor_ids, all_donors, diags)  # load
    if ws is None or not donors:
        return result
    if pdf:
        from .convert.pdf import find_soffice

        find_soffice()  # ConverterMissing before any work
    job = Job(
        final=final,
        fmt=fmt,
        pdf=pdf and fmt == "docx",
        review=review and fmt == "docx",
        toc_pages=contents_pages(toc_pages) if fmt == "docx" else "estimate",
    )
    outputs = run_variants(ws, donors, reported, job, jobs, progress)  # render, parse, checks, write, convert, trace
    for output in outputs:
        diags.extend(Diagnostics(output.diagnostics))
    if diags.has_errors:
        return result
    folder = out or root / OUTPUTS_DIR
    files, summaries = output_files(folder, outputs, fmt)
    try:
        write_into(folder, files)  # all or none
    except OSError as exc:
        raise OutputFailed(f"cannot write the build into {folder}: {exc.strerror or exc}") from None
    traces = {folder / trace_file_name(o.file_stem, fmt) for o in outputs if o.trace is not None}
    result.outputs.extend(path for path, _ in files if path not in traces)
    result.traces.extend(path for path, _ in files if path in traces)
    result.variants.extend(summaries)
    return result


def make_variant(ws: Workspace, donor: Donor, reported: set[str], job: Job) -> VariantOutput:
    """One donor's variant through every stage after load; what it makes is returned, not written.

    With `job.overlap` (one variant on a machine with a CPU to spare), the checks run in a forked process while
    this one writes the document, which is dropped if they find an error that stops the build: the same files
    and diagnostics as one stage after the other."""
    diags = Diagnostics()
    rendered, cover = render_variant(ws, donor, diags)  # render, in a bounded worker process
    parsed = parse_sections(ws, donor, rendered, diags)  # parse
    assembly = assemble_variant(ws, donor, rendered, parsed, cover, set(reported), diags)
    checks = partial(_checks, ws, donor, rendered, assembly, diags, job)  # checks
    overlap = job.overlap and job.fmt == "docx" and not job.review
    checked = in_child(checks) if overlap else None
    pages, words, _ = (None, 0, []) if checked else checks()
    annotate = None
    if job.review:
        from .check.review_copy import review_annotator  # and what finds a paragraph's evidence: review copies only

        annotate = review_annotator(ws, assembly, diags)
    stem = f"{assembly.slug}-{assembly.donor_id}" + ("-review" if job.review else "")
    payload = docx = pdf = exact = None
    files: dict[str, bytes] = {}
    if checked is None and not _blocked(diags) and job.fmt == "md":  # write
        from .write.markdown import write_markdown

        payload, files = write_markdown(assembly)
    elif (checked is not None or not _blocked(diags)) and job.writes_docx:
        maps = {section.id: section.sources for section in assembly.sections}
        written = Diagnostics() if checked else diags  # beside the checks: added after theirs, as in turn

        def warn(section_id: str, line: int, needle: str, message: str) -> None:
            written.warning(maps[section_id].find(needle, line), "write.content", message)

        def estimate() -> PageEstimate:
            nonlocal pages, words
            if pages is None:
                assert checked is not None
                pages, words, found = checked()
                diags.extend(Diagnostics(found))
            return pages

        docx, laid_pdf = write_laid_out(assembly, estimate, cover_excess(assembly), warn, annotate, stem, job, written)
        estimate()
        if checked is not None and _blocked(diags):
            docx = laid_pdf = None
        elif checked is not None:
            diags.extend(written)
        payload = docx if job.fmt == "docx" else None
    if pages is None:  # not written
        pages, words, _ = checked() if checked else checks()
    if docx is not None and (job.pdf or job.exact_pages):  # convert
        pdf, exact = convert_variant(donor, assembly, docx, stem, job, diags, laid_pdf)
    trace = None
    if payload is not None and job.fmt:  # trace
        trace = build_trace(ws, donor, assembly, f"{stem}.{job.fmt}", payload)
    return VariantOutput(
        donor.id,
        stem,
        list(diags.items),
        payload,
        pdf if job.pdf else None,
        words,
        pages,
        exact,
        files,
        trace,
        assembly.cited,
    )


def _checks(
    ws: Workspace, donor: Donor, rendered: list, assembly: Assembly, diags: Diagnostics, job: Job
) -> tuple[PageEstimate, int, list[Diagnostic]]:
    """The variant's page estimate and words, and its checks' diagnostics: added to `diags`, and returned."""
    known = len(diags.items)
    pages = estimate_pages(assembly)
    check_variant(
        ws,
        donor,
        rendered,
        assembly,
        pages,
        diags,
        final=job.final,
        limits_are_errors=job.limits_are_errors,
        whole_document=not job.exact_pages,
    )
    words = sum(section_words(section) for section in assembly.sections)
    return pages, words, diags.items[known:]


def _blocked(diags: Diagnostics) -> bool:
    """An error stops the write; a limit passed does not: the document is whole, and an exact count still helps."""
    return any(d.severity == "error" and not d.code.startswith("limit.") for d in diags.items)


def run_variants(
    ws: Workspace,
    donors: list[Donor],
    reported: set[str],
    job: Job,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[VariantOutput]:
    """`make_variant` for each donor, in parallel processes when there are several, in the donors' order."""
    if job.writes_docx and len(donors) > 1:
        from .write import document  # noqa: F401  imported once here, inherited by the forked workers
    if len(donors) == 1 and (jobs or default_jobs()) > 1 and threading.active_count() == 1:
        job = replace(job, overlap=True)  # one variant: its checks beside its writing (a fork, so no threads)
    return map_processes(
        partial(_variant, ws, reported, job),
        donors,
        jobs=jobs or default_jobs(),
        name=lambda donor: donor.id,
        progress=progress,
    )


def _variant(ws: Workspace, reported: set[str], job: Job, donor: Donor) -> VariantOutput:
    return make_variant(ws, donor, reported, job)


def check(
    root: Path,
    donor_ids: tuple[str, ...] = (),
    all_donors: bool = False,
    final: bool = False,
    *,
    exact_pages: bool = False,
    jobs: int | None = None,
) -> Diagnostics:
    """Every problem a build of the selected variants would meet, limits included, without writing.

    With `exact_pages`, each variant is also written and converted to PDF by LibreOffice, and its real
    page count is checked against the donor's whole-document `max_pages`.
    """
    if exact_pages:
        from .convert.pdf import find_soffice

        find_soffice()
    diags = Diagnostics()
    ws, donors, reported = prepare(root, donor_ids, all_donors, diags)
    if ws is None or not donors:
        return diags
    job = Job(final=final, limits_are_errors=True, fmt=None, exact_pages=exact_pages)
    outputs = run_variants(ws, donors, reported, job, jobs if exact_pages else 1)
    for output in outputs:
        diags.extend(Diagnostics(output.diagnostics))
    if not exact_pages:
        note_uncited(ws, outputs, diags)
    return diags


def run(
    root: Path,
    donor_ids: tuple[str, ...] = (),
    all_donors: bool = False,
    *,
    final: bool = False,
    limits_are_errors: bool = False,
) -> tuple[Diagnostics, Workspace | None, list[Assembly]]:
    """Load the workspace and assemble each selected variant, checked; nothing is written."""
    diags = Diagnostics()
    ws, donors, reported = prepare(root, donor_ids, all_donors, diags)
    assemblies = []
    for donor in donors:
        rendered, cover = render_variant(ws, donor, diags)
        parsed = parse_sections(ws, donor, rendered, diags)
        assembly = assemble_variant(ws, donor, rendered, parsed, cover, reported, diags)
        check_variant(
            ws,
            donor,
            rendered,
            assembly,
            estimate_pages(assembly),
            diags,
            final=final,
            limits_are_errors=limits_are_errors,
        )
        assemblies.append(assembly)
    return diags, ws, assemblies


# -- around the spine --------------------------------------------------------------------------------


def prepare(root: Path, donor_ids: tuple[str, ...], all_donors: bool, diags: Diagnostics):
    """The workspace, the selected donors and the ids of unknown citations in evidence bodies."""
    ws = load_workspace(root, diags)
    if ws is None:
        return None, [], set()
    donors = select_donors(ws, donor_ids, all_donors)
    return ws, donors, check_body_citations(ws.evidence, diags)


def implicit_donor(ws: Workspace) -> Donor:
    """The variant built when a workspace has no donor profiles: every section, default headings."""
    sections = tuple(DonorSection(s.id, s.title, s.template, None, s.position) for s in ws.proposal.sections)
    return Donor(
        "default",
        ws.proposal.organisation or "Donor",
        ws.proposal.currency,
        sections,
        {},
        None,
        {},
        Position(PROPOSAL_FILE),
    )


def select_donors(ws: Workspace, ids: tuple[str, ...], all_donors: bool) -> list[Donor]:
    """The donors a command asked for: named ones, every one, or the default."""
    from .base.diagnostics import did_you_mean

    if not ws.donors:
        if ids:
            raise UnknownDonor(f"unknown donor '{ids[0]}': this workspace has no donor profiles")
        return [implicit_donor(ws)]
    unknown = [d for d in ids if d not in ws.donors]
    if unknown:  # beside --all too: a misspelt donor is never silently left out
        raise UnknownDonor(
            f"unknown donor '{unknown[0]}'{did_you_mean(unknown[0], ws.donors)}; known donors: {', '.join(ws.donors)}"
        )
    if all_donors:
        return list(ws.donors.values())
    if not ids:
        default = ws.proposal.default_donor
        return [ws.donors[default]] if default is not None and default in ws.donors else []
    return [ws.donors[d] for d in dict.fromkeys(ids)]


def output_files(
    folder: Path, outputs: list[VariantOutput], fmt: str
) -> tuple[list[tuple[Path, bytes]], list[VariantSummary]]:
    """Every file of the build by its path in `folder` (documents, traces, PDFs, images), and the summaries."""
    files: list[tuple[Path, bytes]] = []
    summaries = []
    for output in outputs:
        for name, data in output.files.items():  # the Markdown's generated images, by its relative paths
            if all(folder / name != path for path, _ in files):
                files.append((folder / name, data))
        target = folder / f"{output.file_stem}.{fmt}"
        files.append((target, output.payload or b""))
        if output.trace is not None:
            files.append((folder / trace_file_name(output.file_stem, fmt), output.trace))
        pdf_target = None
        if output.pdf is not None:
            pdf_target = target.with_suffix(".pdf")
            files.append((pdf_target, output.pdf))
        summaries.append(
            VariantSummary(output.donor_id, target, output.words, output.pages.total, pdf_target, output.exact_pages)
        )
    return files, summaries


def note_uncited(ws: Workspace, outputs: list[VariantOutput], diags: Diagnostics) -> None:
    """A note at each evidence item that none of the variants cites."""
    cited = {item_id for output in outputs for item_id in output.cited}
    variants = ", ".join(output.donor_id for output in outputs)
    for item in ws.evidence.values():
        if item.id not in cited:
            diags.note(
                item.position,
                "evidence.uncited",
                f"evidence '{item.id}' is cited by none of the variants checked ({variants})",
            )
