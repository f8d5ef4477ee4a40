"""Every variant of the repository's example and its review copy, read back: what Word itself shows of them."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from lxml import etree

from ..support import all_text, footnote_texts
from .test_docx_writer import NS, q


def xml(path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def test_every_variant_and_review_copy_is_in_word_2013_mode(example_builds):
    for name, path in example_builds.items():
        modes = [
            s.get(q("val"))
            for s in xml(path, "word/settings.xml").iterfind("w:compat/w:compatSetting", NS)
            if s.get(q("name")) == "compatibilityMode"
        ]
        assert modes == ["15"], name


def test_normal_is_the_default_paragraph_style_of_every_variant(example_builds):
    for name, path in example_builds.items():
        marked = [
            s.find("w:name", NS).get(q("val"))
            for s in xml(path, "word/styles.xml").iterfind("w:style[@w:type='paragraph']", NS)
            if s.get(q("default")) == "1"
        ]
        assert marked == ["Normal"], name


TOGGLES = ("b", "i", "strike")


def style_toggles(styles) -> dict[str, set[str]]:
    """styleId -> the toggles the style turns on through its basedOn chain."""
    by_id = {s.get(q("styleId")): s for s in styles.iterfind("w:style", NS)}

    def resolve(style_id):
        found: dict[str, bool] = {}
        while style_id in by_id:
            style = by_id[style_id]
            for tag in TOGGLES:
                el = style.find(f"w:rPr/w:{tag}", NS)
                if el is not None and tag not in found:
                    found[tag] = el.get(q("val"), "1") not in ("0", "false", "off")
            based = style.find("w:basedOn", NS)
            style_id = based.get(q("val")) if based is not None else None
        return {tag for tag, on in found.items() if on}

    return {sid: resolve(sid) for sid in by_id}


def repeated_toggles(path, *, cover: bool) -> list[str]:
    """Runs (outside or, with `cover`, inside the cover's fields) setting directly a toggle their character
    style already turns on, where their paragraph style does not turn it on too (that would flip it off)."""
    toggles = style_toggles(xml(path, "word/styles.xml"))
    found = []
    for p in xml(path, "word/document.xml").iter(q("p")):
        p_style = p.find("w:pPr/w:pStyle", NS)
        p_id = p_style.get(q("val")) if p_style is not None else "Normal"
        if (p_id == "CoverField") != cover:
            continue
        for r in p.iter(q("r")):
            r_style = r.find("w:rPr/w:rStyle", NS)
            if r_style is None:
                continue
            said = toggles.get(r_style.get(q("val")), set()) - toggles.get(p_id, set())
            repeated = [tag for tag in TOGGLES if tag in said and r.find(f"w:rPr/w:{tag}", NS) is not None]
            if repeated:
                found.append(f"{r_style.get(q('val'))} {repeated} {''.join(r.itertext())!r}")
    return found


def test_no_run_sets_directly_what_its_character_style_says(example_builds):
    for name, path in example_builds.items():
        assert repeated_toggles(path, cover=False) == [], name


def test_cover_field_labels_do_not_set_bold_directly(example_builds):
    for name, path in example_builds.items():
        assert repeated_toggles(path, cover=True) == [], name


A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def test_every_w_lang_is_the_variants_language(example_builds):
    """The example is British English (proposal.yaml `language: en-GB`); the mohrss brief is Chinese, its Latin
    text tagged en-US as Chinese Word tags it."""
    for name, path in example_builds.items():
        expected = ("en-US", "zh-CN") if "mohrss" in name else ("en-GB", "zh-CN")
        for part_name in ("word/styles.xml", "word/document.xml", "word/footnotes.xml", "word/numbering.xml"):
            langs = {(l.get(q("val")), l.get(q("eastAsia"))) for l in xml(path, part_name).iter(q("lang"))}
            assert langs <= {expected}, (name, part_name, langs)
        default = xml(path, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        assert (default.get(q("val")), default.get(q("eastAsia"))) == expected, name
        theme_lang = xml(path, "word/settings.xml").find("w:themeFontLang", NS)
        assert (theme_lang.get(q("val")), theme_lang.get(q("eastAsia"))) == expected, name


def test_theme_fonts_are_every_variants_body_and_heading_fonts(example_builds):
    from proposalkit.write.styles import style_font

    for name, path in example_builds.items():
        styles, theme = xml(path, "word/styles.xml"), xml(path, "word/theme/theme1.xml")
        for which, style in (("minorFont", "Normal"), ("majorFont", "heading 1")):
            fonts = theme.find(f".//{{{A}}}fontScheme/{{{A}}}{which}")
            latin, east_asian = style_font(styles, style, "ascii"), style_font(styles, style, "eastAsia")
            assert latin in ("Calibri", "Arial", "Times New Roman") and east_asian == "SimSun", name
            assert fonts.find(f"{{{A}}}latin").get("typeface") == latin, (name, which)
            assert fonts.find(f"{{{A}}}ea").get("typeface") == east_asian, (name, which)


@pytest.mark.readers
def test_libreoffice_converts_every_variant_and_review_copy(example_builds, tmp_path):
    import subprocess

    from ..support import need

    subprocess.run(
        [need("soffice"), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path), *map(str, example_builds.values())],
        check=True,
        capture_output=True,
        timeout=600,
    )
    for name in example_builds:
        pdf = tmp_path / name.replace(".docx", ".pdf")
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), name
        info = subprocess.run([need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages >= (3 if "-eu" in name or "-mohrss" in name else 20), (name, pages)  # two short ones


def test_no_long_footnote_of_the_example_is_repeated_in_full(example_builds):
    """A source is given in full once per variant; later notes are short (author, short title). The ausaid
    variant cites author-date, in the text, and has no notes."""
    for name, path in example_builds.items():
        notes = footnote_texts(path)
        assert (len(notes) == 0) == ("ausaid" in name), (name, len(notes))
        # a note citing several sources joins their short forms: long in all, but nothing given in full again
        full = [note for note in notes if any(len(part) > 60 for part in note.split("; "))]
        repeated = {note for note in full if notes.count(note) > 1}
        assert repeated == set(), (name, sorted(repeated)[:3])


ZERO_AMOUNT = re.compile(r"\b(?:USD|AUD|EUR|CNY|RMB) 0(?![\d.,]\d)")


def test_no_variant_prints_an_amount_of_zero(example_builds):
    """Every amount the example states comes from budget lines that exist: a zero is a filter that matched
    no line (a donor heading asked for by an object class's name), not a cost."""
    for name, path in example_builds.items():
        zeros = [line for line in all_text(docx.Document(str(path))).splitlines() if ZERO_AMOUNT.search(line)]
        assert zeros == [], name
