"""The reference document a proposal is written into: python-docx's template or a donor's file, with its
settings (Word 2013 layout), theme fonts and font table made to agree with its styles."""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm, Mm
from lxml import etree

from ..load.packages import safe_parser
from . import ooxml
from .ooxml import w
from .styles import EAST_ASIAN, ensure_styles, style_font

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_DROPPED_RELTYPES = {_STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.THUMBNAIL}
# Word 2013's layout and later: 14 (python-docx's template, Word 2010) makes Word 365 open the document in
# Compatibility Mode. The value lives in a compatSetting of Word's own namespace, first among them.
COMPATIBILITY_MODE = "15"
_WORD_SETTINGS_URI = "http://schemas.microsoft.com/office/word"


def strip_extras(document) -> None:
    """Drop parts a generated proposal has no use for: stylesWithEffects, customXml, thumbnail."""
    for rels in (document.part.package.rels, document.part.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in _DROPPED_RELTYPES]:
            del rels[rid]
            rels.related_parts.pop(rid, None)


def clear_body(document) -> None:
    """Remove the reference document's content, keeping its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)


def set_compatibility_mode(document) -> None:
    """Lay the document out as Word 2013 and later do (compatibilityMode 15), whatever the reference said."""
    settings = document.settings.element
    compat = settings.find(w("compat"))
    if compat is None:
        compat = etree.Element(w("compat"))
        ooxml.insert_before_any(settings, compat, ooxml.settings_after("compat"))
    modes = [s for s in compat.findall(w("compatSetting")) if s.get(w("name")) == "compatibilityMode"]
    for extra in modes[1:]:
        compat.remove(extra)
    if modes:
        mode = modes[0]
    else:
        mode = etree.Element(w("compatSetting"))
        ooxml.insert_before_any(compat, mode, ("compatSetting",))
    mode.set(w("name"), "compatibilityMode")
    mode.set(w("uri"), _WORD_SETTINGS_URI)
    mode.set(w("val"), COMPATIBILITY_MODE)


A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _related_part(document, reltype: str):
    return next((rel.target_part for rel in document.part.rels.values() if rel.reltype == reltype), None)


def _edit_part(part, edit) -> None:
    """Apply `edit` to the root element of XML part `part`, which python-docx may hold as an element or bytes."""
    element = getattr(part, "element", None)
    if element is not None:
        edit(element)
        return
    root = etree.fromstring(part.blob, safe_parser())
    edit(root)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def match_theme_fonts(document) -> None:
    """The theme's minor (body) and major (headings) fonts made those that Normal and Heading 1 name, Latin and
    East Asian, so text styled with theme fonts (heading 7-9, the linked character styles) looks the same.
    Where a style itself names a theme font, the theme already agrees and is left as it is."""
    styles_el = document.styles.element
    wanted = {
        which: (style_font(styles_el, name, "ascii"), style_font(styles_el, name, "eastAsia"))
        for which, name in (("minorFont", "Normal"), ("majorFont", "heading 1"))
    }
    scripts = {entry[1]: entry[5] for entry in EAST_ASIAN.values()}  # font -> theme script key

    def edit(theme) -> None:
        for which, (latin, east_asian) in wanted.items():
            fonts = theme.find(f".//{{{A_NS}}}fontScheme/{{{A_NS}}}{which}")
            if fonts is None:
                continue
            for tag, value in (("latin", latin), ("ea", east_asian)):
                el = fonts.find(f"{{{A_NS}}}{tag}")
                if value and el is not None:
                    el.set("typeface", value)
            script = scripts.get(east_asian or "")
            if script:
                entry = fonts.find(f"{{{A_NS}}}font[@script='{script}']")
                if entry is None:
                    entry = etree.Element(f"{{{A_NS}}}font", script=script)
                    ooxml.insert_before_any(fonts, entry, (f"{{{A_NS}}}extLst",))
                entry.set("typeface", east_asian or "")

    part = _related_part(document, RT.THEME)
    if part is not None:
        _edit_part(part, edit)


def add_font_entry(document, font: str) -> None:
    """List East Asian `font` in the font table, with its native name (w:altName) and charset, so Word can
    find it under either name or substitute a font of the same script; a font already listed is kept."""
    entry = next((e for e in EAST_ASIAN.values() if e[1] == font), None)
    part = _related_part(document, RT.FONT_TABLE)
    if entry is None or part is None:
        return
    _tag, name, alt_name, charset, family, _script = entry

    def edit(table) -> None:
        if any(f.get(w("name")) == name for f in table.iter(w("font"))):
            return
        el = ooxml.sub(table, "font", name=name)
        ooxml.sub(el, "altName", val=alt_name)
        ooxml.sub(el, "charset", val=charset)
        ooxml.sub(el, "family", val=family)
        ooxml.sub(el, "pitch", val="variable")

    _edit_part(part, edit)


def load_reference(path: Path | None = None):
    """A python-docx Document to build on: `path` when given, else the A4 default template."""
    if path is not None:
        document = docx.Document(str(path))
    else:
        document = docx.Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        section.header_distance = section.footer_distance = Cm(1.25)
    strip_extras(document)
    clear_body(document)
    set_compatibility_mode(document)
    return document


@lru_cache(maxsize=8)
def _prepared(path: str | None, _stamp: int | None) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    document = load_reference(Path(path) if path else None)
    styles = ensure_styles(document, house=path is None)
    match_theme_fonts(document)
    add_font_entry(document, style_font(document.styles.element, "Normal", "eastAsia") or "")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue(), tuple(styles.items())


def prepared_reference(path: Path | None = None):
    """(document, style key -> styleId) ready to write into; the prepared package is cached per process."""
    stamp = path.stat().st_mtime_ns if path is not None else None
    data, styles = _prepared(str(path) if path is not None else None, stamp)
    return docx.Document(BytesIO(data)), dict(styles)


def reference_problem(path: Path) -> str | None:
    """Why the writer cannot build on the reference document at `path`, or None. Loading finds the damage it
    knows (load/packages.py); this prepares the document as a build does (the result is kept for the build
    in this process) and turns any other failure of python-docx on a file it cannot use into the reason."""
    try:
        prepared_reference(path)
    except Exception:  # the file is the author's, the failure python-docx's: neither is a bug here
        return "cannot be opened as a Word document (a part is missing or not what Word writes)"
    return None
