"""The repository's example proposal builds, reopens with everything a reviewer expects, and real readers open it."""

from __future__ import annotations

import zipfile

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from ..support import all_text, footnote_texts, pandoc_text, soffice_pdf


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example's default variant, built twice into separate folders."""
    from proposalkit.pipeline import build

    from ..conftest import REPO

    outs = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        result = build(REPO, out=out)
        assert not result.diagnostics.has_errors, result.diagnostics.lines()
        (path,) = result.outputs
        outs.append(path)
    return outs


def profile_headings():
    from ..conftest import REPO

    proposal = yaml.safe_load((REPO / "templates/proposal.yaml").read_text())
    default = {s["id"]: s["title"] for s in proposal["sections"]}
    donor = yaml.safe_load((REPO / f"templates/donors/{proposal['default_donor']}.yaml").read_text())

    def title(entry) -> str:
        return default[entry] if isinstance(entry, str) else entry.get("title") or default[entry["id"]]

    titles = [title(entry) for entry in donor.get("sections") or list(default)]
    label = donor.get("annex_label", "Annex")
    numbered = [entry for entry in donor.get("annexes", ["evidence"]) if entry != "evidence"]
    titles += [f"{label} {n}: {title(entry)}" for n, entry in enumerate(numbered, start=1)]
    return proposal, titles


def test_file_name_and_determinism(built):
    first, second = built
    proposal, _ = profile_headings()
    assert first.name == f"{proposal['slug']}-{proposal['default_donor']}.docx"
    assert first.read_bytes() == second.read_bytes()


def test_cover_headings_in_profile_order_and_annex(built):
    document = docx.Document(str(built[0]))
    proposal, titles = profile_headings()
    h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    numbered = sum(1 for title in titles if title.startswith("Annex "))
    assert h1 == titles + [f"Annex {numbered + 1}: Sources"]
    sources = [p for p in document.paragraphs if p.style.name == "Bibliography"]
    assert len(sources) >= 10 and all(p.text.strip() for p in sources)
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == proposal["title"]
    assert any(p.style.name == "Heading 2" for p in document.paragraphs)
    props = document.core_properties
    assert props.title == proposal["title"] and props.author == proposal["organisation"] and props.subject


def test_lists_have_word_numbering_restarting_per_list(built):
    document = docx.Document(str(built[0]))
    num_ids = []
    for p in document.paragraphs:
        num_pr = p._p.pPr.numPr if p._p.pPr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            num_ids.append(num_pr.numId.val)
    assert len(num_ids) >= 10
    assert len(set(num_ids)) >= 4, "each list gets its own numbering instance"
    numbering = document.part.numbering_part.element
    formats = {lvl.find(qn("w:numFmt")).get(qn("w:val")) for lvl in numbering.iter(qn("w:lvl"))}
    assert {"decimal", "bullet"} <= formats


def test_tables_have_header_rows(built):
    document = docx.Document(str(built[0]))
    assert len(document.tables) >= 4
    for table in document.tables:
        first_row = table.rows[0]._tr
        assert first_row.trPr is not None and first_row.trPr.find(qn("w:tblHeader")) is not None
    # the evidence ids, kinds and statuses stay out of the document a donor reads
    assert all([c.text for c in t.rows[0].cells][:2] != ["ID", "Kind"] for t in document.tables)


def test_citations_are_real_footnotes(built):
    notes = footnote_texts(built[0])
    assert len(notes) >= 15
    body = built[0].read_bytes()
    with zipfile.ZipFile(built[0]) as archive:
        xml = archive.read("word/document.xml").decode()
    assert xml.count("<w:footnoteReference") == len(notes)
    assert all(note for note in notes)
    assert body  # the file is non-empty


def test_no_markdown_or_jinja_syntax_leaks(built):
    document = docx.Document(str(built[0]))
    text = all_text(document) + "\n".join(footnote_texts(built[0]))
    for token in ("**", "{{", "{%", "[@", "](", "|---", "\\|"):
        assert token not in text, token


def test_toc_footer_page_numbers(built):
    with zipfile.ZipFile(built[0]) as archive:
        names = archive.namelist()
        document_xml = archive.read("word/document.xml").decode()
        footers = [archive.read(n).decode() for n in names if n.startswith("word/footer")]
    assert 'TOC \\o "1-3"' in document_xml
    assert any("PAGE" in f for f in footers)


def test_pandoc_reads_it(built):
    text = pandoc_text(built[0], "markdown")
    _, titles = profile_headings()
    for title in titles:
        assert f"# {title}" in text
    assert "[^1]" in text  # footnotes come back as notes


def test_libreoffice_converts_it_to_pdf(built, tmp_path):
    pdf = soffice_pdf(built[0], tmp_path)
    assert pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")


def test_every_variant_builds_with_no_warning_but_cited_drafts(tmp_path):
    from proposalkit.pipeline import build

    from ..conftest import REPO

    result = build(REPO, all_donors=True, out=tmp_path)
    codes = {d.code for d in result.diagnostics.items}
    assert codes <= {"evidence.draft-cited"}, result.diagnostics.lines()
    assert len(result.outputs) == len(list((REPO / "templates" / "donors").glob("*.yaml")))


def test_table_widths_allow_breaks_after_hyphens():
    from proposalkit.base.columns import longest_word_twips, text_twips

    assert longest_word_twips("lesson-short-funding-cycles") == text_twips("funding-")
