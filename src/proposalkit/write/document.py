"""write_docx: an Assembly to .docx bytes: cover, contents, sections, annexes, footer, properties."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..base.model import Assembly
from ..base.strings import strings_for
from . import ooxml
from .annexes import write_evidence_table, write_sources
from .captions import number_captions
from .comments import Comments
from .context import WriterState, text_width
from .footnotes import Footnotes
from .front import blank_cover_footer, set_contents_tabs, write_contents, write_cover, write_footer
from .numbering import Numbering
from .package import document_bytes
from .properties import east_asian_script, han_typography, set_properties
from .reference import prepared_reference
from .renderer import DocxRenderer
from .style_reading import space_before
from .walker import last_child


def write_docx(
    assembly: Assembly,
    warn: Callable[[str, int, str, str], None] | None = None,
    annotate: Callable[[str], tuple[str, str] | None] | None = None,
    pages: Sequence[int | None] | Callable[[], Sequence[int | None]] | None = None,
    *,
    laid_out: bool = False,
    headings: list[tuple[int, str, str]] | None = None,
    cover_excess: float = 0.0,
) -> bytes:
    """The .docx bytes of `assembly`; content problems go to `warn` and never stop the write.

    `warn(section_id, markdown_line, text_at_fault, message)` gets the section's id, the 1-based line
    in the section's rendered Markdown, and the offending text when there is one.
    With `annotate` (a review copy), each body paragraph's text is offered to it, and an answer
    `(author, remark)` becomes a Word comment on that paragraph; a review copy also ends with the table
    of the evidence the variant cites.
    `pages` gives the page of each contents entry (headings of levels 1-3 in document order): from a
    layout of the document when `laid_out`, else estimated, and then the contents ask Word to update them; a
    function giving them is called once, after the body is written.
    `headings`, when given, receives the contents entries (level, text, bookmark) as written. `cover_excess`
    (points, from the page model) is how far the cover would overrun its page: the title gives up that much of
    the space above it.
    """
    strings = strings_for(assembly.language)
    document, styles = prepared_reference(assembly.reference_docx)
    state = WriterState(
        numbering=Numbering(document),
        footnotes=Footnotes(document, styles),
        comments=Comments(document, styles) if annotate else None,
        strings=strings,
        italic_emphasis=east_asian_script(assembly.language) not in ("Hans", "Hant"),
    )
    number_captions((section.tree for section in assembly.sections), state)
    if assembly.heading_numbers:
        number_headings(state)
    write_footer(document, styles, strings)  # first, so section breaks copy the footer reference
    body = document.element.body
    sect_pr = body.find(ooxml.w("sectPr"))
    width = text_width(document)
    renderer = DocxRenderer(
        document,
        styles,
        state,
        root=assembly.root,
        notes={},
        warn=warn or (lambda *problem: None),
        page=sect_pr,
        annotate=annotate,
        figures=assembly.figures,
    )
    if sect_pr is not None:
        body.remove(sect_pr)

    title_before = None
    if cover_excess > 0:  # the cover gives up space above its title to keep to one page
        title_before = max(0, space_before(document.styles.element, styles["Title"]) - round(cover_excess * 20))
    write_cover(body, styles, assembly, strings, title_before)
    contents_heading = None
    if assembly.toc:
        contents_heading = ooxml.paragraph(body, styles["TOC Heading"])
        ooxml.text_run(contents_heading, strings.contents)
    in_annexes = False
    for section in assembly.sections:
        state.in_annexes = section.annex
        renderer.add_heading(1, section.title, new_page=section.annex and not in_annexes)  # annexes start a page
        in_annexes = in_annexes or section.annex
        renderer.render(section.tree, where=section.id, base_line=1)
    state.in_annexes = True
    if assembly.references:
        renderer.add_heading(1, assembly.references_title, new_page=not in_annexes)
        in_annexes = True
        write_sources(renderer, assembly.references)
    if annotate is not None and assembly.annex and assembly.evidence_title:
        renderer.add_heading(1, assembly.evidence_title, new_page=not in_annexes)
        write_evidence_table(renderer, assembly.annex)
    if contents_heading is not None:
        numbers = pages() if callable(pages) else pages  # asked for only now: an estimate made beside the writing
        write_contents(body, styles, state.headings, numbers or [], after=contents_heading, dirty=not laid_out)
        set_contents_tabs(document, styles, width)

    if sect_pr is not None:
        body.append(_last_section(body, sect_pr))
    if assembly.cover_page_break:
        blank_cover_footer(document, styles)
    set_properties(document, assembly)
    if not state.italic_emphasis:
        han_typography(document, styles)
    if headings is not None:
        headings.extend(state.headings)
    return document_bytes(document)


def number_headings(state: WriterState) -> None:
    """Headings of levels 1-3 of the body numbered by Word's outline numbering ("2.1 Approach"); annexes keep
    their own titles."""
    state.heading_list = state.numbering.headings(3)
    state.heading_numbers = [0, 0, 0]


def _last_section(body, sect_pr):
    """The document's final section properties: a landscape block that ends the document stays its last
    section, instead of being followed by an empty portrait page."""
    last = last_child(body)
    inner = last.find("w:pPr/w:sectPr", ooxml.NS) if last is not None and last.tag == ooxml.w("p") else None
    if inner is None:
        return sect_pr
    inner.getparent().remove(inner)
    return inner
