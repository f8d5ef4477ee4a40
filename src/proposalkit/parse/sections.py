"""The parse stage for a variant: each rendered section's Markdown as a syntax tree."""

from __future__ import annotations

from ..base.diagnostics import Diagnostics
from ..base.model import Donor, ParsedSection, RenderedSection, Workspace
from .depth import MAX_DEPTH, flattened_line
from .markdown import parse_markdown


def parse_sections(
    ws: Workspace, donor: Donor, rendered: list[RenderedSection], diags: Diagnostics
) -> list[ParsedSection]:
    """The parsed sections in the donor's order. A section nested deeper than the parser follows keeps all its
    text, what is deeper made plain text, with a warning where the nesting passes the limit."""
    annexes = {s.id for s in donor.sections if s.annex}
    parsed = []
    for r in rendered:
        tree = parse_markdown(r.markdown)
        line = flattened_line(tree)
        if line is not None:
            where = r.sources.line_position(line) if r.sources is not None else r.template
            diags.warning(
                where,
                "markdown.flattened",
                f"section '{r.id}': Markdown nested deeper than {MAX_DEPTH} levels (line {line} of its "
                "Markdown); what is nested deeper is kept as plain text",
            )
        parsed.append(ParsedSection(r.id, r.title, tree, r.template, r.id in annexes, r.markdown, r.sources))
    return parsed
