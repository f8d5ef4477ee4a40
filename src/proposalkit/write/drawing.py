"""Raw OOXML of pictures beside ooxml.py: the SVG a picture carries next to its PNG (Word 2016's svgBlip), and
the body font a chart is drawn in, read from the styles and theme parts."""

from __future__ import annotations

from lxml import etree

from .ooxml import VAL, r_attr, w

_SubElement = etree.SubElement
_RPR = w("rPr")

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
SVG_BLIP_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # the a:ext holding Word 2016's svgBlip
_PART_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def svg_blip(inline, rid: str) -> None:
    """Give the picture in `inline` its SVG as Word 2016 writes it: the `a:blip` keeps `r:embed` on the PNG
    that older readers show, and an `a:extLst` extension points `asvg:svgBlip r:embed` at the SVG part `rid`."""
    blip = inline.find(f".//{{{A_NS}}}blip")
    ext_lst = blip.find(f"{{{A_NS}}}extLst")
    if ext_lst is None:
        ext_lst = _SubElement(blip, f"{{{A_NS}}}extLst")
    ext = _SubElement(ext_lst, f"{{{A_NS}}}ext")
    ext.set("uri", SVG_BLIP_URI)
    _SubElement(ext, f"{{{ASVG_NS}}}svgBlip", nsmap={"asvg": ASVG_NS}).set(r_attr("embed"), rid)


def paragraph_font(styles, style_id: str, theme: bytes | None = None) -> str | None:
    """The Latin font of text in paragraph style `style_id` of `styles` (a styles part's root): the first
    `w:rFonts` naming one along the style's basedOn chain, then the document defaults'; a theme font is looked
    up in `theme` (the theme part's bytes). None when nothing names one."""
    by_id = {style.get(w("styleId")): style for style in styles.iterfind(w("style"))}
    chain, seen = [], set()
    current: str | None = style_id
    while current in by_id and current not in seen:
        seen.add(current)
        chain.append(by_id[current].find(f"{_RPR}/{w('rFonts')}"))
        based = by_id[current].find(w("basedOn"))
        current = based.get(VAL) if based is not None else None
    chain.append(styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{_RPR}/{w('rFonts')}"))
    for fonts in chain:
        if fonts is None:
            continue
        if fonts.get(w("ascii")):
            return fonts.get(w("ascii"))
        if fonts.get(w("asciiTheme")) and theme:
            kind = "major" if fonts.get(w("asciiTheme")).startswith("major") else "minor"
            latin = etree.fromstring(theme, _PART_PARSER).find(f".//{{{A_NS}}}{kind}Font/{{{A_NS}}}latin")
            return latin.get("typeface") if latin is not None and latin.get("typeface") else None
    return None
