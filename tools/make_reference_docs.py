"""Make the donor reference documents in templates/styles/ from proposalkit's own default reference.

    python tools/make_reference_docs.py            # writes templates/styles/{eu,mdgf,ausaid}.docx

Each file starts as the writer's default reference document (src/proposalkit/write/reference.py
`load_reference` and styles.py `ensure_styles`, so every style the writer uses is defined), and then
gets the donor's page set-up: page size, margins, body font and size, heading sizes and spacing.
The writer keeps a reference document's own definitions, so these are what the variants look like.
The output is byte-for-byte reproducible: run it again and git sees no change.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from docx.oxml import parse_xml  # noqa: E402
from docx.shared import Cm, Mm  # noqa: E402

from proposalkit.write.ooxml import W_NS, w  # noqa: E402
from proposalkit.write.package import document_bytes  # noqa: E402
from proposalkit.write.reference import add_font_entry, load_reference, match_theme_fonts  # noqa: E402
from proposalkit.write.styles import ensure_styles, style_font  # noqa: E402


@dataclass(frozen=True)
class Look:
    """A donor's page set-up and type: sizes in points, lengths in centimetres, spacing in points."""

    font: str
    size: float
    margin: float
    headings: tuple[float, float, float, float]
    heading_before: float
    heading_after: float
    paragraph_after: float
    line: float  # multiple of single spacing
    title: float
    title_before: float
    table_size: float
    note_size: float
    footer_distance: float = 1.25


LOOKS = {
    # EuropeAid concept note: A4, Arial 10 pt or larger, 2 cm margins, at most five pages.
    # Nothing below 10 pt anywhere, footnotes and footer included: the guidelines' "Arial 10 or larger".
    "eu": Look(
        font="Arial",
        size=10,
        margin=2.0,
        headings=(12, 11, 10, 10),
        heading_before=9,
        heading_after=3,
        paragraph_after=4,
        line=1.0,
        title=16,
        title_before=0,
        table_size=10,
        note_size=10,
        footer_distance=1.0,
    ),
    # MDG-F joint programme document: the common UN form, unverified (A4, Times New Roman 11 pt, 2.5 cm).
    "mdgf": Look(
        font="Times New Roman",
        size=11,
        margin=2.5,
        headings=(14, 12, 11, 11),
        heading_before=15,
        heading_after=6,
        paragraph_after=6,
        line=1.0,
        title=22,
        title_before=96,
        table_size=10,
        note_size=9,
    ),
    # AusAID design document (AusGUIDE): unverified (A4, Arial 11 pt, 2.5 cm).
    "ausaid": Look(
        font="Arial",
        size=11,
        margin=2.5,
        headings=(14, 12, 11, 11),
        heading_before=15,
        heading_after=6,
        paragraph_after=6,
        line=1.08,
        title=22,
        title_before=96,
        table_size=9.5,
        note_size=8.5,
    ),
}


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    """`parent`'s child `tag`, created (ahead of any of the `before` tags present) when missing."""
    found = parent.find(w(tag))
    if found is None:
        found = parse_xml(f'<w:{tag} xmlns:w="{W_NS}"/>')
        anchor = next((parent.find(w(t)) for t in before if parent.find(w(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(found)
        else:
            parent.append(found)
    return found


def _half_points(points: float) -> str:
    return str(round(points * 2))


def _twips(points: float) -> str:
    return str(round(points * 20))


def set_run(style, size: float | None = None) -> None:
    """The style's type size; any font it names for Latin text is dropped so the default font applies."""
    rpr = _child(style, "rPr")
    fonts = rpr.find(w("rFonts"))
    if fonts is not None and fonts.get(w("ascii")) not in ("Consolas",):
        rpr.remove(fonts)
    for tag in ("sz", "szCs"):
        old = rpr.find(w(tag))
        if old is not None:
            rpr.remove(old)
    if size is not None:
        for tag in ("sz", "szCs"):
            rpr.append(parse_xml(f'<w:{tag} xmlns:w="{W_NS}" w:val="{_half_points(size)}"/>'))


def set_spacing(style, before: float | None = None, after: float | None = None, line: float | None = None) -> None:
    ppr = _child(style, "pPr", before=("rPr",))
    spacing = _child(ppr, "spacing", before=("ind", "jc", "outlineLvl"))
    if before is not None:
        spacing.set(w("before"), _twips(before))
    if after is not None:
        spacing.set(w("after"), _twips(after))
    if line is not None:
        spacing.set(w("line"), str(round(line * 240)))
        spacing.set(w("lineRule"), "auto")


def apply_look(document, look: Look) -> None:
    try:
        ids = ensure_styles(document, house=True)
    except TypeError:  # an older writer without the house look
        ids = ensure_styles(document)
    styles_el = document.styles.element
    by_id = {s.get(w("styleId")): s for s in styles_el.iter(w("style"))}
    style = lambda key: by_id[ids[key]]  # noqa: E731

    defaults = styles_el.find(w("docDefaults"))
    rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
    fonts = _child(rpr, "rFonts")
    for attr in ("asciiTheme", "hAnsiTheme", "cstheme"):
        fonts.attrib.pop(w(attr), None)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(w(attr), look.font)
    for tag in ("sz", "szCs"):
        _child(rpr, tag).set(w("val"), _half_points(look.size))
    ppr_default = _child(defaults, "pPrDefault")
    ppr = _child(ppr_default, "pPr")
    spacing = _child(ppr, "spacing")
    spacing.set(w("before"), "0")
    spacing.set(w("after"), _twips(look.paragraph_after))
    spacing.set(w("line"), str(round(look.line * 240)))
    spacing.set(w("lineRule"), "auto")

    for key in ("Normal", "Body Text", "List Paragraph", "List Continue", "Quote", "Caption", "Footer"):
        if key in ids:
            set_run(style(key), None if key != "Footer" else max(look.note_size, look.size - 1))
    set_spacing(style("Body Text"), before=0, after=look.paragraph_after, line=look.line)
    set_spacing(style("List Paragraph"), after=look.paragraph_after / 2, line=look.line)
    for level, size in enumerate(look.headings, start=1):
        heading = style(f"Heading {level}")
        set_run(heading, size)
        set_spacing(
            heading, before=look.heading_before if level > 1 else look.heading_before * 1.5, after=look.heading_after
        )
    set_run(style("Title"), look.title)
    set_spacing(style("Title"), before=look.title_before, after=look.paragraph_after * 2)
    set_run(style("Subtitle"), look.headings[1])
    set_spacing(style("Subtitle"), after=look.paragraph_after * 2)
    set_run(style("Cover Field"), look.size + (0 if look.size <= 10 else 1))
    set_spacing(style("Cover Field"), after=look.paragraph_after / 2)
    set_run(style("Table Text"), look.table_size)
    set_spacing(style("Table Text"), before=1, after=1, line=1.0)
    set_run(style("Footnote Text"), look.note_size)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(look.margin))
    section.header_distance = section.footer_distance = Cm(look.footer_distance)


def make(name: str, look: Look) -> bytes:
    """The reference document for donor `name`."""
    document = load_reference(None)
    apply_look(document, look)
    match_theme_fonts(document)  # the theme names the look's fonts, as the styles do
    add_font_entry(document, style_font(document.styles.element, "Normal", "eastAsia") or "")
    props = document.core_properties
    props.title = f"proposalkit reference document: {name}"
    props.author = props.last_modified_by = "proposalkit tools/make_reference_docs.py"
    props.comments = props.keywords = props.category = props.subject = ""
    props.revision = 1
    import datetime as dt

    props.created = props.modified = props.last_printed = dt.datetime(2009, 12, 1)
    return document_bytes(document)


def main(argv: list[str]) -> int:
    names = argv or sorted(LOOKS)
    unknown = [n for n in names if n not in LOOKS]
    if unknown:
        print(f"unknown look {', '.join(unknown)}; known: {', '.join(sorted(LOOKS))}", file=sys.stderr)
        return 2
    folder = REPO / "templates" / "styles"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = folder / f"{name}.docx"
        target.write_bytes(make(name, LOOKS[name]))
        print(f"wrote {target.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
