"""Named styles the writer uses: added to a reference document when missing, then resolved to ids."""

from __future__ import annotations

import re

from docx.oxml import parse_xml

from .ooxml import W_NS, w

CJK_FONT = "SimSun"
MONO = '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>'

# key -> (type, name as Word writes it, basedOn key, inner XML). Order is the order they are added.
_HEADING_SIZES = {1: 32, 2: 28, 3: 26, 4: 24, 5: 22, 6: 22}
STYLE_DEFS: dict[str, tuple[str, str, str | None, str]] = {
    "Normal": ("paragraph", "Normal", None, "<w:qFormat/>"),
    "Body Text": (
        "paragraph", "Body Text", "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:before="0" w:after="160"/></w:pPr>',
    ),
    "Title": (
        "paragraph", "Title", "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:before="2400" w:after="240"/><w:jc w:val="center"/></w:pPr>'
        '<w:rPr><w:b/><w:sz w:val="52"/></w:rPr>',
    ),
    "Subtitle": (
        "paragraph", "Subtitle", "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr>',
    ),
    "Cover Field": (
        "paragraph", "Cover Field", "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:after="120"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="26"/></w:rPr>',
    ),
    **{
        f"Heading {n}": (
            "paragraph", f"heading {n}", "Normal",
            '<w:next w:val="@Body Text"/><w:uiPriority w:val="9"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{360 if n < 3 else 240}" w:after="120"/>'
            f'<w:outlineLvl w:val="{n - 1}"/></w:pPr>'
            f'<w:rPr><w:b/>{"<w:i/>" if n > 4 else ""}<w:sz w:val="{_HEADING_SIZES[n]}"/></w:rPr>',
        )
        for n in range(1, 7)
    },
    "Source Code": (
        "paragraph", "Source Code", "Normal",
        '<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:spacing w:before="0" w:after="160" '
        f'w:line="240" w:lineRule="auto"/></w:pPr><w:rPr>{MONO}<w:noProof/><w:sz w:val="20"/></w:rPr>',
    ),
    "Quote": (
        "paragraph", "Quote", "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:after="160"/><w:ind w:left="567" w:right="567"/></w:pPr>'
        '<w:rPr><w:i/><w:color w:val="404040"/></w:rPr>',
    ),
    "List Paragraph": (
        "paragraph", "List Paragraph", "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:after="80"/><w:ind w:left="720"/></w:pPr>',
    ),
    "List Continue": (
        "paragraph", "List Continue", "Normal", '<w:pPr><w:spacing w:after="80"/><w:ind w:left="720"/></w:pPr>',
    ),
    "Table Text": (
        "paragraph", "Table Text", "Normal",
        '<w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="20"/></w:rPr>',
    ),
    "Footnote Text": (
        "paragraph", "footnote text", "Normal",
        '<w:uiPriority w:val="99"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/></w:rPr>',
    ),
    "Caption": (
        "paragraph", "caption", "Normal", '<w:qFormat/><w:pPr><w:spacing w:after="200"/></w:pPr><w:rPr><w:i/></w:rPr>',
    ),
    "TOC Heading": (
        "paragraph", "TOC Heading", "Heading 1", '<w:next w:val="@Normal"/><w:uiPriority w:val="39"/><w:qFormat/>',
    ),
    **{
        f"TOC {n}": (
            "paragraph", f"toc {n}", "Normal",
            '<w:next w:val="@Normal"/><w:uiPriority w:val="39"/>'
            f'<w:pPr><w:spacing w:after="60"/><w:ind w:left="{(n - 1) * 240}"/></w:pPr>',
        )
        for n in range(1, 4)
    },
    "Horizontal Rule": (
        "paragraph", "Horizontal Rule", "Normal",
        '<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="808080"/></w:pBdr>'
        '<w:spacing w:before="120" w:after="240"/></w:pPr>',
    ),
    "Footer": ("paragraph", "footer", "Normal", '<w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr>'),
    "Strong": ("character", "Strong", None, '<w:qFormat/><w:rPr><w:b/><w:bCs/></w:rPr>'),
    "Emphasis": ("character", "Emphasis", None, '<w:qFormat/><w:rPr><w:i/><w:iCs/></w:rPr>'),
    "Strikethrough": ("character", "Strikethrough", None, "<w:rPr><w:strike/></w:rPr>"),
    "Verbatim Char": ("character", "Verbatim Char", None, f"<w:rPr>{MONO}<w:noProof/><w:sz w:val=\"20\"/></w:rPr>"),
    "Hyperlink": (
        "character", "Hyperlink", None,
        '<w:uiPriority w:val="99"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>',
    ),
    "Footnote Reference": (
        "character", "footnote reference", None, '<w:uiPriority w:val="99"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>',
    ),
    "Normal Table": (
        "table", "Normal Table", None,
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
    ),
    "Proposal Table": (
        "table", "Proposal Table", "Normal Table",
        '<w:uiPriority w:val="59"/><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
        "<w:tblPr><w:tblBorders>"
        + "".join(
            f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tblPr/>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr></w:tblStylePr>',
    ),
}


def _style_index(styles_el) -> dict[tuple[str, str], str]:
    """(type, lower-case name) -> styleId for every style in a styles element."""
    index = {}
    for style in styles_el.iter(w("style")):
        name_el = style.find(w("name"))
        name = name_el.get(w("val")) if name_el is not None else style.get(w("styleId"))
        index.setdefault((style.get(w("type")) or "paragraph", (name or "").lower()), style.get(w("styleId")))
    return index


_CONVENTIONAL_IDS = {"Normal Table": "TableNormal"}  # ids Word gives built-ins whose id is not the bare name


def _new_style_id(key: str, taken: set[str]) -> str:
    base = _CONVENTIONAL_IDS.get(key) or re.sub(r"[^A-Za-z0-9]", "", key) or "Style"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _style_xml(style_id: str, kind: str, name: str, based_on: str | None, inner: str) -> str:
    head = f'<w:name w:val="{name}"/>' + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
    return f'<w:style xmlns:w="{W_NS}" w:type="{kind}" w:styleId="{style_id}">{head}{inner}</w:style>'


def _ensure_cjk_default(styles_el) -> None:
    """Give the document default run fonts an explicit East Asian font unless one is set."""
    defaults = styles_el.find(w("docDefaults"))
    if defaults is None:
        defaults = parse_xml(f'<w:docDefaults xmlns:w="{W_NS}"/>')
        styles_el.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f'<w:rPrDefault xmlns:w="{W_NS}"/>')
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = parse_xml(f'<w:rPr xmlns:w="{W_NS}"/>')
        rpr_default.append(rpr)
    fonts = rpr.find(w("rFonts"))
    if fonts is None:
        fonts = parse_xml(f'<w:rFonts xmlns:w="{W_NS}"/>')
        rpr.insert(0, fonts)
    if fonts.get(w("eastAsia")) is None:
        fonts.attrib.pop(w("eastAsiaTheme"), None)
        fonts.set(w("eastAsia"), CJK_FONT)


def ensure_styles(document) -> dict[str, str]:
    """Add every style the writer needs that `document` lacks; return style key -> styleId."""
    styles_el = document.styles.element
    _ensure_cjk_default(styles_el)
    index = _style_index(styles_el)
    taken = {sid for sid in index.values() if sid}
    ids: dict[str, str] = {}
    pending: list[tuple[str, str, str, str | None, str]] = []
    for key, (kind, name, _based, _inner) in STYLE_DEFS.items():
        found = index.get((kind, key.lower())) or index.get((kind, name.lower()))
        if found:
            ids[key] = found
        else:
            ids[key] = _new_style_id(key, taken)
            taken.add(ids[key])
            pending.append((key, kind, name, _based, _inner))
    for key, kind, name, based, inner in pending:
        inner = re.sub(r'w:val="@([^"]+)"', lambda m: f'w:val="{ids[m.group(1)]}"', inner)
        based_id = ids.get(based) if based else None
        styles_el.append(parse_xml(_style_xml(ids[key], kind, name, based_id, inner)))
    return ids
