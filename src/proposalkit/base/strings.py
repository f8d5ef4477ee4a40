"""The fixed words a document prints, in one catalogue: headings the writer adds, caption and annex words,
the footer, and the words of the citation styles. One entry per language; English is the fallback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Strings:
    """The words of one language."""

    contents: str = "Contents"
    table: str = "Table"
    figure: str = "Figure"
    annex: str = "Annex"
    sources: str = "Sources"  # the list of sources of a notes style
    references: str = "References"  # the reference list of an author-date style
    evidence_base: str = "Evidence base (review copy)"
    page_of: str = "Page {page} of {pages}"
    ibid: str = "Ibid."
    no_date: str = "n.d."
    proposal_to: str = "Proposal to {donor}"


ENGLISH = Strings()
CATALOGUE: dict[str, Strings] = {"en": ENGLISH}


def strings_for(language: str) -> Strings:
    """The catalogue entry for a BCP 47 tag: its own, else its language's, else English."""
    return CATALOGUE.get(language) or CATALOGUE.get(language.split("-")[0]) or ENGLISH
