"""The parse stage for a variant: each rendered section's Markdown as a syntax tree."""

from __future__ import annotations

from ..base.diagnostics import Diagnostics
from ..base.model import Donor, ParsedSection, RenderedSection, Workspace
from .commonmark import MarkdownTooDeep
from .markdown import parse_markdown
from .sourcemap import SourceLocator


def parse_sections(ws: Workspace, donor: Donor, rendered: list[RenderedSection],
                   diags: Diagnostics) -> list[ParsedSection]:
    """The parsed sections in the donor's order; one whose Markdown cannot be parsed whole is reported."""
    annexes = {s.id for s in donor.sections if s.annex}
    parsed = []
    for r in rendered:
        try:
            tree = parse_markdown(r.markdown)
        except MarkdownTooDeep as exc:
            where = SourceLocator(ws.root, ws.evidence).locate_line(r.template.path, r.markdown, exc.line)
            diags.error(where, "markdown.too-deep",
                        f"section '{r.id}': {exc} (line {exc.line} of its Markdown); the rest would be lost")
            continue
        parsed.append(ParsedSection(r.id, r.title, tree, r.template, r.id in annexes, r.markdown))
    return parsed
