"""The reference document a proposal is written into: its settings and theme, whichever reference it is."""

from __future__ import annotations

import docx
import pytest

from proposalkit.write.reference import COMPATIBILITY_MODE, load_reference

from ..conftest import REPO
from .test_docx_writer import NS, build, part, q

DONOR_REFERENCES = sorted((REPO / "templates" / "styles").glob("*.docx"))


def compatibility_modes(settings) -> list[str]:
    return [
        s.get(q("val"))
        for s in settings.iterfind("w:compat/w:compatSetting", NS)
        if s.get(q("name")) == "compatibilityMode"
    ]


def test_the_default_document_is_in_word_2013_mode():
    data, _ = build("Body.\n")
    settings = part(data, "word/settings.xml")
    assert compatibility_modes(settings) == ["15"] == [COMPATIBILITY_MODE]
    mode = next(s for s in settings.iterfind("w:compat/w:compatSetting", NS))
    assert mode.get(q("name")) == "compatibilityMode"  # first of the compatSettings, as Word writes it
    assert mode.get(q("uri")) == "http://schemas.microsoft.com/office/word"


@pytest.mark.parametrize("path", DONOR_REFERENCES, ids=[p.stem for p in DONOR_REFERENCES])
def test_each_donor_reference_document_is_in_word_2013_mode(path):
    assert compatibility_modes(docx.Document(str(path)).settings.element) == ["15"]
    data, _ = build("Body.\n", reference_docx=path)
    assert compatibility_modes(part(data, "word/settings.xml")) == ["15"]


def test_a_word_2010_reference_is_upgraded(tmp_path):
    reference = docx.Document()  # python-docx's template says compatibilityMode 14
    assert compatibility_modes(reference.settings.element) == ["14"]
    path = tmp_path / "donor.docx"
    reference.save(str(path))
    data, _ = build("Body.\n", reference_docx=path)
    assert compatibility_modes(part(data, "word/settings.xml")) == ["15"]


def test_a_reference_without_compatibility_settings_gets_them_in_schema_order(tmp_path):
    reference = docx.Document()
    settings = reference.settings.element
    settings.remove(settings.find("w:compat", NS))
    path = tmp_path / "bare.docx"
    reference.save(str(path))
    data, _ = build("Body.\n", reference_docx=path)
    settings = part(data, "word/settings.xml")
    assert compatibility_modes(settings) == ["15"]
    tags = [child.tag for child in settings]
    assert tags.index(q("compat")) < tags.index(q("rsids")) and tags.index(q("footnotePr")) < tags.index(q("compat"))


def test_load_reference_sets_the_mode_once():
    document = load_reference(None)
    assert compatibility_modes(document.settings.element) == ["15"]


A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def theme_fonts(data: bytes) -> dict[str, dict[str, str]]:
    """ "minorFont"/"majorFont" -> {"latin", "ea", and each script's} typeface, from theme1.xml."""
    theme = part(data, "word/theme/theme1.xml")
    found = {}
    for which in ("minorFont", "majorFont"):
        fonts = theme.find(f".//{{{A}}}fontScheme/{{{A}}}{which}")
        found[which] = {
            "latin": fonts.find(f"{{{A}}}latin").get("typeface"),
            "ea": fonts.find(f"{{{A}}}ea").get("typeface"),
            **{f.get("script"): f.get("typeface") for f in fonts.iterfind(f"{{{A}}}font")},
        }
    return found


def style_fonts(data: bytes, name: str) -> tuple[str, str]:
    """(Latin, East Asian) font of paragraph style `name`, through basedOn and the document defaults."""
    from proposalkit.write.styles import style_font

    styles = part(data, "word/styles.xml")
    return style_font(styles, name, "ascii"), style_font(styles, name, "eastAsia")


@pytest.mark.parametrize("reference", [None, *DONOR_REFERENCES], ids=["default", *(p.stem for p in DONOR_REFERENCES)])
def test_theme_fonts_are_the_body_and_heading_fonts(reference):
    data, _ = build("Body.\n", reference_docx=reference)
    theme = theme_fonts(data)
    body_latin, body_east_asian = style_fonts(data, "Normal")
    heading_latin, heading_east_asian = style_fonts(data, "heading 1")
    assert body_latin and heading_latin and body_east_asian == heading_east_asian == "SimSun"
    assert (theme["minorFont"]["latin"], theme["minorFont"]["ea"]) == (body_latin, body_east_asian)
    assert (theme["majorFont"]["latin"], theme["majorFont"]["ea"]) == (heading_latin, heading_east_asian)
    assert theme["minorFont"]["Hans"] == theme["majorFont"]["Hans"] == "SimSun"


def test_theme_fonts_follow_each_donor_look():
    fonts = {
        path.stem: theme_fonts(build("Body.\n", reference_docx=path)[0])["majorFont"]["latin"]
        for path in DONOR_REFERENCES
    }
    assert fonts == {"ausaid": "Arial", "eu": "Arial", "mdgf": "Times New Roman"}


def test_a_reference_styled_with_theme_fonts_keeps_its_theme(tmp_path):
    reference = docx.Document()  # python-docx's template: docDefaults name minorHAnsi, the theme says Cambria
    path = tmp_path / "themed.docx"
    reference.save(str(path))
    data, _ = build("Body.\n", reference_docx=path)
    assert theme_fonts(data)["minorFont"]["latin"] == "Cambria"
    assert style_fonts(data, "Normal")[0] is None  # a theme font: the theme decides, and agrees by definition


def test_the_font_table_lists_the_east_asian_font_with_its_native_name():
    data, _ = build("中文。\n")
    table = part(data, "word/fontTable.xml")
    (simsun,) = [f for f in table.iterfind("w:font", NS) if f.get(q("name")) == "SimSun"]
    assert simsun.find("w:altName", NS).get(q("val")) == "宋体"
    assert simsun.find("w:charset", NS).get(q("val")) == "86"  # GB2312
    tags = [child.tag.split("}")[1] for child in simsun]
    assert tags == ["altName", "charset", "family", "pitch"]  # CT_Font's order
