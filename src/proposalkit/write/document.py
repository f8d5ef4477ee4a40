"""write_docx: an Assembly to .docx bytes (cover, contents, sections, annex, footer, properties)."""

from __future__ import annotations

from collections.abc import Callable

from ..base.dates import format_date
from ..base.model import AnnexRow, Assembly
from . import ooxml
from .captions import number_captions
from .comments import Comments
from .context import WriterState
from .footnotes import Footnotes
from .numbering import Numbering
from .package import document_bytes
from .properties import set_properties
from .reference import prepared_reference
from .renderer import DocxRenderer

TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
ANNEX_TITLE = "Annex: Evidence base"
ANNEX_COLUMNS = ("ID", "Kind", "Title", "Source", "Date", "Status")


def write_docx(
    assembly: Assembly,
    warn: Callable[[str, int, str, str], None] | None = None,
    annotate: Callable[[str], tuple[str, str] | None] | None = None,
) -> bytes:
    """The .docx bytes of `assembly`; content problems go to `warn` and never stop the write.

    `warn(section_id, markdown_line, text_at_fault, message)` gets the section's id, the 1-based line
    in the section's rendered Markdown, and the offending text when there is one.
    With `annotate` (a review copy), each body paragraph's text is offered to it, and an answer
    `(author, remark)` becomes a Word comment on that paragraph.
    """
    document, styles = prepared_reference(assembly.reference_docx)
    state = WriterState(
        numbering=Numbering(document),
        footnotes=Footnotes(document, styles),
        comments=Comments(document, styles) if annotate else None,
    )
    number_captions((section.tree for section in assembly.sections), state)
    _write_footer(document, styles)  # first, so section breaks copy the footer reference
    body = document.element.body
    sect_pr = body.find(ooxml.w("sectPr"))
    renderer = DocxRenderer(
        document,
        styles,
        state,
        root=assembly.root,
        notes=assembly.notes,
        warn=warn or (lambda *problem: None),
        page=sect_pr,
        annotate=annotate,
        figures=assembly.figures,
    )
    if sect_pr is not None:
        body.remove(sect_pr)

    _write_cover(body, styles, assembly)
    contents_heading = None
    if assembly.toc:
        contents_heading = ooxml.paragraph(body, styles["TOC Heading"])
        ooxml.text_run(contents_heading, "Contents")
    in_annexes = False
    for section in assembly.sections:
        renderer.add_heading(1, section.title, new_page=section.annex and not in_annexes)  # annexes start a page
        in_annexes = in_annexes or section.annex
        renderer.render(section.tree, where=section.id, base_line=1)
    if assembly.annex:
        renderer.add_heading(1, ANNEX_TITLE, new_page=not in_annexes)
        _write_annex(renderer, assembly.annex)
    if contents_heading is not None:
        _write_toc(body, styles, state.headings, after=contents_heading)

    if sect_pr is not None:
        body.append(_last_section(body, sect_pr))
    set_properties(document, assembly)
    return document_bytes(document)


def _last_section(body, sect_pr):
    """The document's final section properties: a landscape block that ends the document stays its last
    section, instead of being followed by an empty portrait page."""
    last = body[-1] if len(body) else None
    inner = last.find("w:pPr/w:sectPr", ooxml.NS) if last is not None and last.tag == ooxml.w("p") else None
    if inner is None:
        return sect_pr
    inner.getparent().remove(inner)
    return inner


def _write_cover(body, styles, assembly: Assembly) -> None:
    lines = [("Title", assembly.title)]
    if assembly.organisation:
        lines.append(("Subtitle", assembly.organisation))
    if assembly.donor_name:
        lines.append(("Cover Field", f"Proposal to {assembly.donor_name}"))
    if assembly.date is not None:
        lines.append(("Cover Field", format_date(assembly.date)))
    p = None
    for style_key, value in lines:
        p = ooxml.paragraph(body, styles[style_key])
        ooxml.text_run(p, value)
    for label, value in assembly.cover_fields:
        p = ooxml.paragraph(body, styles["Cover Field"])
        ooxml.text_run(p, f"{label}: ", styles["Strong"], bold=True)
        ooxml.text_run(p, value)
    if assembly.cover_page_break:
        ooxml.line_break(ooxml.run(p), "page")


def _write_toc(body, styles, headings, *, after) -> None:
    """A TOC field after `after`, its result pre-filled with links to the headings' bookmarks."""
    made = []
    for n, (level, title, bookmark) in enumerate(headings):
        p = ooxml.paragraph(body, styles[f"TOC {level}"])
        if n == 0:
            _toc_field_start(p)
        link = ooxml.hyperlink(p, anchor=bookmark)
        ooxml.text_run(link, title)
        made.append(p)
    end = ooxml.paragraph(body, styles["TOC 1"])
    if not made:
        _toc_field_start(end)
    ooxml.fld_char(end, "end")
    ooxml.line_break(ooxml.run(end), "page")
    made.append(end)
    for p in reversed(made):
        after.addnext(p)


def _toc_field_start(p) -> None:
    ooxml.fld_char(p, "begin", dirty=True)
    ooxml.instr_text(p, TOC_INSTRUCTION)
    ooxml.fld_char(p, "separate")


def _write_annex(renderer: DocxRenderer, rows: tuple[AnnexRow, ...]) -> None:
    table_rows = [ANNEX_COLUMNS] + [(r.id, r.kind, r.title, r.source, r.date, r.status) for r in rows]
    texts = [[str(value or "") for value in row] for row in table_rows]
    widths = renderer.column_widths(texts)
    cell_style = renderer.styles["Table Text"]
    tbl = renderer.table(widths)
    with renderer.scoped(container=tbl, widths=tuple(widths)):
        for n, row in enumerate(texts):
            tr = renderer.table_row(n == 0, row)
            for width, value in zip(widths, row):
                ooxml.text_run(ooxml.paragraph(ooxml.table_cell(tr, width), cell_style), value)


def _write_footer(document, styles) -> None:
    """A centred "Page N of M" footer, unless the reference document brings its own."""
    footer = document.sections[0].footer
    if not footer.is_linked_to_previous:
        return
    footer.is_linked_to_previous = False
    root = footer.part.element
    for child in list(root):
        root.remove(child)
    p = ooxml.paragraph(root, styles["Footer"], jc="center")
    ooxml.text_run(p, "Page ")
    ooxml.field(p, "PAGE", "1")
    ooxml.text_run(p, " of ")
    ooxml.field(p, "NUMPAGES", "1")
