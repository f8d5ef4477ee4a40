"""Named styles the writer uses: added to a reference document when missing, then resolved to ids."""

from __future__ import annotations

import re

from docx.oxml import parse_xml

from .ooxml import NS, W_NS, w

# The house look of the default reference document: one sans family for body and headings.
BODY_FONT = "Calibri"
# East Asian text needs a font Word on Windows and Mac has. SimSun (宋体) is in every Windows' core font list
# (DengXian, Word 2016's own choice, is a download on demand) and is the Simplified Chinese face Word's Office
# theme names; the font table gives Word its native name and GB2312 charset to find it or a substitute by.
# Linux has none of these: LibreOffice ignores w:altName and asks fontconfig for the font in the text's
# language, so East Asian text is tagged zh-CN and SimSun becomes Noto Serif CJK SC (fonts-noto-cjk), with
# simplified glyphs (tagged en-GB it would become a Japanese sans face).
CJK_FONT = "SimSun"
# East Asian script -> (Word's language tag, a font in Windows' core list, its native name for the font table's
# w:altName, charset, family, the theme's script key): the variant's language picks one, Hans otherwise.
EAST_ASIAN: dict[str, tuple[str, str, str, str, str, str]] = {
    "Hans": ("zh-CN", "SimSun", "宋体", "86", "roman", "Hans"),
    "Hant": ("zh-TW", "Microsoft JhengHei", "微軟正黑體", "88", "swiss", "Hant"),
    "Jpan": ("ja-JP", "Yu Gothic", "游ゴシック", "80", "swiss", "Jpan"),
    "Kore": ("ko-KR", "Malgun Gothic", "맑은 고딕", "81", "swiss", "Hang"),
}
MONO = '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>'
AFTER_TABLE_TWIPS = 200  # the space between a table and the paragraph after it
DARK, ACCENT, MUTED, RULE = "1F3864", "2E74B5", "595959", "A6A6A6"

# key -> (type, name as Word writes it, basedOn key, inner XML). Order is the order they are added.
_HEADING = {  # level -> (size in half-points, colour, space before in twips)
    1: (32, DARK, 360),
    2: (26, ACCENT, 300),
    3: (24, DARK, 240),
    4: (22, ACCENT, 200),
    5: (22, DARK, 200),
    6: (21, MUTED, 200),
}
STYLE_DEFS: dict[str, tuple[str, str, str | None, str]] = {
    "Normal": ("paragraph", "Normal", None, "<w:qFormat/>"),
    "Body Text": (
        "paragraph",
        "Body Text",
        "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:before="0" w:after="160"/></w:pPr>',
    ),
    "Body Text After Table": (
        "paragraph",
        "Body Text After Table",
        "Body Text",
        f'<w:next w:val="@Body Text"/><w:pPr><w:spacing w:before="{AFTER_TABLE_TWIPS}"/></w:pPr>',
    ),
    "Title": (
        "paragraph",
        "Title",
        "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:before="2400" w:after="240" w:line="240" w:lineRule="auto"/>'
        f'<w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:color w:val="{DARK}"/><w:sz w:val="52"/></w:rPr>',
    ),
    "Subtitle": (
        "paragraph",
        "Subtitle",
        "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr>'
        f'<w:rPr><w:color w:val="{ACCENT}"/><w:sz w:val="32"/></w:rPr>',
    ),
    "Cover Field": (
        "paragraph",
        "Cover Field",
        "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:after="120"/><w:jc w:val="center"/></w:pPr>'
        f'<w:rPr><w:color w:val="{MUTED}"/><w:sz w:val="26"/></w:rPr>',
    ),
    **{
        f"Heading {n}": (
            "paragraph",
            f"heading {n}",
            "Normal",
            '<w:next w:val="@Body Text"/><w:uiPriority w:val="9"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="120"/>'
            f'<w:outlineLvl w:val="{n - 1}"/></w:pPr>'
            f'<w:rPr><w:b/>{"<w:i/>" if n > 4 else ""}<w:color w:val="{colour}"/><w:sz w:val="{size}"/></w:rPr>',
        )
        for n, (size, colour, before) in _HEADING.items()
    },
    "Source Code": (
        "paragraph",
        "Source Code",
        "Normal",
        '<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:spacing w:before="0" w:after="160" '
        f'w:line="240" w:lineRule="auto"/></w:pPr><w:rPr>{MONO}<w:noProof/><w:sz w:val="20"/></w:rPr>',
    ),
    "Quote": (
        "paragraph",
        "Quote",
        "Normal",
        '<w:qFormat/><w:pPr><w:pBdr><w:left w:val="single" w:sz="12" w:space="8" '
        f'w:color="{ACCENT}"/></w:pBdr><w:spacing w:after="160"/><w:ind w:left="567" w:right="567"/></w:pPr>'
        '<w:rPr><w:i/><w:color w:val="404040"/></w:rPr>',
    ),
    "List Paragraph": (
        "paragraph",
        "List Paragraph",
        "Normal",
        '<w:qFormat/><w:pPr><w:spacing w:after="80"/><w:ind w:left="720"/></w:pPr>',
    ),
    "List Continue": (
        "paragraph",
        "List Continue",
        "Normal",
        '<w:pPr><w:spacing w:after="80"/><w:ind w:left="720"/></w:pPr>',
    ),
    "Table Text": (
        "paragraph",
        "Table Text",
        "Normal",
        '<w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="20"/></w:rPr>',
    ),
    "Footnote Text": (
        "paragraph",
        "footnote text",
        "Normal",
        '<w:uiPriority w:val="99"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/></w:rPr>',
    ),
    "Caption": (
        "paragraph",
        "caption",
        "Normal",
        '<w:next w:val="@Body Text"/><w:uiPriority w:val="35"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="120" w:after="200" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr><w:i/><w:color w:val="{DARK}"/><w:sz w:val="20"/></w:rPr>',
    ),
    "Figure": (
        "paragraph",
        "Figure",
        "Normal",
        '<w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="0"/><w:jc w:val="center"/></w:pPr>',
    ),
    "TOC Heading": (
        "paragraph",
        "TOC Heading",
        "Heading 1",
        '<w:next w:val="@Normal"/><w:uiPriority w:val="39"/><w:qFormat/>',
    ),
    **{
        f"TOC {n}": (
            "paragraph",
            f"toc {n}",
            "Normal",
            '<w:next w:val="@Normal"/><w:uiPriority w:val="39"/>'
            f'<w:pPr><w:spacing w:before="{120 if n == 1 else 0}" w:after="60"/><w:ind w:left="{(n - 1) * 240}"/></w:pPr>'
            + ("<w:rPr><w:b/></w:rPr>" if n == 1 else ""),
        )
        for n in range(1, 4)
    },
    "Bibliography": (
        "paragraph",
        "Bibliography",
        "Normal",
        '<w:uiPriority w:val="37"/><w:pPr><w:spacing w:after="120"/><w:ind w:left="360" w:hanging="360"/></w:pPr>',
    ),
    "Horizontal Rule": (
        "paragraph",
        "Horizontal Rule",
        "Normal",
        f'<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="{RULE}"/></w:pBdr>'
        '<w:spacing w:before="120" w:after="240"/></w:pPr>',
    ),
    "Footer": (
        "paragraph",
        "footer",
        "Normal",
        f'<w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:color w:val="{MUTED}"/>'
        '<w:sz w:val="18"/></w:rPr>',
    ),
    "Strong": ("character", "Strong", None, "<w:qFormat/><w:rPr><w:b/><w:bCs/></w:rPr>"),
    "Emphasis": ("character", "Emphasis", None, "<w:qFormat/><w:rPr><w:i/><w:iCs/></w:rPr>"),
    "Strikethrough": ("character", "Strikethrough", None, "<w:rPr><w:strike/></w:rPr>"),
    "Verbatim Char": ("character", "Verbatim Char", None, f'<w:rPr>{MONO}<w:noProof/><w:sz w:val="20"/></w:rPr>'),
    "Hyperlink": (
        "character",
        "Hyperlink",
        None,
        '<w:uiPriority w:val="99"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>',
    ),
    "Comment Text": (
        "paragraph",
        "annotation text",
        "Normal",
        '<w:uiPriority w:val="99"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="20"/></w:rPr>',
    ),
    "Comment Reference": (
        "character",
        "annotation reference",
        None,
        '<w:uiPriority w:val="99"/><w:rPr><w:sz w:val="16"/></w:rPr>',
    ),
    "Footnote Reference": (
        "character",
        "footnote reference",
        None,
        '<w:uiPriority w:val="99"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>',
    ),
    "Normal Table": (
        "table",
        "Normal Table",
        None,
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
    ),
    "Proposal Table": (
        "table",
        "Proposal Table",
        "Normal Table",
        '<w:uiPriority w:val="59"/><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
        '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblBorders>'
        + "".join(
            f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr><w:tblPr/>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{DARK}"/></w:tcPr></w:tblStylePr>'
        '<w:tblStylePr w:type="band2Horz"><w:tblPr/>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F2F5FA"/></w:tcPr></w:tblStylePr>',
    ),
}
# Paragraph defaults of the house look: 11 pt, a little more than single line spacing.
_HOUSE_FONTS = f'w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}" w:eastAsia="{CJK_FONT}"'


# Toggle properties (ECMA-376 17.7.3) the writer sets: in the style hierarchy each level that turns one on
# flips it, so a run's character style saying bold in a bold paragraph style makes the text not bold.
def _style_index(styles_el) -> dict[tuple[str, str], str]:
    """(type, lower-case name) -> styleId for every style in a styles element."""
    index: dict[tuple[str, str], str] = {}
    for style in styles_el.iter(w("style")):
        name_el = style.find(w("name"))
        name = name_el.get(w("val")) if name_el is not None else style.get(w("styleId"))
        index.setdefault((style.get(w("type")) or "paragraph", (name or "").lower()), style.get(w("styleId")))
    return index


# The style of each type that Word applies where none is named: Normal must be the default paragraph style.
DEFAULT_STYLES = ("Normal", "Normal Table")
_CONVENTIONAL_IDS = {"Normal Table": "TableNormal"}  # ids Word gives built-ins whose id is not the bare name


def _new_style_id(key: str, taken: set[str]) -> str:
    base = _CONVENTIONAL_IDS.get(key) or re.sub(r"[^A-Za-z0-9]", "", key) or "Style"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _style_xml(style_id: str, kind: str, name: str, based_on: str | None, inner: str, default: bool = False) -> str:
    head = f'<w:name w:val="{name}"/>' + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
    flag = ' w:default="1"' if default else ""
    return f'<w:style xmlns:w="{W_NS}" w:type="{kind}"{flag} w:styleId="{style_id}">{head}{inner}</w:style>'


def _mark_defaults(styles_el, ids: dict[str, str]) -> None:
    """Make each of DEFAULT_STYLES the one w:default style of its type (Normal for paragraphs)."""
    defaults = {STYLE_DEFS[key][0]: ids[key] for key in DEFAULT_STYLES}
    for style in styles_el.iter(w("style")):
        kind = style.get(w("type")) or "paragraph"
        if kind not in defaults:
            continue
        if style.get(w("styleId")) == defaults[kind]:
            style.set(w("default"), "1")
        else:
            style.attrib.pop(w("default"), None)


def default_run_properties(styles_el):
    """The docDefaults/rPrDefault/rPr element, created when the reference document lacks it."""
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
    return rpr


def style_font(styles_el, name: str, attr: str) -> str | None:
    """The font the paragraph style called `name` gives (through basedOn, then the document defaults) for
    `attr` ("ascii", "eastAsia"); None where a theme font or nothing decides it."""
    by_id = {s.get(w("styleId")): s for s in styles_el.iter(w("style"))}
    style = next((s for s in by_id.values() if s.find("w:name[@w:val='%s']" % name, NS) is not None), None)
    seen: set[str] = set()
    chain = []
    while style is not None and style.get(w("styleId")) not in seen:
        seen.add(style.get(w("styleId")))
        chain.append(style.find("w:rPr/w:rFonts", NS))
        based = style.find(w("basedOn"))
        style = by_id.get(based.get(w("val"))) if based is not None else None
    chain.append(default_run_properties(styles_el).find(w("rFonts")))
    theme_attr = "cstheme" if attr == "cs" else attr + "Theme"
    for fonts in chain:
        if fonts is not None and fonts.get(w(theme_attr)) is not None:
            return None
        if fonts is not None and fonts.get(w(attr)):
            return fonts.get(w(attr))
    return None


def set_east_asian_font(styles_el, script: str) -> str:
    """Make the document's default East Asian font the one for `script` (a key of EAST_ASIAN) where the
    writer chose it (a donor's own East Asian font is kept); returns the default East Asian font."""
    fonts = default_run_properties(styles_el).find(w("rFonts"))
    ours = {entry[1] for entry in EAST_ASIAN.values()}
    if fonts is not None and fonts.get(w("eastAsia")) in ours:
        fonts.set(w("eastAsia"), EAST_ASIAN[script][1])
    return fonts.get(w("eastAsia")) if fonts is not None else CJK_FONT


def _ensure_cjk_default(styles_el) -> None:
    """Give the document default run fonts an explicit East Asian font unless one is set."""
    rpr = default_run_properties(styles_el)
    fonts = rpr.find(w("rFonts"))
    if fonts is None:
        fonts = parse_xml(f'<w:rFonts xmlns:w="{W_NS}"/>')
        rpr.insert(0, fonts)
    if fonts.get(w("eastAsia")) is None:
        fonts.attrib.pop(w("eastAsiaTheme"), None)
        fonts.set(w("eastAsia"), CJK_FONT)


def _house_defaults(styles_el) -> None:
    """The default reference document's run and paragraph defaults: the house fonts, 11 pt, 1.15 line spacing."""
    rpr = default_run_properties(styles_el)
    old = rpr.find(w("rFonts"))
    fonts = parse_xml(f'<w:rFonts xmlns:w="{W_NS}" {_HOUSE_FONTS}/>')
    if old is not None:
        old.addprevious(fonts)
        rpr.remove(old)
    else:
        rpr.insert(0, fonts)
    defaults = styles_el.find(w("docDefaults"))
    ppr_default = defaults.find(w("pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)
    defaults.append(
        parse_xml(
            f'<w:pPrDefault xmlns:w="{W_NS}"><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault>"
        )
    )


def ensure_styles(document, *, house: bool = False) -> dict[str, str]:
    """Add every style the writer needs that `document` lacks; return style key -> styleId.

    With `house` (the built-in reference document), the writer's own definitions replace the template's
    styles of the same name too, so the default output has one consistent look.
    """
    styles_el = document.styles.element
    if house:
        _house_defaults(styles_el)
    _ensure_cjk_default(styles_el)
    index = _style_index(styles_el)
    taken = {sid for sid in index.values() if sid}
    ids: dict[str, str] = {}
    pending: list[tuple[str, str, str, str | None, str]] = []
    for key, (kind, name, _based, _inner) in STYLE_DEFS.items():
        found = index.get((kind, key.lower())) or index.get((kind, name.lower()))
        if found:
            ids[key] = found
            if house:
                pending.append((key, kind, name, _based, _inner))
        else:
            ids[key] = _new_style_id(key, taken)
            taken.add(ids[key])
            pending.append((key, kind, name, _based, _inner))
    existing = {style.get(w("styleId")): style for style in styles_el.iter(w("style"))}
    for key, kind, name, based, inner in pending:
        inner = re.sub(r'w:val="@([^"]+)"', lambda m: f'w:val="{ids[m.group(1)]}"', inner)
        based_id = ids.get(based) if based else None
        new = parse_xml(_style_xml(ids[key], kind, name, based_id, inner, key in DEFAULT_STYLES))
        old = existing.get(ids[key])
        if old is not None:
            old.addprevious(new)
            styles_el.remove(old)
        else:
            styles_el.append(new)
    _mark_defaults(styles_el, ids)
    return ids
