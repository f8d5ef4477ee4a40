"""The writer's Markdown extensions end to end: page breaks, captions and references, landscape blocks,
fitted table columns, the house styles and the document properties."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from proposalkit.base.columns import fit_columns, longest_word_twips
from proposalkit.parse.markdown import parse_markdown

from .test_docx_writer import NS, body, build, part, q, reopen

A4_TEXT_WIDTH = 11906 - 2 * 1417  # twips
A4_LANDSCAPE_TEXT_WIDTH = 16838 - 2 * 1417


def texts(p) -> str:
    return "".join(t.text or "" for t in p.iter(q("t")))


def paragraphs_after_summary(data: bytes) -> list:
    """Body paragraphs from the section heading "Summary" on (the cover and contents left out)."""
    ps = list(body(data).iter(q("p")))
    start = next(i for i, p in enumerate(ps) if p.find("w:pPr/w:pStyle[@w:val='Heading1']", NS) is not None)
    return ps[start:]


def page_breaks(data: bytes) -> list:
    """The page-break runs in the section's content."""
    return [br for p in paragraphs_after_summary(data) for br in p.iter(q("br")) if br.get(q("type")) == "page"]


# -- page breaks -----------------------------------------------------------------------------------


def test_newpage_and_pagebreak_comment_give_page_breaks_without_warnings():
    data, warnings = build("one\n\n\\newpage\n\ntwo\n\n<!-- pagebreak -->\n\nthree\n\n\\pagebreak\n")
    assert len(page_breaks(data)) == 3
    assert warnings == []
    assert "newpage" not in "".join(body(data).itertext())


def test_page_break_syntax_is_literal_inside_text_and_code():
    tree = parse_markdown("see \\newpage here\n\n    \\newpage\n")
    assert [n.type for n in tree.children] == ["paragraph", "code_block"]


# -- captions and cross-references -----------------------------------------------------------------

CAPTIONED = """See @tbl-budget and @fig-map, then @tbl-after.

Table: Budget *by* year {#tbl-budget}

| Year | Amount |
|------|-------:|
| 2010 | 5 |

![Pilot provinces](pixel.png){#fig-map}

| Later | Table |
|---|---|
| x | y |
Table: Written right under the table {#tbl-after}
"""


def caption_paragraphs(data: bytes):
    return [p for p in body(data).iter(q("p")) if p.find("w:pPr/w:pStyle[@w:val='Caption']", NS) is not None]


def test_captions_are_numbered_seq_fields_in_bookmarks_and_sit_above_tables():
    data, warnings = build(CAPTIONED)
    assert warnings == []
    captions = caption_paragraphs(data)
    assert [texts(p) for p in captions] == [
        "Table 1: Budget by year",
        "Figure 1: Pilot provinces",
        "Table 2: Written right under the table",
    ]
    instructions = [" ".join(p.xpath(".//w:instrText/text()", namespaces=NS)).strip() for p in captions]
    assert instructions == ["SEQ Table \\* ARABIC", "SEQ Figure \\* ARABIC", "SEQ Table \\* ARABIC"]
    first = captions[0]
    children = [etree.QName(c).localname for c in first]
    assert children[1] == "bookmarkStart" and first.find("w:bookmarkStart", NS).get(q("name")) == "_Ref_tbl_budget"
    # The bookmark holds "Table 1" exactly: the label, then the field, then bookmarkEnd before the text.
    end = children.index("bookmarkEnd")
    assert "".join(t.text for r in first[2:end] for t in r.iter(q("t"))) == "Table 1"
    assert first.find("w:pPr/w:keepNext", NS) is not None
    assert first.getnext().tag == q("tbl")  # caption above its table
    assert captions[2].getnext().tag == q("tbl")  # also when written under it
    later = reopen(data).tables[1]
    assert [[c.text for c in row.cells] for row in later.rows] == [["Later", "Table"], ["x", "y"]]


def test_figure_is_a_centred_image_paragraph_kept_with_its_caption():
    data, _ = build(CAPTIONED)
    figure = caption_paragraphs(data)[1].getprevious()
    assert figure.find("w:pPr/w:pStyle", NS).get(q("val")) == "Figure"
    doc_pr = figure.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert doc_pr.get("descr") == "Pilot provinces"
    styles = part(data, "word/styles.xml")
    figure_style = styles.find("w:style[@w:styleId='Figure']", NS)
    assert figure_style.find("w:pPr/w:keepNext", NS) is not None
    assert figure_style.find("w:pPr/w:jc", NS).get(q("val")) == "center"


def test_references_are_ref_fields_prefilled_with_label_and_number():
    data, _ = build(CAPTIONED)
    first = next(p for p in body(data).iter(q("p")) if texts(p).startswith("See "))
    assert texts(first) == "See Table 1 and Figure 1, then Table 2."
    refs = [t.strip() for t in first.xpath(".//w:instrText/text()", namespaces=NS)]
    assert refs == ["REF _Ref_tbl_budget \\h", "REF _Ref_fig_map \\h", "REF _Ref_tbl_after \\h"]
    names = {b.get(q("name")) for b in body(data).iter(q("bookmarkStart"))}
    assert {"_Ref_tbl_budget", "_Ref_fig_map", "_Ref_tbl_after"} <= names


def test_unknown_reference_warns_and_stays_visible():
    data, warnings = build("As @tbl-missing shows; mail me@fig-x.org.\n")
    assert texts(paragraphs_after_summary(data)[1]) == "As @tbl-missing shows; mail me@fig-x.org."
    assert len(warnings) == 1 and "@tbl-missing" in warnings[0]


def test_duplicate_label_warns_and_references_the_first():
    data, warnings = build(
        "@tbl-a\n\nTable: One {#tbl-a}\n\n| x |\n|---|\n| 1 |\n\nTable: Two {#tbl-a}\n\n| y |\n|---|\n| 2 |\n"
    )
    assert any("tbl-a" in w and "more than once" in w for w in warnings)
    assert [texts(p) for p in caption_paragraphs(data)] == ["Table 1: One", "Table 2: Two"]
    assert texts(paragraphs_after_summary(data)[1]) == "Table 1"


def test_table_caption_paragraph_away_from_a_table_is_plain_text():
    tree = parse_markdown("Table: not a caption\n\nJust text.\n")
    assert [n.type for n in tree.children] == ["paragraph", "paragraph"]


# -- landscape sections ------------------------------------------------------------------------------

BEFORE = "Before. " + "A long paragraph that fills most of a portrait page on its own. " * 30
LANDSCAPE = BEFORE + "\n\n::: landscape\nInside.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n:::\n\nAfter.\n"


def section_breaks(data: bytes):
    return list(body(data).iter(q("sectPr")))


def test_a_heading_and_its_short_intro_move_onto_the_landscape_page():
    data, warnings = build(
        "Opening.\n\n## Monitoring\n\nA short intro.\n\n- and a list\n\n::: landscape\n| a | b |\n|---|---|\n| 1 | 2 |\n:::\n"
    )
    assert warnings == []
    paragraphs = [p for p in body(data) if p.tag == q("p")]
    first = next(n for n, p in enumerate(paragraphs) if p.find("w:pPr/w:sectPr", NS) is not None)
    assert texts(paragraphs[first]) == "Opening."  # the portrait section ends there
    assert [texts(p) for p in paragraphs[first + 1 : first + 4]] == ["Monitoring", "A short intro.", "and a list"]


def test_a_long_intro_stays_on_the_portrait_page():
    data, _ = build(LANDSCAPE.replace(BEFORE, "## Monitoring\n\n" + BEFORE))
    first = section_breaks(data)[0].getparent().getparent()
    assert texts(first) == BEFORE.strip()


def test_landscape_block_is_its_own_section_then_back_to_portrait():
    data, warnings = build(LANDSCAPE)
    assert warnings == []
    sections = section_breaks(data)
    assert len(sections) == 3  # portrait up to the block, the block, the rest (the body's own)
    sizes = [(s.find("w:pgSz", NS).get(q("w")), s.find("w:pgSz", NS).get(q("orient"))) for s in sections]
    assert sizes == [("11906", None), ("16838", "landscape"), ("11906", None)]
    margins = {etree.tostring(s.find("w:pgMar", NS)) for s in sections}
    assert len(margins) == 1
    footers = {s.find("w:footerReference", NS).get("{%s}id" % NS["r"]) for s in sections}
    assert len(footers) == 1  # every section shows the same footer
    # The break before the block closes the long "Before." paragraph; the table is on the wide page, filling it.
    assert texts(sections[0].getparent().getparent()) == BEFORE.strip()
    grid = [int(g.get(q("w"))) for g in body(data).find("w:tbl", NS).iter(q("gridCol"))]
    assert sum(grid) == A4_LANDSCAPE_TEXT_WIDTH
    doc = reopen(data)
    assert [s.orientation for s in doc.sections] == [0, 1, 0]


def test_pandoc_fenced_div_form_and_nested_blocks():
    data, warnings = build("::: {.landscape}\nWide.\n:::\n\n- item\n\n  ::: landscape\n  In a list.\n  :::\n")
    assert len(section_breaks(data)) == 3
    assert any("landscape block inside a list" in w for w in warnings)
    assert "In a list." in "".join(body(data).itertext())


def test_page_break_right_before_a_landscape_block_gives_no_empty_page():
    data, _ = build("Before.\n\n\\newpage\n\n::: landscape\nWide.\n:::\n\n\\newpage\n\nAfter.\n")
    assert page_breaks(data) == []  # both section breaks start new pages themselves


# -- tables ------------------------------------------------------------------------------------------


def test_columns_are_never_narrower_than_their_longest_word():
    markdown = (
        "| Implementing organisation | Description |\n|---|---|\n"
        "| ILO | " + "A long description of the activity that will wrap over several lines. " * 4 + "|\n"
    )
    data, warnings = build(markdown)
    grid = [int(g.get(q("w"))) for g in body(data).find("w:tbl", NS).iter(q("gridCol"))]
    assert sum(grid) == A4_TEXT_WIDTH
    assert grid[0] >= longest_word_twips("Implementing") * 1.1
    assert grid[1] > grid[0] and warnings == []
    tbl = body(data).find("w:tbl", NS)
    assert tbl.find("w:tblPr/w:tblLayout", NS).get(q("type")) == "fixed"


def test_fit_columns_shares_spare_width_by_content():
    assert fit_columns([100, 100], [300, 100], 800) == [600, 200]  # all fit: spare in proportion
    assert fit_columns([200, 100], [1200, 300], 1000) == [783, 217]  # minimum plus a share of the rest
    assert sum(fit_columns([900, 900], [1000, 1000], 1000)) == 1000  # too wide: squeezed, still the page


def test_too_wide_table_warns_and_suggests_a_landscape_block():
    header = " | ".join(f"Column{n}Heading" for n in range(9))
    _data, warnings = build(f"| {header} |\n|{'---|' * 9}\n|{' x |' * 9}\n")
    assert any("landscape" in w for w in warnings)


def test_short_rows_do_not_split_and_the_header_repeats():
    long_cell = "word " * 900
    data, _ = build(f"| a | b |\n|---|---|\n| short | row |\n| {long_cell} | x |\n")
    rows = body(data).find("w:tbl", NS).findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr/w:cantSplit", NS) is not None
    assert rows[2].find("w:trPr/w:cantSplit", NS) is None


# -- styles and properties ---------------------------------------------------------------------------


def test_house_style_one_font_family_and_a_cjk_font():
    data, _ = build("中文段落。\n")
    styles = part(data, "word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(q("ascii")) == fonts.get(q("hAnsi")) == "Calibri"
    assert fonts.get(q("eastAsia")) == "SimSun"
    for style in styles.iter(q("style")):
        assert (
            style.find("w:rPr/w:rFonts[@w:asciiTheme]", NS) is None
            or style.get(q("type")) != "paragraph"
            or style.find("w:name", NS).get(q("val")) not in ("heading 1", "Title")
        )
    heading = styles.find("w:style[@w:styleId='Heading1']", NS)
    assert heading.find("w:rPr/w:color", NS) is not None and heading.find("w:rPr/w:rFonts", NS) is None
    table = styles.find("w:style[@w:styleId='ProposalTable']", NS)
    assert table.find("w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", NS).get(q("fill"))


def test_reference_document_keeps_its_own_fonts(tmp_path):
    import docx

    reference = docx.Document()
    path = tmp_path / "donor.docx"
    reference.save(str(path))
    data, _ = build("Body.\n", reference_docx=path)
    fonts = part(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(q("asciiTheme")) == "minorHAnsi" and fonts.get(q("eastAsia")) == "SimSun"


def test_app_properties_name_proposalkit_without_version_or_counts():
    data, _ = build("Body.\n")
    app = part(data, "docProps/app.xml")
    values = {etree.QName(child).localname: child.text for child in app}
    assert values["Application"] == "proposalkit" and values["Company"] == "Acme Relief"
    assert not {"AppVersion", "Pages", "Words", "Characters", "TotalTime", "Template"} & set(values)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"Microsoft" not in z.read("docProps/app.xml")
