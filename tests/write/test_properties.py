"""Document properties and the document's language: w:lang, the theme's font language, the East Asian font."""

from __future__ import annotations

import pytest

from proposalkit.write.properties import east_asian_script, word_language

from .test_docx_writer import NS, build, part, q, reopen
from .test_reference import theme_fonts


def languages(data: bytes) -> dict[str, object]:
    styles = part(data, "word/styles.xml")
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    theme_lang = part(data, "word/settings.xml").find("w:themeFontLang", NS)
    return {
        "default": (default.get(q("val")), default.get(q("eastAsia"))),
        "all": {(lang.get(q("val")), lang.get(q("eastAsia"))) for lang in styles.iter(q("lang"))},
        "theme": (theme_lang.get(q("val")), theme_lang.get(q("eastAsia"))),
        "core": reopen(data).core_properties.language,
        "east_asian_font": styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS).get(q("eastAsia")),
    }


def test_british_english_is_tagged_en_gb_with_chinese_for_east_asian_text():
    found = languages(build("Colour.\n", language="en-GB")[0])
    assert found["default"] == ("en-GB", "zh-CN")  # zh-CN: the East Asian font is SimSun
    assert found["all"] == {("en-GB", "zh-CN")}
    assert found["theme"] == ("en-GB", "zh-CN")
    assert found["core"] == "en-GB"
    assert found["east_asian_font"] == "SimSun"


def test_the_default_language_is_us_english():
    assert languages(build("Color.\n")[0])["default"] == ("en-US", "zh-CN")


@pytest.mark.parametrize(
    ("tag", "word", "font", "script"),
    [
        ("zh-Hans-CN", "zh-CN", "SimSun", "Hans"),
        ("zh", "zh-CN", "SimSun", "Hans"),
        ("zh-TW", "zh-TW", "Microsoft JhengHei", "Hant"),
        ("zh-Hant-HK", "zh-HK", "Microsoft JhengHei", "Hant"),
        ("ja", "ja-JP", "Yu Gothic", "Jpan"),
        ("ko-KR", "ko-KR", "Malgun Gothic", "Hang"),
    ],
)
def test_an_east_asian_variant_is_tagged_with_its_language_and_gets_its_script_font(tag, word, font, script):
    data, _ = build("中文。\n", language=tag)
    found = languages(data)
    assert found["default"] == found["theme"] == ("en-US", word)  # Latin text en-US, as Word set up for it does
    assert found["east_asian_font"] == font
    theme = theme_fonts(data)
    assert theme["minorFont"]["ea"] == theme["majorFont"]["ea"] == theme["minorFont"][script] == font
    listed = {f.get(q("name")) for f in part(data, "word/fontTable.xml").iterfind("w:font", NS)}
    assert font in listed


def test_a_donor_east_asian_font_is_kept(tmp_path):
    import docx

    reference = docx.Document()
    fonts = reference.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    fonts.attrib.pop(q("eastAsiaTheme"), None)
    fonts.set(q("eastAsia"), "KaiTi")
    path = tmp_path / "kaiti.docx"
    reference.save(str(path))
    found = languages(build("中文。\n", reference_docx=path, language="zh-CN")[0])
    assert found["east_asian_font"] == "KaiTi" and found["default"] == ("en-US", "zh-CN")


def test_language_tags_as_word_names_them():
    assert word_language("en-GB") == ("en-GB", "")
    assert word_language("zh-Hans-SG") == ("en-US", "zh-SG")
    assert word_language("zh-Hant") == ("en-US", "zh-TW")
    assert [east_asian_script(t) for t in ("fr", "zh-MO", "ja-JP", "ko")] == [None, "Hant", "Jpan", "Kore"]
