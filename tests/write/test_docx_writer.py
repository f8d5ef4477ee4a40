"""Tests of the Word writer: build real packages, reopen them and assert on their XML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from proposalkit.base.dates import format_date
from proposalkit.base.model import AnnexRow, Assembly, ParsedSection, Position
from proposalkit.parse.markdown import parse_markdown
from proposalkit.parse.references import iter_citations
from proposalkit.write.document import write_docx

from ..support import need

FIXTURES = Path(__file__).parent / "fixtures"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
NOTES = {"gbo-pilot": "GBO pilot results, 2019", "unicef-2020": "UNICEF report 2020"}


def q(tag: str) -> str:
    return "{%s}%s" % (W, tag)


def cited(tree):
    """`tree` with each citation's note text written on it, as the parse stage's citation style does."""
    for node in iter_citations(tree):
        if all(i in NOTES for i in node.meta["ids"]):  # an unknown id keeps no text: the writer warns
            pairs = zip(node.meta["ids"], node.meta["locators"])
            texts = [NOTES[i] + (f", {loc}" if loc else "") for i, loc in pairs]
            node.meta.update(cite="; ".join(texts) + ".", note=True)
    return tree


def assembly(markdown: str, **changes) -> Assembly:
    base = Assembly(
        title="Clean Water for All",
        organisation="Acme Relief",
        donor_id="gbo",
        donor_name="Global Basic Org",
        date=dt.date(2009, 12, 1),
        sections=(
            ParsedSection("summary", "Summary", cited(parse_markdown(markdown)), Position("sections/summary.md", 1)),
        ),
        cited=tuple(NOTES),
        annex=(AnnexRow("gbo-pilot", "pilot-result", "GBO pilot", "GBO", "2019-01-01", "approved"),),
        reference_docx=None,
        root=FIXTURES,
    )
    return dataclasses.replace(base, **changes)


def build(markdown: str, **changes) -> tuple[bytes, list[str]]:
    warnings: list[str] = []
    return write_docx(assembly(markdown, **changes), lambda *problem: warnings.append(problem[-1])), warnings


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def body(data: bytes):
    return part(data, "word/document.xml").find(q("body"))


def reopen(data: bytes):
    return docx.Document(io.BytesIO(data))


def content_paragraphs(data: bytes):
    """Reopened paragraphs after the contents page (the first section heading onwards)."""
    paragraphs = reopen(data).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1")
    return paragraphs[start:]


def num_pr(p):
    """(numId, ilvl) of a python-docx paragraph, or None."""
    found = p._p.find("w:pPr/w:numPr", NS)
    if found is None:
        return None
    return int(found.find("w:numId", NS).get(q("val"))), int(found.find("w:ilvl", NS).get(q("val")))


ALL = (FIXTURES / "all-constructs.md").read_text(encoding="utf-8")


# -- blocks -----------------------------------------------------------------------------------------


def test_headings_map_to_heading_styles_and_section_titles_are_heading_1():
    data, _ = build("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n")
    styles = [(p.style.name, p.text) for p in content_paragraphs(data) if p.style.name.startswith("Heading")]
    assert styles[:7] == [
        ("Heading 1", "Summary"),
        ("Heading 1", "One"),
        ("Heading 2", "Two"),
        ("Heading 3", "Three"),
        ("Heading 4", "Four"),
        ("Heading 5", "Five"),
        ("Heading 6", "Six"),
    ]


def test_inline_marks_are_character_styles_with_direct_toggles_only_where_no_style_says_them():
    data, _ = build("Some **bold**, *italic*, ***both***, ~~gone~~, [**link**](https://a.org) and `code` here.\n")
    para = next(p for p in content_paragraphs(data) if p.text.startswith("Some"))
    runs = {r.text: r for r in para.runs}
    direct = {text: (r.bold, r.italic, r.font.strike) for text, r in runs.items()}  # None: not set on the run
    assert runs["bold"].style.name == "Strong" and direct["bold"] == (None, None, None)
    assert runs["italic"].style.name == "Emphasis" and direct["italic"] == (None, None, None)
    assert runs["both"].style.name == "Strong" and direct["both"] == (None, True, None)
    assert runs["gone"].style.name == "Strikethrough" and direct["gone"] == (None, None, None)
    link = para._p.find("w:hyperlink/w:r", NS)
    assert link.find("w:rPr/w:rStyle", NS).get(q("val")) == "Hyperlink" and link.find("w:rPr/w:b", NS) is not None
    assert runs["code"].style.name == "Verbatim Char"
    assert para.text == "Some bold, italic, both, gone, link and code here."


def test_no_markdown_syntax_leaks_into_text():
    data, _ = build(ALL)
    text = "\n".join(p.text for p in reopen(data).paragraphs)
    assert "**" not in text and "[@" not in text and "~~" not in text
    assert "Plain paragraph with strong, emphasis, both, struck and code." in text


def test_soft_breaks_become_spaces_and_hard_breaks_w_br():
    data, _ = build("one\ntwo  \nthree\n")
    p = next(p for p in body(data).iter(q("p")) if "one" in "".join(p.itertext()))
    assert "".join(t.text for t in p.iter(q("t"))) == "one twothree"
    assert len(list(p.iter(q("br")))) == 1


# -- lists ------------------------------------------------------------------------------------------


def test_list_items_are_numbered_by_depth_with_a_new_num_per_list():
    data, _ = build("- a\n- b\n  - nested\n    1. deep\n- c\n\ntext\n\n3. three\n4. four\n\ntext\n\n1. again\n")
    items = {p.text: num_pr(p) for p in content_paragraphs(data) if num_pr(p)}
    assert items["a"][1] == 0 and items["nested"][1] == 1 and items["deep"][1] == 2
    assert items["a"][0] == items["b"][0] == items["c"][0]
    assert len({items["a"][0], items["nested"][0], items["deep"][0], items["three"][0], items["again"][0]}) == 5
    numbering = part(data, "word/numbering.xml")
    nums = {int(n.get(q("numId"))): n for n in numbering.iter(q("num"))}
    start = nums[items["three"][0]].find("w:lvlOverride/w:startOverride", NS)
    assert start.get(q("val")) == "3"
    assert nums[items["again"][0]].find("w:lvlOverride/w:startOverride", NS).get(q("val")) == "1"
    abstract_of = {n: num.find("w:abstractNumId", NS).get(q("val")) for n, num in nums.items()}
    formats = {
        a.get(q("abstractNumId")): a.find("w:lvl/w:numFmt", NS).get(q("val")) for a in numbering.iter(q("abstractNum"))
    }
    assert formats[abstract_of[items["a"][0]]] == "bullet"
    assert formats[abstract_of[items["three"][0]]] == "decimal"


def test_numbering_part_keeps_abstract_nums_before_nums_and_unique_ids():
    data, _ = build("- a\n\n1. b\n")
    numbering = part(data, "word/numbering.xml")
    tags = [etree.QName(c).localname for c in numbering]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")
    ids = [n.get(q("numId")) for n in numbering.iter(q("num"))]
    assert len(ids) == len(set(ids))


def test_tight_and_loose_items_give_one_numbered_paragraph_each_and_continuations():
    data, _ = build("- tight one\n- tight two\n\ntext\n\n- loose one\n\n  second paragraph\n\n- loose two\n")
    paragraphs = content_paragraphs(data)
    by_text = {p.text: p for p in paragraphs}
    for name in ("tight one", "tight two", "loose one", "loose two"):
        assert by_text[name].style.name == "List Paragraph" and num_pr(by_text[name])
    assert by_text["second paragraph"].style.name == "List Continue"
    assert num_pr(by_text["second paragraph"]) is None


# -- tables -----------------------------------------------------------------------------------------


def test_tables_are_real_with_header_row_alignment_and_full_width_grid():
    data, _ = build("| L | C | R |\n|:--|:-:|--:|\n| a | b | c |\n| longer text | d | e |\n")
    tbl = body(data).find("w:tbl", NS)
    assert tbl.find("w:tblPr/w:tblStyle", NS).get(q("val")) == "ProposalTable"
    width = tbl.find("w:tblPr/w:tblW", NS)
    assert (width.get(q("w")), width.get(q("type"))) == ("5000", "pct")
    assert tbl.find("w:tblPr/w:tblLook", NS).get(q("firstRow")) == "1"
    grid = [int(g.get(q("w"))) for g in tbl.iter(q("gridCol"))]
    assert sum(grid) == 11906 - 2 * 1417  # A4 less two 2.5 cm margins, in twips
    assert grid[0] > grid[1]
    rows = tbl.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr/w:tblHeader", NS) is None
    jcs = [p.find("w:pPr/w:jc", NS).get(q("val")) for p in rows[1].iter(q("p"))]
    assert jcs == ["left", "center", "right"]
    table = reopen(data).tables[0]
    assert [c.text for c in table.rows[2].cells] == ["longer text", "d", "e"]
    assert table.rows[1].cells[0].paragraphs[0].style.name == "Table Text"


def test_sources_close_the_document_and_the_evidence_table_only_a_review_copy():
    entries = ("GBO. *GBO pilot results*. 2019.", "UNICEF. *Report 2020*.")
    data, _ = build(
        "Body.\n",
        references=entries,
        references_title="Annex 1: Sources",
        evidence_title="Annex 2: Evidence base (review copy)",
    )
    doc = reopen(data)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Summary", "Annex 1: Sources"]
    listed = [p for p in doc.paragraphs if p.style.name == "Bibliography"]
    assert [p.text for p in listed] == ["GBO. GBO pilot results. 2019.", "UNICEF. Report 2020."]
    assert [r.text for r in listed[0].runs if r.style is not None and r.style.name == "Emphasis"] == [
        "GBO pilot results"
    ]
    assert not doc.tables  # the ids, kinds and statuses are not for the donor
    review = write_docx(
        assembly(
            "Body.\n",
            references=entries,
            references_title="Annex 1: Sources",
            evidence_title="Annex 2: Evidence base (review copy)",
        ),
        annotate=lambda text: None,
    )
    doc = reopen(review)
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][-1] == "Annex 2: Evidence base (review copy)"
    annex = doc.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["ID", "Kind", "Title", "Source", "Date", "Status"]
    assert [c.text for c in annex.rows[1].cells] == [
        "gbo-pilot",
        "pilot-result",
        "GBO pilot",
        "GBO",
        "2019-01-01",
        "approved",
    ]


def test_no_annex_when_empty():
    data, _ = build("Body.\n", annex=())
    doc = reopen(data)
    assert not doc.tables
    assert all(p.text != "Annex: Evidence base" for p in doc.paragraphs)


# -- footnotes, links, images -----------------------------------------------------------------------


def test_citations_become_footnotes_in_document_order():
    data, warnings = build("A [@gbo-pilot] and B [@gbo-pilot; @unicef-2020, p. 12] and [@nobody].\n")
    refs = [int(r.get(q("id"))) for r in body(data).iter(q("footnoteReference"))]
    assert refs == [1, 2, 3]  # one note per citation, however many sources it names
    for ref in body(data).iter(q("footnoteReference")):
        assert ref.getparent().find("w:rPr/w:rStyle", NS).get(q("val")) == "FootnoteReference"
    notes = part(data, "word/footnotes.xml")
    texts = {n.get(q("id")): "".join(t.text for t in n.iter(q("t"))).strip() for n in notes.iter(q("footnote"))}
    assert texts["1"] == "GBO pilot results, 2019."
    assert texts["2"] == "GBO pilot results, 2019; UNICEF report 2020, p. 12."
    assert texts["3"] == "[@nobody]"
    assert notes.find("w:footnote[@w:id='-1']", NS).get(q("type")) == "separator"
    assert notes.find("w:footnote[@w:id='0']", NS).get(q("type")) == "continuationSeparator"
    first = notes.find("w:footnote[@w:id='1']/w:p", NS)
    assert first.find("w:pPr/w:pStyle", NS).get(q("val")) == "FootnoteText"
    assert first.find("w:r/w:footnoteRef", NS) is not None
    assert any("nobody" in w for w in warnings)
    doc = reopen(data)
    rel = next(r for r in doc.part.rels.values() if r.reltype.endswith("/footnotes"))
    assert rel.target_part.content_type.endswith("wordprocessingml.footnotes+xml")
    assert part(data, "word/settings.xml").find("w:footnotePr", NS) is not None


def test_links_are_hyperlinks_with_external_relationships_or_anchors():
    data, _ = build("# Target here\n\nSee [site](https://example.org/a?b=1) and [up](#target-here).\n")
    links = list(body(data).iter(q("hyperlink")))
    external = next(h for h in links if h.get("{%s}id" % NS["r"]))
    rels = part(data, "word/_rels/document.xml.rels")
    rel = next(r for r in rels if r.get("Id") == external.get("{%s}id" % NS["r"]))
    assert rel.get("Target") == "https://example.org/a?b=1" and rel.get("TargetMode") == "External"
    assert external.find("w:r/w:rPr/w:rStyle", NS).get(q("val")) == "Hyperlink"
    anchored = [h for h in links if h.get(q("anchor")) == "target_here"]
    assert anchored  # the in-text link (and the contents entry)
    names = {b.get(q("name")) for b in body(data).iter(q("bookmarkStart"))}
    assert "target_here" in names


def test_local_image_is_embedded_and_missing_image_warns():
    data, warnings = build("Pic ![a pixel](pixel.png) and ![gone](nowhere.png).\n")
    doc_pr = next(body(data).iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    assert doc_pr.get("descr") == "a pixel" and doc_pr.get("id") == "1"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "word/media/image1.png" in z.namelist()
    assert any("nowhere.png" in w for w in warnings)
    assert "gone" in "".join(body(data).itertext())


def test_large_images_are_scaled_to_the_text_width(tmp_path):
    import struct
    import zlib

    def png(width, height):
        raw = b"".join(b"\x00" + b"\x00\x00\xff" * width for _ in range(height))

        def chunk(kind, payload):
            return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")

    (tmp_path / "wide.png").write_bytes(png(2000, 100))
    data, _ = build("![wide](wide.png)\n", root=tmp_path)
    extent = next(body(data).iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"))
    assert int(extent.get("cx")) == (11906 - 2 * 1417) * 635
    assert int(extent.get("cy")) == int(100 * (11906 - 2 * 1417) * 635 / 2000)


def test_code_quote_rule_and_html_blocks():
    data, warnings = build("> quoted\n\n```\nline 1\n\tline 2\n```\n\n---\n\n<div>raw</div>\n\nInline <b>x</b>.\n")
    paragraphs = content_paragraphs(data)
    by_style = {}
    for p in paragraphs:
        by_style.setdefault(p.style.name, []).append(p)
    assert by_style["Quote"][0].text == "quoted"
    code = by_style["Source Code"][0]
    assert len(code._p.findall(".//w:br", NS)) == 1 and len(code._p.findall(".//w:tab", NS)) == 1
    assert "Horizontal Rule" in by_style
    assert any(p.text == "<div>raw</div>" for p in paragraphs)
    assert any(p.text == "Inline <b>x</b>." for p in paragraphs)
    assert sum("raw HTML" in w for w in warnings) == 3


def test_unknown_node_types_are_written_as_text_with_a_warning():
    tokens = [
        Token("paragraph_open", "p", 1, map=[0, 1]),
        Token("inline", "", 0, map=[0, 1], content="x", children=[Token("mystery", "", 0, content="kept text")]),
        Token("paragraph_close", "p", -1),
        Token("oddblock", "", 0, map=[1, 2], content="block text"),
    ]
    section = ParsedSection("s", "S", SyntaxTreeNode(tokens), Position("s.md", 1))
    warnings: list[str] = []
    data = write_docx(assembly("", sections=(section,)), lambda *problem: warnings.append(problem[-1]))
    texts = [p.text for p in reopen(data).paragraphs]
    assert "kept text" in texts and "block text" in texts
    assert sum("unsupported" in w for w in warnings) == 2


# -- document furniture -----------------------------------------------------------------------------


def test_cover_page_contents_and_toc_field():
    data, _ = build("# One\n\n## Two\n\n#### Four\n")
    doc = reopen(data)
    first = [(p.style.name, p.text) for p in doc.paragraphs[:5]]
    assert first == [
        ("Title", "Clean Water for All"),
        ("Subtitle", "Acme Relief"),
        ("Cover Field", "Proposal to Global Basic Org"),
        ("Cover Field", "1 December 2009"),
        ("TOC Heading", "Contents"),
    ]
    assert doc.paragraphs[3]._p.find(".//w:br[@w:type='page']", NS) is not None
    b = body(data)
    begin = b.find(".//w:fldChar[@w:fldCharType='begin']", NS)
    assert begin.get(q("dirty")) == "true"
    assert b.find(".//w:instrText", NS).text.strip() == 'TOC \\o "1-3" \\h \\z \\u'
    entries = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("toc")]
    assert entries == [("toc 1", "Summary"), ("toc 1", "One"), ("toc 2", "Two")]
    # the field ends in its last entry, and the first heading starts a page of its own: no paragraph holding
    # only a page break, which would fall alone onto a blank page when the entries fill theirs exactly
    toc = [p for p in doc.paragraphs if p.style.name.startswith("toc")]
    assert toc[-1]._p.find(".//w:fldChar[@w:fldCharType='end']", NS) is not None
    after = toc[-1]._p.getnext()
    assert after.find("w:pPr/w:pageBreakBefore", NS) is not None
    assert after.find(".//w:br[@w:type='page']", NS) is None
    anchors = [h.get(q("anchor")) for h in b.iter(q("hyperlink"))]
    bookmarks = [(int(s.get(q("id"))), s.get(q("name"))) for s in b.iter(q("bookmarkStart"))]
    assert [i for i, _ in bookmarks] == list(range(1, len(bookmarks) + 1))
    assert set(anchors) <= {name for _, name in bookmarks}


def test_footer_has_page_of_numpages_fields():
    data, _ = build("Body.\n")
    footer = part(data, "word/footer1.xml")
    instructions = [t.text.strip() for t in footer.iter(q("instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.find("w:p/w:pPr/w:jc", NS).get(q("val")) == "center"
    assert "Page " in "".join(footer.itertext())


def test_core_properties_and_page_setup():
    data, _ = build("Body.\n")
    doc = reopen(data)
    props = doc.core_properties
    assert props.title == "Clean Water for All"
    assert props.subject == "Proposal to Global Basic Org"
    assert props.author == props.last_modified_by == "Acme Relief"
    assert props.created.replace(tzinfo=None) == dt.datetime(2009, 12, 1)
    assert props.modified == props.created and props.revision == 1
    section = doc.sections[0]
    assert (section.page_width.mm, round(section.left_margin.cm, 2)) == (pytest.approx(210, abs=0.1), 2.5)
    no_date = reopen(build("Body.\n", date=None)[0]).core_properties
    assert no_date.created.replace(tzinfo=None) == dt.datetime(2000, 1, 1)


def test_styles_resolve_and_cjk_default_font():
    data, _ = build("中文段落。\n")
    styles = part(data, "word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(q("eastAsia")) and fonts.get(q("eastAsiaTheme")) is None
    names = {s.find("w:name", NS).get(q("val")) for s in styles.iter(q("style"))}
    for needed in ("Source Code", "Verbatim Char", "Proposal Table", "footnote text", "toc 1", "Horizontal Rule"):
        assert needed in names
    table_style = styles.find("w:style[@w:styleId='ProposalTable']", NS)
    assert table_style.find("w:tblStylePr[@w:type='firstRow']/w:rPr/w:b", NS) is not None


def test_reference_docx_styles_are_used_and_its_content_dropped(tmp_path):
    reference = docx.Document()
    reference.add_paragraph("reference body text")
    reference.styles["Heading 1"].font.size = docx.shared.Pt(30)
    path = tmp_path / "donor.docx"
    reference.save(str(path))
    data, _ = build("# Big\n", reference_docx=path)
    doc = reopen(data)
    assert all("reference body text" not in p.text for p in doc.paragraphs)
    assert doc.styles["Heading 1"].font.size == docx.shared.Pt(30)
    assert doc.styles["Source Code"] is not None


def test_unwanted_template_parts_are_removed():
    data, _ = build("Body.\n")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
    assert not any("customXml" in n or "thumbnail" in n or "stylesWithEffects" in n for n in names)


def test_builds_are_byte_identical_and_zip_entries_are_normalised():
    a = assembly(ALL)
    first, second = write_docx(a), write_docx(a)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_format_date():
    assert format_date(dt.date(2009, 12, 1)) == "1 December 2009"


# -- golden file ------------------------------------------------------------------------------------


def canonical_document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        raw = z.read("word/document.xml")
    tree = etree.fromstring(raw, etree.XMLParser(remove_blank_text=True))
    pretty = etree.tostring(tree, pretty_print=True)
    return etree.canonicalize(xml_data=pretty.decode("utf-8")) + "\n"


def test_golden_document_xml():
    golden = FIXTURES / "all-constructs.document.xml"
    actual = canonical_document_xml(write_docx(assembly(ALL)))
    if os.environ.get("PROPOSALKIT_REGEN_GOLDEN") == "1" or not golden.exists():
        golden.write_text(actual, encoding="utf-8")
        if os.environ.get("PROPOSALKIT_REGEN_GOLDEN") != "1":
            pytest.fail("golden file was missing and has been written; rerun")
    assert actual == golden.read_text(encoding="utf-8")


# -- real readers -----------------------------------------------------------------------------------


@pytest.mark.readers
def test_pandoc_reads_the_structure(tmp_path):
    path = tmp_path / "out.docx"
    path.write_bytes(write_docx(assembly(ALL)))
    markdown = subprocess.run(
        [need("pandoc"), "-f", "docx", "-t", "markdown", str(path)], check=True, capture_output=True, text=True
    ).stdout
    assert "# Heading one" in markdown and "## Heading two" in markdown
    assert "**strong**" in markdown and "*emphasis*" in markdown and "~~struck~~" in markdown
    assert "[^1]: GBO pilot results, 2019" in markdown
    assert "[the site](https://example.org/path?q=1)" in markdown
    assert "-   bullet one" in markdown and "3.  third" in markdown


@pytest.mark.readers
def test_libreoffice_converts_to_pdf(tmp_path):
    path = tmp_path / "out.docx"
    path.write_bytes(write_docx(assembly(ALL)))
    subprocess.run(
        [
            need("soffice"),
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "out.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page") >= 3
