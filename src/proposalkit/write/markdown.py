"""The Markdown writer: a variant as one Pandoc Markdown file, with its generated images beside it."""

from __future__ import annotations

from collections.abc import Mapping

from ..base.model import Assembly
from ..parse.extensions.citations import ANY_CITATION, split_citation


def write_markdown(assembly: Assembly, notes: Mapping[str, str] | None = None) -> tuple[bytes, dict[str, bytes]]:
    """The variant's Markdown (sections as level-1 headings, citations as inline notes) and its images,
    as bytes by the relative paths the Markdown names them by.

    `notes` gives the note text of every evidence id a `[@id]` may name (default: the cited items').
    """
    notes = assembly.notes if notes is None else notes

    def note(match) -> str:
        pairs = split_citation(match.group(0)[1:-1])
        if not pairs or any(pid not in notes for pid, _ in pairs):
            return match.group(0)
        return "".join(f"^[{notes[pid]}{', ' + loc if loc else ''}]" for pid, loc in pairs)

    parts = [f'---\ntitle: "{assembly.title}"\n---\n']
    for section in assembly.sections:
        parts.append(f"# {section.title}\n\n{ANY_CITATION.sub(note, section.markdown).strip()}\n")
    images = {path: chart.draw() for path, chart in sorted(assembly.figures.items())}
    return "\n".join(parts).encode("utf-8"), images
