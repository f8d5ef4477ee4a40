"""A review copy's comments: each paragraph taken from an evidence item names the item's file, status and reviewer."""

from __future__ import annotations

from collections.abc import Callable

from ..base.diagnostics import Diagnostics
from ..base.model import Assembly, EvidenceItem, Workspace
from ..base.text import visible_text
from .provenance import Provenance, paragraphs

Annotate = Callable[[str], "tuple[str, str] | None"]


def remark(item: EvidenceItem) -> str:
    """The comment a review copy puts on a paragraph that comes from `item`."""
    reviewer = item.reviewer or "none named"
    return f"From {item.path} (evidence '{item.id}'): status {item.status}; reviewer: {reviewer}."


def review_annotator(ws: Workspace, assembly: Assembly, diags: Diagnostics) -> Annotate:
    """The writer's `annotate` for a review copy of `assembly`; an item used without any author is an error.

    A comment's author is the item's `reviewer`, else the proposal's `review_author`.
    """
    provenance = Provenance(ws.evidence)
    fallback = ws.proposal.review_author
    used: dict[str, EvidenceItem] = {}
    for section in assembly.sections:
        for paragraph in paragraphs(section.tree):
            item = provenance.source_of(visible_text(paragraph))
            if item is not None:
                used.setdefault(item.id, item)
    for item in sorted(used.values(), key=lambda i: i.path):
        if not item.reviewer and not fallback:
            diags.error(
                item.position,
                "review.no-author",
                f"evidence '{item.id}' gives text to the review copy but names no reviewer to sign its "
                "comment: add 'reviewer:' to its front matter, or 'review_author:' to templates/proposal.yaml",
            )

    def annotate(text: str):
        item = provenance.source_of(text)
        if item is None:
            return None
        return item.reviewer or fallback or "", remark(item)

    return annotate
