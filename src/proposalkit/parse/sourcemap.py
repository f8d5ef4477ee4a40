"""Text found in a rendered section traced back to the file a person edits: its template, else an evidence body."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from ..base.model import EvidenceItem, Position
from ..base.text import find_line


class SourceLocator:
    """Finds where a piece of rendered Markdown was written; template texts are read once."""

    def __init__(self, root: Path, evidence: Mapping[str, EvidenceItem]):
        self.root = root
        self.evidence = evidence
        self._texts: dict[str, str] = {}

    def template_text(self, rel: str) -> str:
        if rel not in self._texts:
            path = self.root / rel
            self._texts[rel] = path.read_text(encoding="utf-8-sig", errors="replace") if path.is_file() else ""
        return self._texts[rel]

    def locate_line(self, template: str, markdown: str, line: int) -> Position:
        """Where line `line` (1-based) of a section's rendered `markdown` was written: inside an evidence body
        inserted whole, else by its text."""
        lines = markdown.split("\n")
        offset = sum(len(text) + 1 for text in lines[:line - 1])
        for item in self.evidence.values():
            if not item.body.strip():
                continue
            start = markdown.find(item.body)
            while start != -1 and start + len(item.body) <= offset:
                start = markdown.find(item.body, start + 1)
            if start != -1 and start <= offset:
                return Position(item.path, item.body_line + markdown.count("\n", start, offset), 1)
        return self.locate(template, lines[line - 1] if line <= len(lines) else "")

    def locate(self, template: str, needle: str) -> Position:
        """Where `needle` is written: in the section's template, else in the first evidence body holding it."""
        needle = needle.strip()
        if needle:
            found = find_line(self.template_text(template), needle)
            if found:
                return Position(template, *found)
            for item in self.evidence.values():
                found = find_line(item.body, needle)
                if found:
                    return Position(item.path, item.body_line + found[0] - 1, found[1])
        return Position(template)
