"""The contents carry page numbers: PAGEREF fields whose cached results are the pages LibreOffice lays each
heading out on, so a reader that never updates fields still sees them, and they match the PDF."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from proposalkit.convert.outline import outline_pages

from ..conftest import REPO
from ..support import write

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def contents_entries(path: Path) -> list[tuple[str, str, int]]:
    """(style, title, cached page) of each contents entry, read from the document's XML."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    entries = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or not style.get(f"{W}val", "").startswith("TOC") or style.get(f"{W}val") == "TOCHeading":
            continue
        link = p.find(f"{W}hyperlink")
        if link is None:
            continue
        instructions = "".join(t.text or "" for t in link.iter(f"{W}instrText"))
        assert "PAGEREF" in instructions, instructions
        runs = list(link.iter(f"{W}r"))
        result, inside = [], False
        for r in runs:
            kind = r.find(f"{W}fldChar")
            if kind is not None:
                inside = kind.get(f"{W}fldCharType") == "separate"
                continue
            if inside:
                result.append("".join(t.text or "" for t in r.iter(f"{W}t")))
        title = "".join(t.text or "" for r in runs for t in r.iter(f"{W}t")).removesuffix("".join(result))
        entries.append((style.get(f"{W}val"), title, int("".join(result))))
    return entries


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from click.testing import CliRunner

    from proposalkit.cli import cli

    out = tmp_path_factory.mktemp("contents")
    args = ["build", "-w", str(REPO), "-d", "ilo", "--toc-pages", "layout", "--pdf", "--out", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out / "green-jobs-china-2010-ilo.docx", out / "green-jobs-china-2010-ilo.pdf"


@pytest.mark.readers
def test_every_level_1_entry_is_on_the_page_of_libreoffices_pdf(built):
    docx, pdf = built
    entries = contents_entries(docx)
    assert len(entries) > 20
    laid = [(title, page) for title, page in outline_pages(pdf.read_bytes()) if title != "Contents"]
    level_1 = [(title, page) for style, title, page in entries if style == "TOC1"]
    pdf_level_1 = iter(laid)
    for title, page in level_1:
        found = next(p for t, p in pdf_level_1 if t.split(" ", 1)[-1] == title.split(" ", 1)[-1] or t == title)
        assert found == page, (title, page, found)
    assert "Contents" not in [title for _, title, _ in entries]  # the contents heading is not an entry


@pytest.mark.readers
def test_the_layout_numbers_need_no_update(built):
    docx, _ = built
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    begin = next(fc for fc in root.iter(f"{W}fldChar") if fc.get(f"{W}fldCharType") == "begin")
    assert begin.get(f"{W}dirty") is None  # numbers from the layout: Word is not asked to refresh on open


def test_estimated_numbers_ask_word_to_update(tmp_path, run):
    result = run("build", "-w", REPO, "-d", "ilo", "--toc-pages", "estimate", "--out", tmp_path)
    assert result.code == 0, result.err
    docx = tmp_path / "green-jobs-china-2010-ilo.docx"
    entries = contents_entries(docx)
    assert entries and all(page >= 1 for _, _, page in entries)
    pages = [page for _, _, page in entries]
    assert pages == sorted(pages)  # estimates still run in the document's order
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    begin = next(fc for fc in root.iter(f"{W}fldChar") if fc.get(f"{W}fldCharType") == "begin")
    assert begin.get(f"{W}dirty") == "true"


def test_numbered_headings_use_word_numbering_and_leave_annexes_to_their_titles(tmp_path, run):
    import docx

    result = run("build", "-w", REPO, "-d", "ilo", "--out", tmp_path)
    assert result.code == 0, result.err
    document = docx.Document(str(tmp_path / "green-jobs-china-2010-ilo.docx"))
    headings = [p for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2", "Heading 3")]
    body = [p for p in headings if not p.text.startswith("Annex ")]
    annex_at = next(i for i, p in enumerate(headings) if p.text.startswith("Annex "))
    numbered = headings[:annex_at]
    ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(ids) == 1 and body  # one outline numbering for the body's headings
    assert all(p._p.pPr.numPr.ilvl.val == int(p.style.name[-1]) - 1 for p in numbered)
    assert all(p._p.pPr.numPr is None for p in headings[annex_at:])
    assert not any(p.text[:1].isdigit() for p in headings)  # the number is Word's, not typed in the text
    entries = [title for style, title, _ in contents_entries(tmp_path / "green-jobs-china-2010-ilo.docx")]
    assert entries[0] == "1 " + numbered[0].text and entries[1].startswith("1.1 ")


@pytest.mark.readers
def test_a_section_title_with_quotes_is_numbered_and_written_as_its_heading(starter, run, tmp_path):
    import docx

    write(
        starter,
        "templates/donors/example-donor.yaml",
        'name: Example Foundation\nsections:\n  - summary\n  - id: results\n    title: The pilots\' "results"\n',
    )
    result = run("build", "-w", starter, "--toc-pages", "layout", "--pdf", "--out", tmp_path)
    assert result.code == 0, result.err
    (path,) = tmp_path.glob("*.docx")
    heading = next(
        p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1" and "pilots" in p.text
    )
    assert heading == "The pilots\u2019 \u201cresults\u201d"
    entries = {title: page for _, title, page in contents_entries(path)}
    laid = dict(outline_pages(next(tmp_path.glob("*.pdf")).read_bytes()))
    assert heading in entries and entries[heading] == laid[heading]
