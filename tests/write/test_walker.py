"""How the walk styles runs: character styles for inline marks, toggles set directly only where no style says them."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn

from .test_docx_writer import NS, body, build, q

TOGGLES = ("b", "i", "strike")


def runs_by_text(data: bytes) -> dict[str, tuple[str | None, set[str]]]:
    """Run text -> (rStyle, the toggles set directly on it), for every text run of the body."""
    found = {}
    for r in body(data).iter(q("r")):
        text = "".join(t.text or "" for t in r.iter(q("t")))
        style = r.find("w:rPr/w:rStyle", NS)
        direct = {tag for tag in TOGGLES if r.find(f"w:rPr/w:{tag}", NS) is not None}
        found[text] = (style.get(q("val")) if style is not None else None, direct)
    return found


def test_strong_and_emphasis_in_plain_paragraphs_are_styles_alone():
    runs = runs_by_text(build("A **strong** and *soft* and ~~old~~ word.\n\n- **item**\n")[0])
    assert runs["strong"] == ("Strong", set())
    assert runs["soft"] == ("Emphasis", set())
    assert runs["old"] == ("Strikethrough", set())
    assert runs["item"] == ("Strong", set())


def test_both_marks_give_the_outer_style_and_the_other_toggle_directly():
    runs = runs_by_text(build("***both*** and ~~**struck strong**~~\n")[0])
    assert runs["both"] == ("Strong", {"i"})
    assert runs["struck strong"] == ("Strong", {"strike"})


def test_a_mark_its_paragraph_style_already_turns_on_is_set_directly():
    """Word flips a toggle at each style level: Strong in a bold heading would show as not bold."""
    runs = runs_by_text(
        build("## A **bold** heading\n\n##### An *italic* heading\n\n> Quoted *soft* and **hard**.\n")[0]
    )
    assert runs["bold"] == ("Strong", {"b"})
    assert runs["italic"] == ("Emphasis", {"i"})
    assert runs["soft"] == ("Emphasis", {"i"})  # Quote is italic
    assert runs["hard"] == ("Strong", set())


def test_italic_wanted_in_an_italic_paragraph_needs_nothing_more():
    runs = runs_by_text(build("> ***both***\n")[0])
    assert runs["both"] == ("Strong", set())  # italic from Quote, bold from Strong


def test_strong_in_a_header_row_is_set_directly_and_in_a_body_row_is_not():
    runs = runs_by_text(build("| **Head** | b |\n|---|---|\n| **Total** | 1 |\n")[0])
    assert runs["Head"] == ("Strong", {"b"})  # the table style's header row is bold already
    assert runs["Total"] == ("Strong", set())


def test_a_reference_whose_strong_is_not_bold_gets_bold_directly(tmp_path):
    reference = docx.Document()
    strong = reference.styles["Strong"].element
    rpr = strong.find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(strong.makeelement(qn("w:color"), {qn("w:val"): "C00000"}))
    path = tmp_path / "red-strong.docx"
    reference.save(str(path))
    runs = runs_by_text(build("A **strong** word.\n", reference_docx=path)[0])
    assert runs["strong"] == ("Strong", {"b"})
