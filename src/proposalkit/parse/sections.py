"""The parse stage for a variant: each rendered section's Markdown as a syntax tree."""

from __future__ import annotations

from ..base.diagnostics import Diagnostics
from ..base.model import Donor, ParsedSection, RenderedSection, Workspace
from .commonmark import MarkdownTooDeep
from .markdown import parse_markdown


def parse_sections(
    ws: Workspace, donor: Donor, rendered: list[RenderedSection], diags: Diagnostics
) -> list[ParsedSection]:
    """The parsed sections in the donor's order; one whose Markdown cannot be parsed whole is reported."""
    annexes = {s.id for s in donor.sections if s.annex}
    parsed = []
    for r in rendered:
        try:
            tree = parse_markdown(r.markdown)
        except MarkdownTooDeep as exc:
            where = r.sources.line_position(exc.line) if r.sources is not None else r.template
            diags.error(
                where,
                "markdown.too-deep",
                f"section '{r.id}': {exc} (line {exc.line} of its Markdown); the rest would be lost",
            )
            continue
        parsed.append(ParsedSection(r.id, r.title, tree, r.template, r.id in annexes, r.markdown, r.sources))
    return parsed
