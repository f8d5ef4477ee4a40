"""The documents one variant's run makes: the .docx (its contents numbered from the page model, or from
LibreOffice's layout of it), LibreOffice's PDF and its page count against the donor's limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from .base.diagnostics import Diagnostics
from .base.model import Assembly, Donor, Position
from .base.paths import PROPOSAL_FILE
from .check.pages import PageEstimate
from .check.variant import check_exact_pages

T = TypeVar("T")


@dataclass(frozen=True)
class Job:
    """What each variant's run does after the checks: the output format, a review copy, PDF, exact pages."""

    final: bool = False
    limits_are_errors: bool = False
    fmt: str | None = "docx"  # None: assemble and check only
    pdf: bool = False
    exact_pages: bool = False
    review: bool = False  # write a review copy: evidence paragraphs carry comments naming their source
    toc_pages: str = (
        "estimate"  # the contents' page numbers: from LibreOffice's "layout" or the page model's "estimate"
    )
    overlap: bool = False  # the checks in a second process while the document is written (see in_child)

    @property
    def writes_docx(self) -> bool:
        return self.fmt == "docx" or self.pdf or self.exact_pages


def contents_pages(choice: str) -> str:
    """ "layout" or "estimate" for a build's `toc_pages` choice; "auto" is the layout where LibreOffice is found.

    PROPOSALKIT_TOC_PAGES, when set, stands for "auto" (the test suite sets it to "estimate" for speed)."""
    import os

    if choice == "auto":
        choice = os.environ.get("PROPOSALKIT_TOC_PAGES", "auto")
    if choice != "auto":
        return choice
    from .base.errors import ConverterMissing
    from .convert.pdf import find_soffice

    try:
        find_soffice()
    except ConverterMissing:
        return "estimate"
    return "layout"


def in_child(work: Callable[[], T]) -> Callable[[], T]:
    """`work` started in a forked process, beside what this one does next; the function returned waits for its
    result. The child sees this process's memory as it was (nothing is pickled on the way there) and sends
    back only the result. Where a process cannot be forked, or the child fails, the work is done here when its
    result is asked for, so the result (or the exception) is the same either way."""
    import gc
    import os
    import pickle

    if not hasattr(os, "fork"):
        return work
    read, write = os.pipe()
    gc.freeze()  # the objects there now: collections here while the child runs leave their pages shared
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(read)
        os.close(write)
        return work
    if pid == 0:  # the child: compute, send, leave without running this process's exit handlers
        status = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                pickle.dump(work(), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write)

    def result() -> T:
        with os.fdopen(read, "rb") as source:
            data = source.read()
        _, status = os.waitpid(pid, 0)
        gc.unfreeze()
        return pickle.loads(data) if status == 0 and data else work()

    return result


def write_laid_out(
    assembly: Assembly,
    pages: Callable[[], PageEstimate],
    cover_excess: float,
    warn,
    annotate,
    stem: str,
    job: Job,
    diags: Diagnostics,
) -> tuple[bytes, bytes | None]:
    """The variant's .docx, its contents numbered from the page model; with `toc_pages="layout"`, written again
    with the pages LibreOffice lays each heading out on. Also LibreOffice's PDF of the final document, when
    the layout pass already made it (the numbers it found were the ones it laid out).

    `pages()` gives the estimate, asked for when the contents are written, after the body."""
    from .write.document import write_docx

    entries: list[tuple[int, str, str]] = []
    docx = write_docx(
        assembly,
        warn=warn,
        annotate=annotate,
        pages=lambda: pages().headings,
        headings=entries,
        cover_excess=cover_excess,
    )
    if job.toc_pages != "layout" or not assembly.toc:
        return docx, None
    estimate = pages()
    from .convert.outline import heading_pages, outline_pages
    from .convert.pdf import ConversionFailed, docx_to_pdf

    try:
        pdf = docx_to_pdf(docx, stem)
    except ConversionFailed as exc:
        diags.warning(Position(PROPOSAL_FILE), "convert.pdf", f"contents left with estimated page numbers: {exc}")
        return docx, None
    laid = heading_pages(entries, outline_pages(pdf))
    numbers = [page if page is not None else guess for page, guess in zip(laid, estimate.headings)]
    final = write_docx(assembly, annotate=annotate, pages=numbers, laid_out=True, cover_excess=cover_excess)
    return final, pdf if numbers == list(estimate.headings) else None


def convert_variant(
    donor: Donor,
    assembly: Assembly,
    docx: bytes,
    stem: str,
    job: Job,
    diags: Diagnostics,
    known: bytes | None = None,
) -> tuple[bytes | None, int | None]:
    """LibreOffice's PDF of the variant and its page count; with `exact_pages`, the count checked against the
    donor's whole-document limit (annexes, which start a page of their own, left out of the count)."""
    from .convert.pdf import ConversionFailed, docx_to_pdf, pdf_pages

    try:
        pdf = known if known is not None else docx_to_pdf(docx, stem)
    except ConversionFailed as exc:
        diags.error(donor.position, "convert.pdf", str(exc))
        return None, None
    exact = counted = pdf_pages(pdf)
    if job.exact_pages and donor.max_pages:
        if any(s.annex for s in assembly.sections) or assembly.annex:
            try:
                counted = pages_before_annexes(assembly, stem)
            except ConversionFailed as exc:
                diags.error(donor.position, "convert.pdf", str(exc))
        check_exact_pages(donor, counted, exact, diags, as_errors=job.limits_are_errors or job.final)
    return pdf, exact


def pages_before_annexes(assembly: Assembly, stem: str) -> int:
    """LibreOffice's page count of `assembly` without its annexes."""
    from .convert.pdf import docx_to_pdf, pdf_pages
    from .write.document import write_docx

    body = replace(assembly, sections=tuple(s for s in assembly.sections if not s.annex), annex=())
    return pdf_pages(docx_to_pdf(write_docx(body), f"{stem}-body"))
