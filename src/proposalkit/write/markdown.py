"""The Markdown writer: a variant as one Pandoc Markdown file, with its generated images beside it.

Citations read as their style makes them: notes become Pandoc footnotes (`[^1]`, defined at the end, so
notes side by side and brackets inside a note read as they should), author-date citations stay in the
text. The list of sources ends the file, as it ends the Word document.
"""

from __future__ import annotations

import re

from ..base.model import Assembly
from ..parse.extensions.citations import split_citation
from ..parse.references import iter_citations

# A citation as written, with the spaces (and a line break) before it that a note's marker takes up.
_CITATION = re.compile(r"(?:[ \t]*\n)?[ \t]*(\[(@[^\[\]\n]*)\])")


def write_markdown(assembly: Assembly) -> tuple[bytes, dict[str, bytes]]:
    """The variant's Markdown (sections as level-1 headings) and its images, as bytes by the relative paths
    the Markdown names them by."""
    parts = [f'---\ntitle: "{assembly.title}"\n---\n']
    definitions: list[str] = []
    for section in assembly.sections:
        texts: dict[str, list[tuple[str, bool]]] = {}
        for node in iter_citations(section.tree):
            if node.meta.get("cite") is not None:
                texts.setdefault(node.content, []).append((node.meta["cite"], node.meta.get("note", True)))

        def replace(match: re.Match, texts=texts) -> str:
            waiting = texts.get(match.group(1))
            if not waiting or split_citation(match.group(2)) is None:
                return match.group(0)
            text, note = waiting.pop(0)
            if not note:
                return match.group(0).replace(match.group(1), text)
            definitions.append(f"[^{len(definitions) + 1}]: {text}")
            return f"[^{len(definitions)}]"

        parts.append(f"# {section.title}\n\n{_CITATION.sub(replace, section.markdown).strip()}\n")
    if assembly.references:
        entries = "\n\n".join(assembly.references)  # in Pandoc's own style for a list of references
        parts.append(f'# {assembly.references_title}\n\n::: {{custom-style="Bibliography"}}\n{entries}\n:::\n')
    if definitions:
        parts.append("\n".join(definitions) + "\n")
    images = {path: chart.draw() for path, chart in sorted(assembly.figures.items())}
    return "\n".join(parts).encode("utf-8"), images
