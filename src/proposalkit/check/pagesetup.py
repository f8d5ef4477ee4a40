"""A reference document's page set-up and the type sizes of the styles the writer uses, read from its XML."""

from __future__ import annotations

import importlib.util
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIP = 1 / 20  # points


@dataclass(frozen=True)
class Style:
    """What the estimate needs of a paragraph style: size, spacing and line spacing, in points."""

    size: float
    before: float
    after: float
    line: float  # multiple of single line spacing
    font: str = "Calibri"  # the Latin font family its text is set in


@dataclass(frozen=True)
class PageSetup:
    """Page and margins in points, and the styles by lower-case name."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    styles: dict[str, Style] = field(default_factory=dict)

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom

    def style(self, name: str, fallback: str = "normal") -> Style:
        return self.styles.get(name) or self.styles.get(fallback) or self.styles["normal"]


# The writer's own defaults where a reference document does not define a style (see write/styles.py).
_WRITER_STYLES = {
    "body text": (None, 0, 160, None),
    "title": (52, 2400, 240, 1.0),
    "subtitle": (32, 0, 240, None),
    "cover field": (26, 0, 120, None),
    "heading 1": (32, 360, 120, None),
    "heading 2": (26, 300, 120, None),
    "heading 3": (24, 240, 120, None),
    "heading 4": (22, 200, 120, None),
    "list paragraph": (None, 0, 80, None),
    "table text": (20, 20, 20, 1.0),
    "footnote text": (18, 0, 0, 1.0),
    "toc 1": (None, 120, 60, None),
    "toc 2": (None, 0, 60, None),
    "caption": (20, 120, 200, 1.0),
}


def _attr(el, name: str) -> str | None:
    return el.get(W + name) if el is not None else None


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _font(rpr, theme_fonts: dict[str, str]) -> str | None:
    """The Latin font family a run-properties element names, directly or through the theme."""
    fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
    if fonts is None:
        return None
    theme = _attr(fonts, "asciiTheme")
    if theme:
        return theme_fonts.get("major" if theme.startswith("major") else "minor")
    return _attr(fonts, "ascii")


def _theme_fonts(theme_xml: bytes | None) -> dict[str, str]:
    """The theme's major (headings) and minor (body) Latin fonts."""
    from lxml import etree

    from ..load.packages import safe_parser

    if not theme_xml:
        return {}
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    root = etree.fromstring(theme_xml, safe_parser())
    found = {}
    for kind in ("major", "minor"):
        latin = root.find(f".//{a}{kind}Font/{a}latin")
        if latin is not None and latin.get("typeface"):
            found[kind] = latin.get("typeface")
    return found


def _read_styles(styles_xml: bytes, theme_xml: bytes | None = None) -> dict[str, Style]:
    from lxml import etree

    from ..load.packages import safe_parser

    theme_fonts = _theme_fonts(theme_xml)
    root = etree.fromstring(styles_xml, safe_parser())
    rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    ppr = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
    sz = rpr.find(f"{W}sz") if rpr is not None else None
    spacing = ppr.find(f"{W}spacing") if ppr is not None else None
    base = {
        "sz": _number(_attr(sz, "val")) or 20,
        "before": _number(_attr(spacing, "before")) or 0,
        "after": _number(_attr(spacing, "after")) or 0,
        "line": _raw_line(spacing) or 1.0,
        "font": _font(rpr, theme_fonts) or theme_fonts.get("minor") or "Calibri",
    }
    raw: dict[str, tuple[str | None, dict]] = {}
    names: dict[str, str] = {}
    for style in root.iter(f"{W}style"):
        if style.get(f"{W}type") != "paragraph":
            continue
        sid = style.get(f"{W}styleId")
        name = (_attr(style.find(f"{W}name"), "val") or sid or "").lower()
        based = _attr(style.find(f"{W}basedOn"), "val")
        own: dict = {}
        size = style.find(f"{W}rPr/{W}sz")
        if size is not None:
            own["sz"] = _number(_attr(size, "val"))
        own["font"] = _font(style.find(f"{W}rPr"), theme_fonts)
        spacing = style.find(f"{W}pPr/{W}spacing")
        if spacing is not None:
            for key in ("before", "after"):
                if _attr(spacing, key) is not None:
                    own[key] = _number(_attr(spacing, key))
            if _raw_line(spacing):
                own["line"] = _raw_line(spacing)
        raw[sid] = (based, own)
        names[name] = sid

    def resolved(sid: str | None, depth: int = 0) -> dict:
        if sid is None or sid not in raw or depth > 20:
            return dict(base)
        based, own = raw[sid]
        values = resolved(based, depth + 1)
        values.update({k: v for k, v in own.items() if v is not None})
        return values

    styles = {}
    for name in set(names) | set(_WRITER_STYLES) | {"normal"}:
        if name in names:
            values = resolved(names[name])
        else:  # the writer adds it, based on Normal
            values = resolved(names.get("normal"))
            sz, before, after, line = _WRITER_STYLES.get(name, (None, None, None, None))
            values.update(
                {k: v for k, v in (("sz", sz), ("before", before), ("after", after), ("line", line)) if v is not None}
            )
        styles[name] = Style(
            values["sz"] / 2, values["before"] * TWIP, values["after"] * TWIP, values["line"], values["font"]
        )
    return styles


def _raw_line(spacing) -> float | None:
    line = _number(_attr(spacing, "line"))
    if line is None or _attr(spacing, "lineRule") not in (None, "auto"):
        return None
    return line / 240


def _default_template() -> Path | None:
    spec = importlib.util.find_spec("docx")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "templates" / "default.docx"


@lru_cache(maxsize=16)
def page_setup(reference: Path | None) -> PageSetup:
    """The page set-up a build with `reference` gets; without one, the writer's A4 with 2.5 cm margins."""
    source = reference or _default_template()
    styles: dict[str, Style] = {}
    sect = None
    if source is not None and source.is_file():
        from lxml import etree

        from ..load.packages import safe_parser

        with zipfile.ZipFile(source) as archive:
            themes = [n for n in archive.namelist() if n.startswith("word/theme/") and n.endswith(".xml")]
            styles = _read_styles(archive.read("word/styles.xml"), archive.read(themes[0]) if themes else None)
            body = etree.fromstring(archive.read("word/document.xml"), safe_parser()).find(f"{W}body")
        sect = body.find(f"{W}sectPr") if body is not None else None
    if not styles:
        styles = {"normal": Style(11, 0, 10, 1.15)}
    if reference is None or sect is None:  # load_reference: A4, 2.5 cm margins
        return PageSetup(595.3, 841.9, 70.9, 70.9, 70.9, 70.9, styles)
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    value = lambda el, name, default: (_number(_attr(el, name)) or default) * TWIP  # noqa: E731
    return PageSetup(
        value(size, "w", 11906),
        value(size, "h", 16838),
        value(margins, "left", 1418),
        value(margins, "right", 1418),
        value(margins, "top", 1418),
        value(margins, "bottom", 1418),
        styles,
    )
