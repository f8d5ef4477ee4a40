"""Where each paragraph of a built document was written: its block of the section's Markdown and, through the
section's source map, the template or evidence line a person edits.

A reviewed paragraph is found by its text as built (a tracked change keeps the deleted text, so the text as
built survives any program's save): first exactly, letters and digits compared; then by the closest block
of its section's text. Within a block, characters of the paragraph are aligned with the block's Markdown
(which holds markup, straight quotes and line breaks the document does not), so an offset in the document's
text becomes an offset in the Markdown, and from there a file, line and column.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..base.model import ParsedSection, Position
from ..base.sourcemap import EXPRESSION, Origin
from ..base.text import visible_text

_FOLD = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "}
)
_CAPTION = re.compile(r"^(?:Table|Figure)\s+\d+\s*:\s*")
FUZZY = 0.75  # the least similarity at which a changed paragraph is taken for a block


def key(text: str) -> str:
    """What two texts are compared by: letters and digits, lower case, in words."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD).lower()
    return " ".join(re.findall(r"[^\W_]+", folded))


@dataclass
class Block:
    """One paragraph-like block of a section as built: its visible text and the stretch of the section's
    Markdown it was parsed from (None for the section's title, which the profile or proposal.yaml gives)."""

    section: ParsedSection
    text: str
    start: int | None
    end: int | None
    kind: str  # paragraph | heading | cell | caption | title
    title_position: Position | None = None

    def origin(self, offset: int) -> Origin | None:
        """What wrote the Markdown at `offset` (within this block)."""
        sources = self.section.sources
        if sources is None or self.start is None:
            return None
        return sources.origin(offset)

    @property
    def markdown(self) -> str:
        if self.start is None or self.end is None:
            return ""
        return self.section.markdown[self.start : self.end]


def _line_offsets(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    starts.append(len(text))
    return starts


def section_blocks(section: ParsedSection, title_position: Position | None) -> list[Block]:
    """The section's title, then every node of its tree holding inline text, in document order."""
    blocks = [Block(section, section.title, None, None, "title", title_position)]
    starts = _line_offsets(section.markdown)

    def span(node, inherited) -> tuple[int | None, int | None]:
        lines = node.map or inherited
        if not lines:
            return None, None
        first, last = lines[0], min(lines[1], len(starts) - 1)
        return starts[min(first, len(starts) - 1)], starts[last]

    def walk(node, inherited=None) -> None:
        lines = node.map or inherited
        if any(child.type == "inline" for child in node.children):
            start, end = span(node, inherited)
            kind = {"heading": "heading", "th": "cell", "td": "cell", "table_caption": "caption"}.get(
                node.type, "paragraph"
            )
            blocks.append(Block(section, visible_text(node), start, end, kind))
            return
        for child in node.children:
            walk(child, lines)

    walk(section.tree)
    return blocks


class Blocks:
    """Every block of a variant, found by the text a document paragraph has as built."""

    def __init__(self, blocks: Iterable[Block]):
        self.blocks = list(blocks)
        self.by_key: dict[str, list[Block]] = {}
        for block in self.blocks:
            self.by_key.setdefault(key(block.text), []).append(block)
        self._keys = list(self.by_key)

    def find(self, text: str) -> tuple[Block | None, str]:
        """The block a paragraph's text as built comes from, and how it was found: exact, close or none."""
        wanted = key(text)
        if not wanted:
            return None, "none"
        for candidate in (wanted, key(_CAPTION.sub("", text))):
            found = self.by_key.get(candidate)
            if found:
                return found[0], "exact"
        close = difflib.get_close_matches(wanted, self._keys, n=1, cutoff=FUZZY)
        if close:
            return self.by_key[close[0]][0], "close"
        return None, "none"


def _canonical(text: str) -> str:
    return text.translate(_FOLD).lower()


def align(text: str, markdown: str) -> list[tuple[int, int, int]]:
    """Matching stretches (offset in `text`, offset in `markdown`, length) of a paragraph's text and its
    block's Markdown, compared with quotes, dashes and spaces folded."""
    matcher = difflib.SequenceMatcher(None, _canonical(text), _canonical(markdown), autojunk=False)
    return [m for m in matcher.get_matching_blocks() if m.size]


def to_markdown(offset: int, blocks: Sequence[tuple[int, int, int]], *, end: bool = False) -> int | None:
    """The Markdown offset of text offset `offset`: inside a matching stretch, exactly; in a gap, the start
    of the next stretch (or, for an `end`, the end of the one before)."""
    for a, b, size in blocks:
        if a <= offset < a + size or (end and offset == a + size):
            return b + (offset - a)
    if end:
        before = [(a, b, size) for a, b, size in blocks if a + size <= offset]
        return before[-1][1] + before[-1][2] if before else None
    after = [(a, b, size) for a, b, size in blocks if a >= offset]
    return after[0][1] if after else None


def generated(origin: Origin | None) -> bool:
    """Whether the text was made by an expression (a table from a CSV, a computed total, a quoted metric)."""
    return origin is None or origin.kind == EXPRESSION
