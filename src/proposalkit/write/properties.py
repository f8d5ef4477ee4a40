"""Document properties: core.xml from the assembly, an app.xml naming proposalkit with no stale counts, and
the document's language: w:lang of the styles, the theme's font language and the East Asian font."""

from __future__ import annotations

import datetime as _dt

from ..base.model import Assembly
from .comments import date_comments
from .ooxml import insert_before_any, settings_after, w
from .package import escape
from .reference import add_font_entry, match_theme_fonts
from .styles import EAST_ASIAN, default_run_properties, set_east_asian_font, style_font

EPOCH = _dt.date(2000, 1, 1)
APPLICATION = "proposalkit"
_APP_PART = "/docProps/app.xml"
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{application}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def set_properties(document, assembly: Assembly) -> None:
    """Fill core.xml from the assembly (dated by the proposal, never the clock) and rewrite app.xml."""
    day = assembly.date or EPOCH
    stamp = _dt.datetime(day.year, day.month, day.day)
    props = document.core_properties
    props.title = _clipped(assembly.title)
    props.subject = _clipped(assembly.cover_document or f"Proposal to {assembly.donor_name}")
    props.author = _clipped(assembly.organisation)
    props.last_modified_by = _clipped(assembly.organisation)
    props.comments = ""
    props.keywords = ""
    props.identifier = f"{assembly.slug}/{assembly.donor_id}"  # `review import` knows the variant by it
    props.category = ""
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.language = assembly.language
    date_comments(document, day)  # a review copy's comments, made when the proposal is dated
    _set_app_properties(document, assembly.organisation)
    set_language(document, assembly.language)


CORE_MAX = 255  # characters of a core property, as Word (and python-docx) accept them


def _clipped(text: str) -> str:
    """`text` as a core property holds it: a longer one cut to 255 characters, ending in an ellipsis. The
    document's own title page keeps the whole text."""
    return text if len(text) <= CORE_MAX else text[: CORE_MAX - 1].rstrip() + "\u2026"


def _set_app_properties(document, company: str) -> None:
    """Replace the template's extended properties (another program's name and version, page and word
    counts of the empty template) with proposalkit's name, no version, and the organisation."""
    xml = _APP_XML.format(application=APPLICATION, company=escape(company or ""))
    for part in document.part.package.iter_parts():
        if part.partname == _APP_PART:
            part._blob = xml.encode("utf-8")
            return


_HANT_REGIONS = ("TW", "HK", "MO")


def east_asian_script(tag: str) -> str | None:
    """The EAST_ASIAN script of BCP 47 `tag` when it is Chinese, Japanese or Korean, else None."""
    subtags = tag.split("-")
    language = subtags[0].lower()
    script = next((t.title() for t in subtags[1:] if len(t) == 4 and t.isalpha()), None)
    region = next((t.upper() for t in subtags[1:] if len(t) == 2 and t.isalpha()), None)
    if language == "zh":
        return script if script in ("Hans", "Hant") else "Hant" if region in _HANT_REGIONS else "Hans"
    return {"ja": "Jpan", "ko": "Kore"}.get(language)


def word_language(tag: str) -> tuple[str, str]:
    """(w:val, w:eastAsia) of a w:lang for text in BCP 47 `tag`: an East Asian language as Word names it
    (zh-Hans -> zh-CN, zh-Hant -> zh-TW, ja -> ja-JP; a region given is kept) for w:eastAsia, with en-US for
    w:val; any other language as given, with "" for the East Asian language (the caller decides it)."""
    script = east_asian_script(tag)
    if script is None:
        return tag, ""
    subtags = tag.split("-")
    region = next((t.upper() for t in subtags[1:] if len(t) == 2 and t.isalpha()), None)
    word_tag = f"{subtags[0].lower()}-{region}" if region else EAST_ASIAN[script][0]
    # Latin text in an East Asian document is tagged en-US, as Word set up for Chinese, Japanese or Korean
    # does: tagged zh-CN, LibreOffice would break acronyms, numbers and English words as Chinese text.
    return "en-US", word_tag


def han_typography(document, styles: dict[str, str]) -> None:
    """Chinese text as Chinese documents set it: emphasis by emphasis dots under the characters (着重号),
    since Han faces have no italic and Word would slant them synthetically, upright captions, and body text
    justified."""
    styles_el = document.styles.element
    for style in styles_el.iter(w("style")):
        sid = style.get(w("styleId"))
        if sid == styles.get("Emphasis"):
            rpr = style.find(w("rPr"))
            if rpr is None:
                rpr = style.makeelement(w("rPr"), {})
                style.append(rpr)
            for tag in ("i", "iCs"):
                for found in rpr.findall(w(tag)):
                    rpr.remove(found)
            if rpr.find(w("em")) is None:
                insert_before_any(rpr, rpr.makeelement(w("em"), {w("val"): "dot"}), ("lang", "eastAsianLayout"))
        elif sid == styles.get("Caption"):
            rpr = style.find(w("rPr"))
            for tag in ("i", "iCs"):
                for found in rpr.findall(w(tag)) if rpr is not None else []:
                    rpr.remove(found)
        elif sid == styles.get("Body Text"):
            ppr = style.find(w("pPr"))
            if ppr is None:
                ppr = style.makeelement(w("pPr"), {})
                style.insert(len(style) - (1 if style.find(w("rPr")) is not None else 0), ppr)
            jc = ppr.find(w("jc"))
            if jc is None:
                jc = ppr.makeelement(w("jc"), {})
                insert_before_any(ppr, jc, ("textDirection", "textAlignment", "outlineLvl", "rPr"))
            jc.set(w("val"), "both")


def set_language(document, tag: str) -> None:
    """Tag the document's text as `tag` (BCP 47): every w:lang of the styles and the theme's font language.

    East Asian text is tagged with the variant's language where that is East Asian (and its script then picks
    the default East Asian font), otherwise with the language of the document's East Asian font: LibreOffice
    chooses the fallback for a font it lacks by that language (zh-CN: SimSun becomes Noto Serif CJK SC).
    """
    value, east_asian = word_language(tag)
    styles_el = document.styles.element
    script = east_asian_script(tag)
    if script is not None:
        add_font_entry(document, set_east_asian_font(styles_el, script))
        match_theme_fonts(document)
    else:
        font = style_font(styles_el, "Normal", "eastAsia")
        east_asian = next((e[0] for e in EAST_ASIAN.values() if e[1] == font), EAST_ASIAN["Hans"][0])
    rpr = default_run_properties(styles_el)
    if rpr.find(w("lang")) is None:
        insert_before_any(rpr, rpr.makeelement(w("lang"), {}), ("eastAsianLayout", "specVanish", "oMath"))
    for lang in styles_el.iter(w("lang")):
        lang.set(w("val"), value)
        lang.set(w("eastAsia"), east_asian)
    settings = document.settings.element
    theme_lang = settings.find(w("themeFontLang"))
    if theme_lang is None:
        theme_lang = settings.makeelement(w("themeFontLang"), {})
        insert_before_any(settings, theme_lang, settings_after("themeFontLang"))
    theme_lang.set(w("val"), value)
    theme_lang.set(w("eastAsia"), east_asian)
