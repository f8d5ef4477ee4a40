"""Which evidence item a written paragraph comes from, found by its text.

Templates put evidence into a section by inserting an item's body, whole or in part, so a
paragraph of the built document comes from an item when it is one of the item's paragraphs
or holds one of them (a template line may add a lead-in, such as the item's title). The
paragraphs are compared by their visible text, whitespace folded, citations left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..base.model import EvidenceItem
from ..base.text import fold, visible_text
from ..parse.markdown import parse_markdown

MIN_CHARS = 12  # shorter paragraphs ("Yes.", "See annex 2.") say too little to name their source
ANCHOR = 40  # a paragraph holding an item's paragraph is found by the first ANCHOR characters of it


def paragraphs(node) -> Iterable:
    """Every paragraph node under `node`, in document order."""
    if node.type == "paragraph":
        yield node
        return
    for child in node.children:
        yield from paragraphs(child)


class Provenance:
    """Evidence paragraphs by their folded text; `source_of(text)` names the item a paragraph comes from."""

    def __init__(self, items: Mapping[str, EvidenceItem]) -> None:
        self.exact: dict[str, EvidenceItem] = {}
        self.anchors: dict[str, list[tuple[str, EvidenceItem]]] = {}
        self._answers: dict[str, EvidenceItem | None] = {}
        for item_id in sorted(items):
            item = items[item_id]
            tree = parse_markdown(item.body)
            for paragraph in paragraphs(tree):
                text = fold(visible_text(paragraph))
                if len(text) < MIN_CHARS or text in self.exact:
                    continue
                self.exact[text] = item
                if len(text) >= ANCHOR:
                    self.anchors.setdefault(text[:ANCHOR], []).append((text, item))

    def source_of(self, text: str) -> EvidenceItem | None:
        """The item whose paragraph `text` is, or the one whose paragraph starts earliest in it; else None.

        Answers are kept by text: the review's check and its writer ask about the same paragraphs.
        """
        text = fold(text)
        if text not in self._answers:
            self._answers[text] = self._search(text)
        return self._answers[text]

    def _search(self, text: str) -> EvidenceItem | None:
        found = self.exact.get(text)
        if found is not None or len(text) < ANCHOR or not self.anchors:
            return found
        anchors = self.anchors
        for start in range(len(text) - ANCHOR + 1):
            candidates = anchors.get(text[start : start + ANCHOR])
            if candidates:
                for whole, item in candidates:
                    if text.startswith(whole, start):
                        return item
        return None
