"""The checks of one variant, in one call: the reference document, budget rules, local files, figures, funding windows, placeholders,
word and page limits, and the review status of cited evidence."""

from __future__ import annotations

from ..base.diagnostics import Diagnostics
from ..base.model import Assembly, Donor, RenderedSection, Workspace
from ..render.context import translates, variant_language
from .budget import check_budget
from .figures import check_figures
from .local_files import check_local_files
from .pages import PageEstimate, check_cover, check_page_limits
from .placeholders import check_placeholders
from .reference import check_reference
from .status import check_review_status, citation_sites
from .translations import check_translations
from .windows import check_funding_windows
from .words import check_char_limits, check_limits


def check_variant(
    ws: Workspace,
    donor: Donor,
    rendered: list[RenderedSection],
    assembly: Assembly,
    pages: PageEstimate,
    diags: Diagnostics,
    *,
    final: bool,
    limits_are_errors: bool,
    whole_document: bool = True,
) -> None:
    """Report every rule `assembly` breaks; limits are errors with `limits_are_errors` or `final`.

    `whole_document=False` leaves the whole-document `max_pages` to an exact count made later.
    """
    as_errors = limits_are_errors or final
    check_reference(donor, diags)
    check_budget(ws, donor, diags)
    check_local_files(list(assembly.sections), ws.root, diags, assembly.figures)
    if any(item.metrics for item in ws.evidence.values()):
        check_figures(rendered, ws.evidence, diags)
    check_funding_windows(ws, donor, diags, as_errors=as_errors)
    check_placeholders(rendered, donor, assembly.cover_fields, ws.proposal.placeholders, diags, final=final)
    check_cover(assembly, pages, donor, diags)
    if translates(ws, donor):
        check_translations(ws, variant_language(ws, donor), diags, final=final)
    limits = {r.id: (r.max_words, r.limit_position) for r in rendered if r.max_words}
    rules = {s.id: s.source for s in donor.sections if s.source}  # the guideline each section's limits come from
    check_limits(list(assembly.sections), limits, donor.id, diags, as_errors=as_errors, rules=rules)
    chars = {s.id: (s.max_chars, s.chars_position) for s in donor.sections if s.max_chars}
    if chars:
        sections = list(assembly.sections)
        check_char_limits(sections, chars, donor.id, donor.count_spaces, diags, as_errors=as_errors, rules=rules)
    sites = citation_sites(rendered, ws.evidence) if final else None
    check_review_status(list(assembly.cited), ws.evidence, final, sites, diags)
    page_limits = {r.id: (r.max_pages, r.pages_position) for r in rendered if r.max_pages}
    whole = (donor.max_pages, donor.pages_position) if donor.max_pages and whole_document else None
    if page_limits or whole:
        check_page_limits(assembly, pages, page_limits, whole, diags, as_errors, rules)


def check_exact_pages(donor: Donor, counted: int, exact: int, diags: Diagnostics, *, as_errors: bool) -> None:
    """The donor's whole-document `max_pages` against LibreOffice's count (`counted`: before the annexes)."""
    if not donor.max_pages or counted <= donor.max_pages:
        return
    report = diags.error if as_errors else diags.warning
    before = " before its annexes" if counted != exact else ""
    report(
        donor.pages_position or donor.position,
        "limit.max-pages",
        f"the {donor.id} variant has {counted} pages{before} in LibreOffice's PDF, over the {donor.id} limit "
        f"of {donor.max_pages} (max_pages)",
    )
