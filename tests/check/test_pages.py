"""Page set-up read from reference documents, and the page estimate's behaviour."""

from __future__ import annotations

import dataclasses

import pytest

from proposalkit.check.pages import estimate_pages, text_ems
from proposalkit.check.pagesetup import page_setup
from proposalkit.pipeline import run

from ..conftest import REPO

CM = 72 / 2.54


def test_eu_reference_document_is_a4_arial_10_with_2cm_margins():
    setup = page_setup(REPO / "templates/styles/eu.docx")
    assert setup.width == pytest.approx(21 * CM, abs=1) and setup.height == pytest.approx(29.7 * CM, abs=1)
    for margin in (setup.left, setup.right, setup.top, setup.bottom):
        assert margin == pytest.approx(2 * CM, abs=0.5)
    assert setup.style("body text").size == 10
    assert setup.style("table text").size >= 10
    import zipfile

    with zipfile.ZipFile(REPO / "templates/styles/eu.docx") as archive:
        styles = archive.read("word/styles.xml").decode()
    assert 'w:ascii="Arial"' in styles


def test_default_page_setup_is_a4_with_2_5cm_margins():
    setup = page_setup(None)
    assert setup.width == pytest.approx(21 * CM, abs=1)
    assert setup.left == pytest.approx(2.5 * CM, abs=0.5)


def test_cjk_characters_are_wider():
    assert text_ems("绿色就业") == 4
    assert text_ems("green") < 4


@pytest.fixture(scope="module")
def assemblies():
    diags, _, found = run(REPO, (), True)
    assert not diags.has_errors, diags.lines()
    return {a.donor_id: a for a in found}


def test_estimate_follows_page_setup_and_front_matter(assemblies):
    eu = assemblies["eu"]
    estimate = estimate_pages(eu)
    assert [sid for sid, _ in estimate.sections] == [s.id for s in eu.sections]
    # Each section of the note has a one-page limit, and the whole note, which carries no annexes at the
    # concept-note stage, five.
    assert estimate.body is None and estimate.before_annexes == estimate.total <= 5
    assert all(
        pages <= 1
        for sid, pages in estimate.sections
        if sid in ("eu-summary", "eu-relevance", "eu-methodology", "eu-capacity")
    )
    with_front = estimate_pages(dataclasses.replace(eu, toc=True, cover_page_break=True))
    assert with_front.total >= estimate.total + 1.5  # a cover page and a contents page
    house = estimate_pages(dataclasses.replace(eu, reference_docx=None))  # 11 pt, 2.5 cm margins
    assert house.total > estimate.total


def test_full_variants_are_estimated_far_longer(assemblies):
    assert estimate_pages(assemblies["ilo"]).total > 20 > 5 >= estimate_pages(assemblies["eu"]).before_annexes
