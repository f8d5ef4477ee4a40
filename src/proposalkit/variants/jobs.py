"""Variant jobs: one donor's variant assembled, written, converted and counted, in parallel processes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from ..base.diagnostics import Diagnostic, Diagnostics
from ..base.model import Donor, Workspace
from ..check.pages import PageEstimate, estimate_pages
from ..check.words import section_words

Progress = Callable[[int, int, str], None]  # (variants done, variants in all, donor id just done)


@dataclass(frozen=True)
class JobOptions:
    """What each variant's job does beyond assembling: the output format, PDF, exact page count."""

    final: bool = False
    limits_are_errors: bool = False
    fmt: str | None = "docx"  # None: assemble and check only
    pdf: bool = False
    exact_pages: bool = False
    review: bool = False  # write a review copy: evidence paragraphs carry comments naming their source


@dataclass
class VariantOutput:
    """What one variant's job returns to the parent process."""

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


def variant_job(ws: Workspace, donor: Donor, reported: set[str], opts: JobOptions) -> VariantOutput:
    """Assemble one variant and, as asked, write it to bytes, convert it to PDF and count its pages."""
    from ..convert.pdf import ConversionFailed, docx_to_pdf, pdf_pages
    from ..parse.sourcemap import SourceLocator
    from ..pipeline import assemble_variant

    diags = Diagnostics()
    assembly = assemble_variant(ws, donor, diags, final=opts.final, limits_are_errors=opts.limits_are_errors,
                                reported=set(reported), estimate_total=not opts.exact_pages)
    stem = f"{assembly.slug}-{assembly.donor_id}" + ("-review" if opts.review else "")
    annotate = None
    if opts.review:
        from .review import review_annotator

        annotate = review_annotator(ws, assembly, diags)
    payload = pdf = exact = counted = None
    files: dict[str, bytes] = {}
    # A limit passed is no reason not to write: the document is whole, and an exact count still helps.
    blocked = any(d.severity == "error" and not d.code.startswith("limit.") for d in diags.items)
    if not blocked and opts.fmt == "md":
        payload = assembly.markdown.encode("utf-8")
        files = {path: chart.draw() for path, chart in sorted(assembly.figures.items())}
    elif not blocked and (opts.fmt == "docx" or opts.pdf or opts.exact_pages):
        from ..write.document import write_docx

        locator = SourceLocator(ws.root, ws.evidence)

        def warn(template: str, _line: int, needle: str, message: str) -> None:
            diags.warning(locator.locate(template, needle), "write.content", message)

        docx = write_docx(assembly, warn=warn, annotate=annotate)
        payload = docx if opts.fmt == "docx" else None
        if opts.pdf or opts.exact_pages:
            try:
                pdf = docx_to_pdf(docx, stem)
            except ConversionFailed as exc:
                diags.error(donor.position, "convert.pdf", str(exc))
            else:
                exact = counted = pdf_pages(pdf)
                annexed = any(s.annex for s in assembly.sections) or bool(assembly.annex)
                if opts.exact_pages and donor.max_pages and annexed:
                    try:
                        counted = pages_before_annexes(assembly, stem)
                    except ConversionFailed as exc:
                        diags.error(donor.position, "convert.pdf", str(exc))
    if counted is not None and opts.exact_pages and donor.max_pages and counted > donor.max_pages:
        report = diags.error if (opts.limits_are_errors or opts.final) else diags.warning
        before = " before its annexes" if counted != exact else ""
        report(donor.pages_position or donor.position, "limit.max-pages",
               f"the {donor.id} variant has {counted} pages{before} in LibreOffice's PDF, over the {donor.id} limit "
               f"of {donor.max_pages} (max_pages)")
    words = sum(section_words(section) for section in assembly.sections)
    trace = None
    if payload is not None and opts.fmt:
        from ..trace import build_trace

        trace = build_trace(ws, donor, assembly, f"{stem}.{opts.fmt}", payload)
    return VariantOutput(donor.id, stem, list(diags.items), payload, pdf if opts.pdf else None, words,
                         estimate_pages(assembly), exact, files, trace)


def pages_before_annexes(assembly, stem: str) -> int:
    """LibreOffice's page count of `assembly` without its annexes (which start a page of their own)."""
    from dataclasses import replace

    from ..convert.pdf import docx_to_pdf, pdf_pages
    from ..write.document import write_docx

    body = replace(assembly, sections=tuple(s for s in assembly.sections if not s.annex), annex=())
    return pdf_pages(docx_to_pdf(write_docx(body), f"{stem}-body"))


_WORKER: dict = {}


def _init_worker(ws: Workspace, reported: set[str], opts: JobOptions) -> None:
    _WORKER.update(ws=ws, reported=reported, opts=opts)


def _worker_job(donor_id: str) -> VariantOutput:
    ws = _WORKER["ws"]
    return variant_job(ws, ws.donors[donor_id], _WORKER["reported"], _WORKER["opts"])


def default_jobs() -> int:
    """Processes for a multi-variant run: the CPUs this process may use, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def run_variants(ws: Workspace, donors: list[Donor], reported: set[str], opts: JobOptions, jobs: int,
                 progress: Progress | None = None) -> list[VariantOutput]:
    """Each donor's job, in parallel processes when there are several, results in the donors' order."""
    total = len(donors)
    if progress:
        progress(0, total, "")
    if total <= 1 or jobs <= 1 or any(d.id not in ws.donors for d in donors):
        outputs = []
        for n, donor in enumerate(donors, start=1):
            outputs.append(variant_job(ws, donor, reported, opts))
            if progress:
                progress(n, total, donor.id)
        return outputs
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    if opts.fmt == "docx" or opts.pdf or opts.exact_pages:
        from ..write import document  # noqa: F401  imported once here, inherited by forked workers

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    results: dict[str, VariantOutput] = {}
    with ProcessPoolExecutor(max_workers=min(jobs, total), mp_context=context, initializer=_init_worker,
                             initargs=(ws, reported, opts)) as pool:
        futures = {pool.submit(_worker_job, donor.id): donor.id for donor in donors}
        try:
            for n, future in enumerate(as_completed(futures), start=1):
                results[futures[future]] = future.result()
                if progress:
                    progress(n, total, futures[future])
        except BaseException:  # an interrupt or a failed job: stop the other workers now, not after their jobs
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [results[donor.id] for donor in donors]
