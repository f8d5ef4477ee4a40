"""Review status of cited evidence: drafts warned about, and refused by `--final`."""

from __future__ import annotations

from collections.abc import Mapping

from ..base.diagnostics import Diagnostics
from ..base.model import EvidenceItem, Position, RenderedSection
from ..parse.extensions.citations import ANY_CITATION, item_of, split_citation


def citation_sites(sections: list[RenderedSection], evidence: Mapping[str, EvidenceItem]) -> dict[str, list[Position]]:
    """Where each cited item is cited: the template or evidence body position of every citation, sorted."""
    sites: dict[str, set[Position]] = {}
    for section in sections:
        for match in ANY_CITATION.finditer(section.markdown):
            pairs = split_citation(match.group(0)[1:-1]) or []
            ids = list(dict.fromkeys(item_of(key) for key, _ in pairs if item_of(key) in evidence))
            if ids:
                position = section.sources.position(match.start()) if section.sources is not None else section.template
                for item_id in ids:
                    sites.setdefault(item_id, set()).add(position)
    return {item_id: sorted(found) for item_id, found in sites.items()}


def check_review_status(
    cited: list[str],
    evidence: Mapping[str, EvidenceItem],
    final: bool,
    sites: dict[str, list[Position]] | None,
    diags: Diagnostics,
) -> None:
    """Cited drafts are warnings; with `final` (the contract's "--final treats cited draft evidence as an
    error"), each is an error at its status line and at each citation of it (`sites`). So is a cited item
    whose body changed after its approval, at its `approved:` line."""
    code = "evidence.draft-cited"
    for item_id in cited:
        item = evidence[item_id]
        if item.changed_since_approval and item.approval is not None:
            approval = item.approval
            report = diags.error if final else diags.warning
            report(
                approval.position,
                "evidence.changed-since-approval",
                f"'{item_id}' changed after {approval.by} approved it"
                f"{' on ' + approval.on.isoformat() if approval.on else ''}; "
                f"approve it again (proposalkit approve {item_id} --by NAME) once it is reviewed",
            )
        if item.status != "draft":
            continue
        gap = f"; still to collect: {', '.join(item.missing)}" if item.missing else ""
        if not final:
            diags.warning(item.status_position or item.position, code, f"cited evidence '{item_id}' is a draft{gap}")
            continue
        diags.error(
            item.status_position or item.position,
            code,
            f"cited evidence '{item_id}' is a draft: a final build cites no draft evidence{gap}",
        )
        for position in (sites or {}).get(item_id, []):
            diags.error(position, code, f"cites evidence '{item_id}' ({item.path}), which is a draft")
