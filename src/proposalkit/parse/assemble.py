"""A variant assembled for the writers: parsed sections, citations resolved to notes, the annex and the
donor's page set-up."""

from __future__ import annotations

from ..base.diagnostics import Diagnostics
from ..base.model import Assembly, Donor, ParsedSection, RenderedSection, Workspace
from ..render.filters import exchange_note
from .references import annex_rows, note_text, resolve_citations, section_sources


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
    cited = resolve_citations(parsed, ws.evidence, reported, diags)
    return Assembly(
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
        slug=ws.proposal.slug,
        cover_fields=cover,
        cover_page_break=donor.cover_page_break,
        toc=donor.toc,
        currency=donor.currency,
        exchange_note=exchange_note(ws.proposal.currency, donor.currency, donor.exchange_rate),
        figures={path: chart for r in rendered for path, chart in r.figures.items()},
        sources=section_sources(rendered, parsed, ws.evidence),
        language=donor.language or ws.proposal.language,
    )
