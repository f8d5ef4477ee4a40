"""A variant assembled for the writers: parsed sections, citations resolved to notes, the annex and the
donor's page set-up."""

from __future__ import annotations

from ..base.diagnostics import Diagnostics
from ..base.model import Assembly, Donor, ParsedSection, RenderedSection, Workspace
from ..base.strings import strings_for
from ..render.filters import exchange_note
from .citing import cite_variant, make_style
from .extensions.typography import smarten
from .references import annex_rows, resolve_citations, section_citations, section_sources


def assemble_variant(
    ws: Workspace,
    donor: Donor,
    rendered: list[RenderedSection],
    parsed: list[ParsedSection],
    cover: tuple[tuple[str, str], ...],
    reported: set[str],
    diags: Diagnostics,
) -> Assembly:
    """The variant as a writer takes it; unknown citations are reported where they are written."""
    citations = section_citations(parsed)
    cited = resolve_citations(citations, ws.evidence, reported, diags)
    language = donor.language or ws.proposal.language
    languages = (language, ws.proposal.language)  # which of an item's sources `[@item]` gives, see citing.in_language
    strings = strings_for(language)
    style = make_style(donor.citation_style, strings)
    sources = cite_variant(citations, ws.evidence, style, languages)
    annexes = sum(1 for s in donor.sections if s.annex)
    listed = donor.evidence_annex and bool(sources)
    label = donor.annex_label or strings.annex
    return Assembly(
        title=donor.title or ws.proposal.title,
        organisation=donor.organisation or ws.proposal.organisation,
        donor_id=donor.id,
        donor_name=donor.name,
        date=ws.proposal.date,
        sections=tuple(parsed),
        cited=tuple(cited),
        annex=annex_rows(cited, ws.evidence, languages),
        reference_docx=donor.reference_docx,
        root=ws.root,
        slug=ws.proposal.slug,
        cover_fields=cover,
        cover_page_break=donor.cover_page_break,
        toc=donor.toc,
        currency=donor.currency,
        exchange_note=exchange_note(ws.proposal.currency, donor.currency, donor.exchange_rate),
        figures={path: chart for r in rendered for path, chart in r.figures.items()},
        sources=section_sources(rendered, citations, ws.evidence),
        language=language,
        references=tuple(smarten(entry) for entry in style.entries(sources)) if listed else (),
        references_title=strings.annex_title.format(label=label, number=annexes + 1, title=style.title)
        if listed
        else "",
        evidence_title=strings.annex_title.format(label=label, number=annexes + 1 + listed, title=strings.evidence_base)
        if cited
        else "",
        notes=style.notes,
        donor_in_text=donor.name_in_text or donor.name,
        cover_document=donor.cover_document,
        heading_numbers=donor.heading_numbers,
    )
