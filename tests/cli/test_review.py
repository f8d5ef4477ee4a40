"""`build --review`: a review copy whose evidence paragraphs carry Word comments naming their source."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from ..support import soffice_pdf
from ..write.test_openxml_audit import findings

FILE_IN_REMARK = re.compile(r"^From (\S+) \(evidence '([^']+)'\): status (\w+); reviewer: (.+)\.$")


def alnum(text: str) -> str:
    """Letters and digits only: Word text and Markdown source compare without markup, spacing or punctuation."""
    return re.sub(r"[\W_]+", "", text).lower()


def body_alnum(path: Path) -> str:
    text = path.read_text(encoding="utf-8").split("\n---", 1)[1]
    return alnum(re.sub(r"\[@[^\]]*\]", "", text))


def comments(path: Path) -> dict[str, tuple[str, str]]:
    """Comment id -> (author, text) of a .docx."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
    return {
        c.get(qn("w:id")): (c.get(qn("w:author")), "".join(c.itertext()).strip()) for c in root.iter(qn("w:comment"))
    }


def commented_paragraphs(path: Path) -> dict[str, str]:
    """Comment id -> the text of the paragraph it covers."""
    found = {}
    for p in docx.Document(str(path)).paragraphs:
        for start in p._p.iter(qn("w:commentRangeStart")):
            found[start.get(qn("w:id"))] = p.text
    return found


@pytest.fixture
def review_copy(example, run):
    result = run("build", "-w", example, "--review")
    assert result.code == 0, result.err
    (path,) = (example / "outputs").glob("*-review.docx")
    return example, path


def test_every_comment_names_the_file_its_paragraph_comes_from(review_copy):
    root, path = review_copy
    notes, anchored = comments(path), commented_paragraphs(path)
    assert len(notes) >= 10
    assert set(notes) == set(anchored)  # one range per comment, each on a paragraph
    for comment_id, (author, remark) in notes.items():
        match = FILE_IN_REMARK.match(remark)
        assert match, remark
        source = root / match.group(1)
        assert source.is_file()
        assert author == "ILO Office for China and Mongolia"  # the example's review_author; no item names a reviewer
        paragraph = alnum(anchored[comment_id])
        assert paragraph[-40:] in body_alnum(source), (remark, anchored[comment_id])


def test_every_paragraph_copied_from_evidence_is_commented(review_copy):
    root, path = review_copy
    bodies = [body_alnum(p) for p in sorted((root / "evidence").rglob("*.md"))]
    anchored = set(commented_paragraphs(path).values())
    copied = [
        p.text
        for p in docx.Document(str(path)).paragraphs
        if len(alnum(p.text)) >= 40 and any(alnum(p.text) in body for body in bodies)
    ]
    assert copied
    assert [text for text in copied if text not in anchored] == []


def test_a_reviewer_in_front_matter_signs_that_items_comments(example, run):
    item = next(p for p in (example / "evidence").rglob("*.md") if p.stem == "gbo-pilot")
    item.write_text(
        item.read_text(encoding="utf-8").replace("\n---\n", "\nreviewer: Wang Li\n---\n", 1), encoding="utf-8"
    )
    assert run("build", "-w", example, "--review").code == 0
    (path,) = (example / "outputs").glob("*-review.docx")
    signed = [(author, text) for author, text in comments(path).values() if "gbo-pilot" in text]
    assert signed and all(author == "Wang Li" and text.endswith("reviewer: Wang Li.") for author, text in signed)


def test_no_comment_author_is_a_located_error_and_nothing_is_written(example, run):
    proposal = example / "templates/proposal.yaml"
    proposal.write_text(re.sub(r"(?m)^review_author:.*\n", "", proposal.read_text(encoding="utf-8")), encoding="utf-8")
    result = run("build", "-w", example, "--review")
    assert result.code == 1
    errors = [line for line in result.lines if line.endswith("[review.no-author]")]
    assert errors and all(re.match(r"^evidence/\S+\.md:\d+:\d+: error: ", line) for line in errors)
    assert not (example / "outputs").exists() or not list((example / "outputs").glob("*.docx"))


def test_a_normal_build_has_no_comments(example, run):
    assert run("build", "-w", example).code == 0
    (path,) = (example / "outputs").glob("*.docx")
    with zipfile.ZipFile(path) as z:
        assert "word/comments.xml" not in z.namelist()
        assert b"commentReference" not in z.read("word/document.xml")


def test_review_copy_is_valid_ooxml(review_copy):
    assert findings(review_copy[1]) == []


@pytest.mark.readers
def test_libreoffice_opens_the_review_copy(review_copy, tmp_path):
    pdf = soffice_pdf(review_copy[1], tmp_path)
    assert pdf.stat().st_size > 10_000
