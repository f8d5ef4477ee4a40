"""Annexes start a page of their own and sit outside a donor's whole-document page limit."""

from __future__ import annotations

import re

import docx
import pytest
from docx.oxml.ns import qn

from ..conftest import REPO
from ..support import need

LONG = "\n" + "An annex paragraph of many words for the page count. " * 900 + "\n"


def with_annex(root, max_pages: int) -> None:
    """The starter's donor with a whole-document limit and its `results` section moved into a long annex."""
    donor = root / "templates/donors/example-donor.yaml"
    text = donor.read_text(encoding="utf-8").replace(
        "  - id: results\n    title: Evidence of results\n    max_words: 800\n", ""
    )
    donor.write_text(
        text + f"max_pages: {max_pages}\nannexes:\n  - id: results\n    title: Evidence of results\n", encoding="utf-8"
    )
    results = root / "templates/sections/results.md.j2"
    results.write_text(results.read_text(encoding="utf-8") + LONG, encoding="utf-8")


def test_the_first_annex_starts_a_new_page(starter, run):
    with_annex(starter, 3)
    assert run("build", "-w", starter).code == 0
    (path,) = (starter / "outputs").glob("*.docx")
    headings = [p for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading 1")]
    breaks = {p.text: p._p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None for p in headings}
    # the body's first heading starts the page after the contents; the annex starts one of its own
    assert breaks == {"Summary": True, "Annex 1: Evidence of results": True}


def test_a_long_annex_does_not_count_against_the_estimated_limit(starter, run):
    with_annex(starter, 3)
    result = run("check", "-w", starter)
    assert result.code == 0, result.err
    # Without the annex rule the same content is over the limit.
    donor = starter / "templates/donors/example-donor.yaml"
    text = donor.read_text(encoding="utf-8").replace("annexes:\n  - id: results\n    title: Evidence of results\n", "")
    donor.write_text(
        text.replace("  - summary\n", "  - summary\n  - id: results\n    title: Evidence of results\n"),
        encoding="utf-8",
    )
    result = run("check", "-w", starter)
    assert result.code == 1
    assert any(
        re.search(r"the example-donor variant takes about [\d.]+ pages( before its annexes)? \(estimated\), over", line)
        for line in result.lines
    ), result.lines


def test_the_eu_concept_note_body_is_within_five_pages_with_its_annexes_after(run):
    result = run("check", "-w", REPO, "--donor", "eu")
    assert result.code == 0, result.err
    assert not [line for line in result.lines if "[limit.max-pages]" in line]


@pytest.mark.readers
def test_exact_pages_count_the_pages_before_the_annexes(starter, run):
    need("soffice")
    with_annex(starter, 3)
    result = run("check", "-w", starter, "--exact-pages")
    assert result.code == 0, (
        result.err
    )  # the annex runs to many pages; the body (cover, contents, summary) fits in three
    body = starter / "templates/sections/summary.md.j2"
    body.write_text(body.read_text(encoding="utf-8") + LONG, encoding="utf-8")
    result = run("check", "-w", starter, "--exact-pages")
    assert result.code == 1
    assert any(
        re.search(
            r"error: the example-donor variant has \d+ pages before its annexes in LibreOffice's PDF, "
            r"over the example-donor limit of 3",
            line,
        )
        for line in result.lines
    ), result.lines
