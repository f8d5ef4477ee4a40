"""The parts around the sections: the cover (with no footer on its page), the contents with page numbers
as PAGEREF fields, and the "Page N of M" footer."""

from __future__ import annotations

from collections.abc import Sequence

from ..base.model import Assembly
from ..base.strings import Strings
from . import ooxml

TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'


def write_cover(body, styles, assembly: Assembly, strings: Strings, title_before: int | None = None) -> None:
    """Title, organisation, the donor it is for, the date and the donor's cover fields; a page break after.
    `title_before` (twips), when given, is the space above the title, less than its style's: what a cover
    that would overrun its page gives up to keep to one."""
    lines = [("Title", assembly.title)]
    if assembly.organisation:
        lines.append(("Subtitle", assembly.organisation))
    addressed = assembly.addressed(strings.proposal_to)
    if addressed:
        lines.append(("Cover Field", addressed))
    if assembly.date is not None:
        lines.append(("Cover Field", strings.date(assembly.date)))
    p = None
    for style_key, value in lines:
        p = ooxml.paragraph(body, styles[style_key])
        if style_key == "Title" and title_before is not None:
            ooxml.space_before(p, title_before)
        ooxml.text_run(p, value)
    for label, value in assembly.cover_fields:
        p = ooxml.paragraph(body, styles["Cover Field"])
        ooxml.text_run(p, f"{label}{strings.label_separator}", styles["Strong"])
        ooxml.text_run(p, value)
    if assembly.cover_page_break and p is not None:
        ooxml.line_break(ooxml.run(p), "page")


def write_contents(
    body, styles, headings: Sequence[tuple[int, str, str]], pages: Sequence[int | None], *, after, dirty: bool
) -> None:
    """A TOC field after `after`: an entry per heading linking to its bookmark, with its page number as a
    PAGEREF field whose cached result is `pages[n]` (a reader that does not update fields still shows it).

    `dirty` asks Word to update the field when it opens the document (numbers that are an estimate).
    """
    made = []
    for n, (level, title, bookmark) in enumerate(headings):
        p = ooxml.paragraph(body, styles[f"TOC {level}"])
        if n == 0:
            _toc_field_start(p, dirty)
        link = ooxml.hyperlink(p, anchor=bookmark)
        ooxml.text_run(link, title)
        page = pages[n] if n < len(pages) else None
        if page is not None:
            ooxml.tab(link)
            ooxml.field(link, f"PAGEREF {bookmark} \\h", str(page))
        made.append(p)
    following = after.getnext()
    if made and following is not None and following.tag == ooxml.w("p"):
        # The field ends in its last entry and what follows starts its own page: a page-break paragraph after
        # the entries would, when they fill the page exactly, be carried alone onto a blank page.
        ooxml.fld_char(made[-1], "end")
        ooxml.paragraph_flag(following, "pageBreakBefore")
    else:
        end = ooxml.paragraph(body, styles["TOC 1"])
        if not made:
            _toc_field_start(end, dirty)
        ooxml.fld_char(end, "end")
        ooxml.line_break(ooxml.run(end), "page")
        made.append(end)
    for p in reversed(made):
        after.addnext(p)


def _toc_field_start(p, dirty: bool) -> None:
    ooxml.fld_char(p, "begin", dirty=dirty)
    ooxml.instr_text(p, TOC_INSTRUCTION)
    ooxml.fld_char(p, "separate")


def write_footer(document, styles, strings: Strings) -> None:
    """A centred "Page N of M" footer, unless the reference document brings its own."""
    footer = document.sections[0].footer
    if not footer.is_linked_to_previous:
        return
    footer.is_linked_to_previous = False
    root = footer.part.element
    for child in list(root):
        root.remove(child)
    p = ooxml.paragraph(root, styles["Footer"], jc="center")
    before, _, rest = strings.page_of.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    if before:
        ooxml.text_run(p, before)
    ooxml.field(p, "PAGE", "1")
    if middle:
        ooxml.text_run(p, middle)
    ooxml.field(p, "NUMPAGES", "1")
    if after:
        ooxml.text_run(p, after)


def blank_cover_footer(document, styles) -> None:
    """The first section's first page (the cover) gets an empty footer of its own."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    root = footer.part.element
    for child in list(root):
        root.remove(child)
    ooxml.paragraph(root, styles["Footer"])


def set_contents_tabs(document, styles, text_width_emu: int) -> None:
    """Each contents style gets a right tab with a dotted leader at the text's right edge, where page
    numbers stand (the width depends on the reference document's margins)."""
    position = str(text_width_emu // 635)  # EMU to twips
    styles_root = document.styles.element
    wanted = {styles[f"TOC {n}"] for n in range(1, 4)}
    for style in styles_root.iter(ooxml.w("style")):
        if style.get(ooxml.w("styleId")) in wanted:
            ooxml.right_tab(style, position)
