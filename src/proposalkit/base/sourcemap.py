"""Where each stretch of a rendered section's Markdown was written: a template's own text, an evidence item's
body, or the value of a template expression.

The render stage records, for every piece of output Jinja yields, the template and line that yielded it and
whether it is the template's literal text. A `SourceMap` turns an offset in the rendered Markdown into the
position a person edits: inside literal template text, the exact line and column; inside an evidence body a
template inserted, the line and column in the item's file; inside any other expression's value, the
expression's line. Every stage that reports on rendered text asks it, so all of them point at one place.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .inputs import InputRefused, read_input
from .model import EvidenceItem, Position
from .text import line_column

TEMPLATE = "template"  # the template's literal text
EVIDENCE = "evidence"  # an evidence item's body, inserted by an expression
EXPRESSION = "expression"  # any other value an expression printed (a table, a quoted metric, a title)


@dataclass(frozen=True)
class Chunk:
    """One piece of output: where it starts in the Markdown, the template that yielded it, the template line
    Jinja records for it (an expression's own line; at or before literal text), and whether it is literal."""

    start: int
    template: str  # workspace-relative path
    line: int
    literal: bool


@dataclass(frozen=True)
class Origin:
    """What wrote the text at an offset: its kind, where a person edits it, and the evidence item if any."""

    kind: str
    position: Position
    item: str | None = None

    @property
    def typed(self) -> bool:
        """Whether a person typed this text (in a template or an evidence body), rather than an expression."""
        return self.kind != EXPRESSION


class SourceFiles:
    """Template texts as positions count them (no byte order mark, lines ended by LF), read once each."""

    def __init__(self, root: Path, evidence: Mapping[str, EvidenceItem]):
        self.root = root
        self.evidence = evidence
        self._texts: dict[str, str] = {}
        self._bodies: dict[str, str] | None = None

    def text(self, rel: str) -> str:
        found = self._texts.get(rel)
        if found is None:
            path = self.root / rel
            try:
                found = read_input(path, self.root).decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
            except InputRefused:
                found = ""
            self._texts[rel] = found
        return found

    def body_owner(self, text: str) -> str | None:
        """The id of the evidence item whose whole body `text` is."""
        if self._bodies is None:
            self._bodies = {}
            for item in self.evidence.values():
                if item.body.strip():
                    self._bodies.setdefault(item.body, item.id)
        return self._bodies.get(text)


class SourceMap:
    """Offsets of one rendered section's Markdown mapped back to the files that wrote them."""

    def __init__(self, text: str, chunks: list[Chunk], template: str, files: SourceFiles):
        self.text = text
        self.chunks = chunks
        self.template = template  # the section's own template, for text no chunk covers
        self.files = files
        self.evidence = files.evidence
        self._starts = [chunk.start for chunk in chunks]
        self._resolved: dict[int, tuple[str, int, str | None]] = {}  # chunk index -> (kind, anchor, item id)
        self._line_starts: list[int] | None = None

    # -- queries -------------------------------------------------------------------------------------

    def origin(self, offset: int) -> Origin:
        """What wrote the character at `offset` of the Markdown, and where to edit it."""
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return Origin(EXPRESSION, Position(self.template))
        chunk = self.chunks[index]
        kind, anchor, item_id = self._resolve(index)
        within = offset - chunk.start
        if kind == TEMPLATE:
            return Origin(
                TEMPLATE, Position(chunk.template, *line_column(self.files.text(chunk.template), anchor + within))
            )
        if kind == EVIDENCE and item_id is not None:
            item = self.evidence[item_id]
            line, column = line_column(item.body, anchor + within)
            return Origin(EVIDENCE, Position(item.path, item.body_line + line - 1, column), item_id)
        found = self._in_evidence(offset)
        if found is not None:
            return found
        return Origin(EXPRESSION, Position(chunk.template, chunk.line, 1))

    def position(self, offset: int) -> Position:
        return self.origin(offset).position

    def line_offset(self, line: int) -> int:
        """The offset where 1-based `line` of the Markdown starts (the end of the text past its last line)."""
        if self._line_starts is None:
            starts = [0]
            at = self.text.find("\n")
            while at != -1:
                starts.append(at + 1)
                at = self.text.find("\n", at + 1)
            self._line_starts = starts
        starts = self._line_starts
        return starts[line - 1] if 1 <= line <= len(starts) else len(self.text)

    def line_position(self, line: int) -> Position:
        """Where 1-based `line` of the Markdown was written (its first character)."""
        return self.position(self.line_offset(line))

    def find(self, needle: str, line: int | None = None) -> Position:
        """Where `needle` was written: its first occurrence from 1-based `line` on (else anywhere)."""
        needle = needle.strip()
        if needle:
            at = self.text.find(needle, self.line_offset(line)) if line else -1
            if at == -1:
                at = self.text.find(needle)
            if at != -1:
                return self.position(at)
        if line:
            return self.line_position(line)
        return Position(self.template)

    # -- resolution ----------------------------------------------------------------------------------

    def _chunk_text(self, index: int) -> str:
        end = self.chunks[index + 1].start if index + 1 < len(self.chunks) else len(self.text)
        return self.text[self.chunks[index].start : end]

    def _resolve(self, index: int) -> tuple[str, int, str | None]:
        """(kind, offset of the chunk's first character in its source, evidence id), worked out once."""
        done = self._resolved.get(index)
        if done is not None:
            return done
        chunk = self.chunks[index]
        text = self._chunk_text(index)
        result: tuple[str, int, str | None] = (EXPRESSION, 0, None)
        if chunk.literal and text:
            source = self.files.text(chunk.template)
            lines = source.split("\n", chunk.line - 1)
            start = len(source) - len(lines[-1]) if len(lines) == chunk.line else 0
            at = source.find(text, start)
            if at == -1:
                at = source.find(text)
            if at != -1:
                result = (TEMPLATE, at, None)
        elif text.strip():
            owner = self.files.body_owner(text)
            if owner is not None:
                result = (EVIDENCE, 0, owner)
        self._resolved[index] = result
        return result

    def _in_evidence(self, offset: int) -> Origin | None:
        """An expression's text at `offset` found in an evidence body: the line it is on, searched for."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        line = self.text[start : end if end != -1 else len(self.text)]
        needle = line.strip()
        if len(needle) < 8:
            return None
        for item in self.evidence.values():
            at = item.body.find(needle)
            if at != -1:
                lead = len(line) - len(line.lstrip())
                column_shift = max(0, offset - start - lead)
                body_line, column = line_column(item.body, at + column_shift)
                return Origin(EVIDENCE, Position(item.path, item.body_line + body_line - 1, column), item.id)
        return None
