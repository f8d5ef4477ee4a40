"""The styles a proposal is written with: which are defaults, their fonts, East Asian text."""

from __future__ import annotations

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from ..conftest import REPO
from .test_docx_writer import NS, build, part, q, reopen

DONOR_REFERENCES = sorted((REPO / "templates" / "styles").glob("*.docx"))


def defaults(styles) -> dict[str, list[str]]:
    """Style type -> the names of its styles marked w:default="1"."""
    found: dict[str, list[str]] = {}
    for style in styles.iterfind("w:style", NS):
        if style.get(q("default")) in ("1", "true", "on"):
            found.setdefault(style.get(q("type")), []).append(style.find("w:name", NS).get(q("val")))
    return found


def test_normal_is_the_default_paragraph_style():
    data, _ = build("Body.\n")
    marked = defaults(part(data, "word/styles.xml"))
    assert marked["paragraph"] == ["Normal"]
    assert marked["table"] == ["Normal Table"]
    assert marked["character"] == ["Default Paragraph Font"]
    assert reopen(data).styles.default(WD_STYLE_TYPE.PARAGRAPH).name == "Normal"


@pytest.mark.parametrize("path", DONOR_REFERENCES, ids=[p.stem for p in DONOR_REFERENCES])
def test_normal_is_the_default_in_each_donor_reference_and_its_variant(path):
    assert defaults(docx.Document(str(path)).styles.element)["paragraph"] == ["Normal"]
    data, _ = build("Body.\n", reference_docx=path)
    assert defaults(part(data, "word/styles.xml"))["paragraph"] == ["Normal"]


def test_a_reference_with_another_default_gets_normal_as_its_only_default(tmp_path):
    reference = docx.Document()
    styles = reference.styles.element
    for style in styles.iterfind("w:style", NS):
        style.attrib.pop(q("default"), None)
        if style.get(q("styleId")) == "BodyText":
            style.set(q("default"), "1")
    path = tmp_path / "odd.docx"
    reference.save(str(path))
    data, _ = build("Body.\n", reference_docx=path)
    marked = defaults(part(data, "word/styles.xml"))
    assert marked["paragraph"] == ["Normal"] and marked["table"] == ["Normal Table"]
