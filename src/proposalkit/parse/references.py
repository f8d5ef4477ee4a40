"""Citations found in parsed sections, resolved against the evidence: footnote texts and annex rows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..base.dates import format_date
from ..base.diagnostics import Diagnostics, did_you_mean
from ..base.model import (
    AnnexRow,
    EvidenceItem,
    ParsedSection,
    Position,
    RenderedSection,
    SectionSources,
)
from .citing import in_language
from .extensions.citations import ANY_CITATION, item_of, split_citation


def iter_citations(node) -> Iterator:
    """Every citation node under `node`, in document order (a stack, not nested generators, whose cost grows
    with the depth of every node)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "citation":
            yield current
        if current.children:
            stack.extend(reversed(current.children))


def section_citations(sections: list[ParsedSection]) -> list[tuple[ParsedSection, list]]:
    """Each section with its citation nodes in document order: its tree walked once for all that reads them."""
    return [(section, list(iter_citations(section.tree))) for section in sections]


def check_body_citations(evidence: Mapping[str, EvidenceItem], diags: Diagnostics) -> set[str]:
    """Report unknown ids cited from evidence bodies, at their line; return those ids."""
    unknown: set[str] = set()
    for item in evidence.values():
        for offset, line in enumerate(item.body.split("\n")):
            for match in ANY_CITATION.finditer(line):
                pairs = split_citation(match.group(0)[1:-1]) or []
                for key, _ in pairs:
                    cited = key.partition("/")[0]
                    if cited not in evidence:
                        unknown.add(cited)
                        diags.error(
                            Position(item.path, item.body_line + offset, match.start() + 1),
                            "citation.unknown-id",
                            f"citation of unknown evidence id '{cited}'{did_you_mean(cited, evidence)}",
                        )
    return unknown


def resolve_citations(
    citations: list[tuple[ParsedSection, list]],
    evidence: Mapping[str, EvidenceItem],
    reported: set[str],
    diags: Diagnostics,
) -> list[str]:
    """Cited evidence ids in order of first citation; an unknown id, or an unknown source of a known item
    (`@item/source`), is reported where it is written."""
    cited: dict[str, None] = {}  # ordered, and a lookup that does not grow with the ids cited
    for section, nodes in citations:
        for node in nodes:
            for key in node.meta["ids"]:
                item_id, _, wanted = key.partition("/")
                item = evidence.get(item_id)
                if item is not None and (not wanted or _has_source(item, key, wanted)):
                    cited[item_id] = None
                    continue
                if key in reported or item_id in reported:
                    continue
                at = section.markdown.find(node.content)
                position = section.sources.position(at) if at != -1 and section.sources is not None else section.source
                if item is None:
                    diags.error(
                        position,
                        "citation.unknown-id",
                        f"citation of unknown evidence id '{item_id}'{did_you_mean(item_id, evidence)}",
                    )
                    reported.add(item_id)
                else:
                    names = [s.key.partition("/")[2] for s in item.sources if "/" in s.key]
                    known = ", ".join(names) if names else "it has one source, cited as @" + item_id
                    diags.error(
                        position,
                        "citation.unknown-source",
                        f"evidence '{item_id}' has no source '{wanted}'{did_you_mean(wanted, names)} ({known})",
                    )
                    reported.add(key)
    return list(cited)


def _has_source(item: EvidenceItem, key: str, wanted: str) -> bool:
    return any(s.key == key for s in item.sources) or (wanted.isdigit() and 1 <= int(wanted) <= len(item.sources))


def annex_rows(
    cited: list[str], evidence: Mapping[str, EvidenceItem], languages: tuple[str, str]
) -> tuple[AnnexRow, ...]:
    """One annex row per cited item, in order of first citation, with the sources `[@item]` gives the variant
    (`languages`: the variant's and the proposal's)."""
    rows = []
    for item_id in cited:
        item = evidence[item_id]
        rows.append(
            AnnexRow(
                item.id,
                item.kind,
                item.title,
                "; ".join(s.text or s.title for s in in_language(list(item.sources), *languages)) or item.source or "—",
                format_date(item.date) if item.date else "—",
                item.status,
            )
        )
    return tuple(rows)


def section_sources(
    rendered: list[RenderedSection],
    citations: list[tuple[ParsedSection, list]],
    evidence: Mapping[str, EvidenceItem],
) -> tuple[SectionSources, ...]:
    """Each parsed section's template, the known evidence it cites and the tables its template read."""
    tables = {r.id: r.tables_used for r in rendered}
    sources = []
    for section, nodes in citations:
        cited: dict[str, None] = {}
        for node in nodes:
            for item_id in map(item_of, node.meta["ids"]):
                if item_id in evidence:
                    cited[item_id] = None
        sources.append(SectionSources(section.id, section.source.path, tuple(cited), tables.get(section.id, ())))
    return tuple(sources)
