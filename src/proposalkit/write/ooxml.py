"""WordprocessingML element builders: the one module that spells out raw OOXML."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from lxml import etree

from ..base.text import clean_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NS = {"w": W_NS}

_SubElement = etree.SubElement


def w(tag: str) -> str:
    """The Clark name `{w-namespace}tag` of a WordprocessingML tag or attribute."""
    return "{%s}%s" % (W_NS, tag)


def r_attr(name: str) -> str:
    """The Clark name of an attribute in the relationships namespace (r:id, r:embed)."""
    return "{%s}%s" % (R_NS, name)


VAL = w("val")
_P, _PPR, _PSTYLE, _R, _RPR, _RSTYLE, _T = (w(t) for t in ("p", "pPr", "pStyle", "r", "rPr", "rStyle", "t"))
_B, _I, _STRIKE, _NOPROOF, _BR, _TAB = (w(t) for t in ("b", "i", "strike", "noProof", "br", "tab"))


def sub(parent, tag: str, **attrs: str):
    """A new `w:tag` child of `parent`, its attributes given in the w namespace."""
    el = _SubElement(parent, w(tag))
    for name, value in attrs.items():
        el.set(w(name), value)
    return el


# Element prototypes: a paragraph or run is made by copying a ready-made one (one C call) rather than by
# building its properties element by element, which is the writer's hottest path on long documents.
_PROTOTYPES: dict[tuple, Any] = {}
_MAX_PROTOTYPES = 4096


def _from_prototype(parent, key: tuple, build):
    proto = _PROTOTYPES.get(key)
    if proto is None:
        proto = build()
        if len(_PROTOTYPES) < _MAX_PROTOTYPES:
            _PROTOTYPES[key] = proto
    el = proto.__copy__()  # lxml copies the whole subtree
    parent.append(el)
    return el


def paragraph(
    parent,
    style_id: str | None = None,
    *,
    keep_next: bool = False,
    num: tuple[int, int] | None = None,
    ind_left: int | None = None,
    jc: str | None = None,
    new_page: bool = False,
):
    """A `w:p` appended to `parent`, its pPr children in schema order; `new_page` starts it on a new page."""
    return _from_prototype(
        parent,
        ("p", style_id, keep_next, num, ind_left, jc, new_page),
        lambda: _new_paragraph(style_id, keep_next, num, ind_left, jc, new_page),
    )


def _new_paragraph(style_id, keep_next, num, ind_left, jc, new_page=False):
    p = etree.Element(_P)
    if style_id or keep_next or num or ind_left is not None or jc or new_page:
        ppr = _SubElement(p, _PPR)
        if style_id:
            _SubElement(ppr, _PSTYLE).set(VAL, style_id)
        if keep_next:
            _SubElement(ppr, w("keepNext"))
        if new_page:
            _SubElement(ppr, w("pageBreakBefore"))
        if num:
            numpr = _SubElement(ppr, w("numPr"))
            _SubElement(numpr, w("ilvl")).set(VAL, str(num[1]))
            _SubElement(numpr, w("numId")).set(VAL, str(num[0]))
        if ind_left is not None:
            _SubElement(ppr, w("ind")).set(w("left"), str(ind_left))
        if jc:
            _SubElement(ppr, w("jc")).set(VAL, jc)
    return p


_PPR_LEADING = ("pStyle", "keepNext", "keepLines", "pageBreakBefore")  # the first pPr children, in schema order


def paragraph_flag(p, name: str) -> None:
    """Sets on/off property `name` ("keepNext", "pageBreakBefore") of paragraph `p`, in pPr's schema order."""
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = etree.Element(_PPR)
        p.insert(0, ppr)
    if ppr.find(w(name)) is None:
        before = {w(tag) for tag in _PPR_LEADING[: _PPR_LEADING.index(name)]}
        ppr.insert(sum(1 for child in ppr if child.tag in before), etree.Element(w(name)))


def space_before(p, twips: int) -> None:
    """Sets the space before paragraph `p` directly, in pPr's schema order."""
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = etree.Element(_PPR)
        p.insert(0, ppr)
    later = {w(tag) for tag in ("ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc")}
    later |= {w(tag) for tag in ("textDirection", "textAlignment", "outlineLvl", "rPr", "sectPr", "pPrChange")}
    spacing = etree.Element(w("spacing"))
    spacing.set(w("before"), str(twips))
    for i, child in enumerate(ppr):
        if child.tag in later:
            ppr.insert(i, spacing)
            return
    ppr.append(spacing)


def run(
    parent,
    style_id: str | None = None,
    *,
    bold: bool = False,
    italic: bool = False,
    strike: bool = False,
    no_proof: bool = False,
):
    """A `w:r` appended to `parent`; rPr holds rStyle then the direct toggles, in schema order."""
    return _from_prototype(
        parent,
        ("r", style_id, bold, italic, strike, no_proof),
        lambda: _new_run(style_id, bold, italic, strike, no_proof, False),
    )


def text_run(
    parent,
    value: str,
    style_id: str | None = None,
    *,
    bold: bool = False,
    italic: bool = False,
    strike: bool = False,
):
    """A run appended to `parent` holding `value` as one `w:t` (see `run`); returns the `w:t`."""
    r = _from_prototype(
        parent, ("rt", style_id, bold, italic, strike), lambda: _new_run(style_id, bold, italic, strike, False, True)
    )
    t = r[-1]
    set_text(t, value)
    return t


def _new_run(style_id, bold, italic, strike, no_proof, with_text):
    r = etree.Element(_R)
    if style_id or bold or italic or strike or no_proof:
        rpr = _SubElement(r, _RPR)
        if style_id:
            _SubElement(rpr, _RSTYLE).set(VAL, style_id)
        if bold:
            _SubElement(rpr, _B)
        if italic:
            _SubElement(rpr, _I)
        if strike:
            _SubElement(rpr, _STRIKE)
        if no_proof:
            _SubElement(rpr, _NOPROOF)
    if with_text:
        _SubElement(r, _T)
    return r


def text(r, value: str):
    """A `w:t` in run `r`, keeping edge spaces with xml:space="preserve"."""
    t = _SubElement(r, _T)
    set_text(t, value)
    return t


def set_text(t, value: str) -> None:
    """Set the text of a `w:t`, marking it space-preserving when it has edge whitespace."""
    value = clean_text(value)
    t.text = value
    if value and (value[0].isspace() or value[-1].isspace()):
        t.set(XML_SPACE, "preserve")


def line_break(r, kind: str | None = None):
    """A `w:br` in run `r`; kind "page" makes a page break."""
    br = _SubElement(r, _BR)
    if kind:
        br.set(w("type"), kind)
    return br


def text_lines(r, value: str) -> None:
    """Fill run `r` with `value`, turning newlines into w:br and tabs into w:tab."""
    for n, line in enumerate(value.split("\n")):
        if n:
            _SubElement(r, _BR)
        for k, piece in enumerate(line.split("\t")):
            if k:
                _SubElement(r, _TAB)
            if piece:
                text(r, piece)


def fld_char(parent, kind: str, *, dirty: bool = False):
    """A run holding `w:fldChar` of type begin, separate or end."""
    r = _SubElement(parent, _R)
    fc = _SubElement(r, w("fldChar"))
    fc.set(w("fldCharType"), kind)
    if dirty:
        fc.set(w("dirty"), "true")
    return r


def instr_text(parent, instruction: str):
    """A run holding a field instruction."""
    r = _SubElement(parent, _R)
    it = _SubElement(r, w("instrText"))
    it.set(XML_SPACE, "preserve")
    it.text = " %s " % instruction
    return r


def field(parent, instruction: str, result: str, *, dirty: bool = False, result_run=None) -> None:
    """A complete complex field (begin, instruction, separate, result, end) as runs.

    `result_run(parent)` makes the run that shows the result, so it can carry the caller's formatting.
    """
    fld_char(parent, "begin", dirty=dirty)
    instr_text(parent, instruction)
    fld_char(parent, "separate")
    text(result_run(parent) if result_run else run(parent, no_proof=True), result)
    fld_char(parent, "end")


def is_page_break_paragraph(p) -> bool:
    """Whether `p` is a paragraph whose only content is one page-break run."""
    runs = p.findall(_R)
    return (
        p.tag == _P
        and len(runs) == 1
        and len(runs[0]) == 1
        and runs[0][0].tag == _BR
        and runs[0][0].get(w("type")) == "page"
    )


def section_properties(template, *, landscape: bool = False):
    """A copy of sectPr `template`; with `landscape`, its page turned on its side, the margins kept."""
    sect_pr = deepcopy(template)
    size = sect_pr.find(w("pgSz"))
    if landscape and size is not None:
        width, height = int(size.get(w("w"), "11906")), int(size.get(w("h"), "16838"))
        size.set(w("w"), str(max(width, height)))
        size.set(w("h"), str(min(width, height)))
        size.set(w("orient"), "landscape")
    return sect_pr


def end_section(p, sect_pr) -> None:
    """Make paragraph `p` the last of a section laid out by `sect_pr` (which goes last in its pPr)."""
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = _SubElement(p, _PPR)
        p.insert(0, ppr)
    change = ppr.find(w("pPrChange"))
    if change is not None:
        change.addprevious(sect_pr)
    else:
        ppr.append(sect_pr)


def table_properties(tbl, style_id: str):
    """The tblPr of a new table: style, full width, fixed layout from the grid, header-row look."""
    pr = _SubElement(tbl, w("tblPr"))
    sub(pr, "tblStyle", val=style_id)
    sub(pr, "tblW", w="5000", type="pct")
    sub(pr, "tblLayout", type="fixed")
    sub(
        pr,
        "tblLook",
        val="0420",
        firstRow="1",
        lastRow="0",
        firstColumn="0",
        lastColumn="0",
        noHBand="0",
        noVBand="1",
    )
    return pr


def table_row(tbl, *, header: bool = False, cant_split: bool = False):
    """A `w:tr` in `tbl`; a header row repeats on each page, a cant-split row stays on one page."""
    tr = _SubElement(tbl, w("tr"))
    if header or cant_split:
        pr = _SubElement(tr, w("trPr"))
        if cant_split:
            _SubElement(pr, w("cantSplit"))
        if header:
            _SubElement(pr, w("tblHeader"))
    return tr


def table_cell(tr, width: int):
    """A `w:tc` appended to row `tr`, `width` twips wide."""
    return _from_prototype(tr, ("tc", width), lambda: _new_cell(width))


def _new_cell(width: int):
    tc = etree.Element(w("tc"))
    sub(sub(tc, "tcPr"), "tcW", w=str(width), type="dxa")
    return tc


def hyperlink(parent, *, rid: str | None = None, anchor: str | None = None, tooltip: str | None = None):
    """A `w:hyperlink` to an external relationship `rid` or to bookmark `anchor`."""
    h = _SubElement(parent, w("hyperlink"))
    if rid:
        h.set(r_attr("id"), rid)
    if tooltip:
        h.set(w("tooltip"), clean_text(tooltip))
    if anchor:
        h.set(w("anchor"), anchor)
    h.set(w("history"), "1")
    return h


def footnote_reference(parent, style_id: str | None, note_id: int):
    """A run with rStyle `style_id` referring to footnote `note_id`."""
    r = run(parent, style_id)
    _SubElement(r, w("footnoteReference")).set(w("id"), str(note_id))
    return r


def footnote_ref_mark(parent, style_id: str | None):
    """The run at the start of a footnote that shows its number."""
    r = run(parent, style_id)
    _SubElement(r, w("footnoteRef"))
    return r


def bookmark_start(parent, bookmark_id: int, name: str):
    """A `w:bookmarkStart` with id and name."""
    el = _SubElement(parent, w("bookmarkStart"))
    el.set(w("id"), str(bookmark_id))
    el.set(w("name"), name)
    return el


def bookmark_end(parent, bookmark_id: int):
    """A `w:bookmarkEnd` closing bookmark `bookmark_id`."""
    el = _SubElement(parent, w("bookmarkEnd"))
    el.set(w("id"), str(bookmark_id))
    return el


# The tail of CT_Settings' sequence (word/settings.xml) from w:footnotePr on: a child written into settings goes
# before the first of those that follow it (settings_after).
SETTINGS_SEQUENCE = (
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def settings_after(name: str) -> tuple[str, ...]:
    """The settings children CT_Settings puts after w:`name`."""
    return SETTINGS_SEQUENCE[SETTINGS_SEQUENCE.index(name) + 1 :]


def insert_before_any(parent, child, successors: tuple[str, ...]) -> None:
    """Insert `child` into `parent` ahead of its first child whose tag is in `successors`."""
    names = {w(tag) if not tag.startswith("{") else tag for tag in successors}
    for existing in parent:
        if existing.tag in names:
            existing.addprevious(child)
            return
    parent.append(child)


def tab(parent):
    """A run holding one `w:tab` (moves to the paragraph's next tab stop)."""
    r = _SubElement(parent, _R)
    _SubElement(r, _TAB)
    return r


def right_tab(style, position: str) -> None:
    """Give style element `style` one right-aligned tab stop with a dotted leader at `position` twips."""
    ppr = style.find(_PPR)
    if ppr is None:
        ppr = _SubElement(style, _PPR)
        rpr = style.find(_RPR)
        if rpr is not None:
            rpr.addprevious(ppr)
    tabs = ppr.find(w("tabs"))
    if tabs is not None:
        ppr.remove(tabs)
    tabs = etree.Element(w("tabs"))
    stop = _SubElement(tabs, w("tab"))
    stop.set(VAL, "right")
    stop.set(w("leader"), "dot")
    stop.set(w("pos"), position)
    insert_before_any(ppr, tabs, _AFTER_TABS)


# pPr children that come after w:tabs (CT_PPrBase sequence).
_AFTER_TABS = tuple(
    w(tag)
    for tag in (
        "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
        "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split()
)


# -- pictures and run fonts --------------------------------------------------------------------------
