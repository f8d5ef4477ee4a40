"""Every example of the CommonMark spec through the Word writer.

Each example becomes a one-section Assembly; the .docx written for it must open in python-docx,
and the text of the section in Word must equal the example's visible text. The visible text is
what markdown-it's HTML renderer makes of the same Markdown with the project's parser (so GFM
tables, strikethrough and the `[@id]` citation rule are in force, exactly as the writer sees
them), with tags stripped, entities decoded and runs of whitespace collapsed. Two things differ
from a browser's view, because the writer shows them as text by design: raw HTML (blocks and
inline tags) counts as its literal source text, with a warning for each piece, and an image it
cannot embed counts as its alt text, or its address when the alt text is empty.

The examples come from tests/data/commonmark-spec.json (see tests/data/README.md).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML

from proposalkit.base.model import Assembly, ParsedSection, Position
from proposalkit.parse.commonmark import markdown_parser
from proposalkit.parse.markdown import parse_markdown
from proposalkit.write.document import write_docx

SPEC = json.loads((Path(__file__).parents[1] / "data" / "commonmark-spec.json").read_text(encoding="utf-8"))
EXAMPLES = SPEC["examples"]
SECTION_TITLE = "Spec example"
# Nothing exists here, so every image is "not a local file" and its alt text is written instead.
NO_FILES = Path(__file__).parent / "no-such-directory"

TAG = re.compile(r"<[^>]*>")
# HTML's ASCII whitespace; a no-break space (from &nbsp;) is visible text and stays.
WHITESPACE = re.compile(r"[ \t\n\r\f]+")

# Examples the writer gets wrong today, by example number; each reason names the cause.
KNOWN_WRITER_BUGS: dict[int, str] = {}


# The writer gives text curly quotes and dashes (Pandoc's `smart`); the spec's HTML keeps them straight.
PLAIN = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "--", "\u2014": "---", "\u2026": "..."}
)


def normalise(text: str) -> str:
    return WHITESPACE.sub(" ", text.translate(PLAIN)).strip()


class VisibleHTML(RendererHTML):
    """markdown-it's HTML renderer, with raw HTML and image alt text turned into escaped text."""

    def html_block(self, tokens, idx, options, env) -> str:
        return escapeHtml(tokens[idx].content)

    def text_special(self, tokens, idx, options, env) -> str:  # an escape, joined to the text around it
        return escapeHtml(tokens[idx].content)

    def html_inline(self, tokens, idx, options, env) -> str:
        return escapeHtml(tokens[idx].content)

    def image(self, tokens, idx, options, env) -> str:
        # The text the HTML renderer puts in the alt attribute; the writer, unable to embed the
        # image, writes that text instead, or the image's address when there is no alt text.
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children, options, env)
        return escapeHtml(alt or token.attrGet("src") or "")

    def citation(self, tokens, idx, options, env) -> str:
        raise AssertionError("a citation's text lands in a footnote; this harness does not model that")


def expected_text(markdown: str) -> str:
    """The visible text of `markdown` as markdown-it, configured as the project's parser, renders it."""
    md = markdown_parser()
    env: dict = {}
    rendered = VisibleHTML().render(md.parse(markdown, env), md.options, env)
    return normalise(html.unescape(TAG.sub("", rendered)))


def assembly(markdown: str) -> Assembly:
    section = ParsedSection("spec", SECTION_TITLE, parse_markdown(markdown), Position("sections/spec.md", 1))
    return Assembly(
        title="CommonMark",
        organisation="",
        donor_id="spec",
        donor_name="",
        date=dt.date(2019, 4, 6),
        sections=(section,),
        cited=(),
        annex=(),
        reference_docx=None,
        root=NO_FILES,
    )


def section_text(document) -> str:
    """The text of every body paragraph (table cells included) after the section's heading.

    Paragraph text is python-docx's: runs and hyperlink runs, w:br as a newline, w:tab as a tab.
    """
    paragraphs = [Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == SECTION_TITLE)
    return "\n".join(p.text for p in paragraphs[start + 1 :])


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def cases():
    for example in EXAMPLES:
        number = example["example"]
        marks = []
        if number in KNOWN_WRITER_BUGS:
            marks.append(pytest.mark.xfail(reason=KNOWN_WRITER_BUGS[number], strict=True))
        yield pytest.param(example, id=f"example-{number}-{slug(example['section'])}", marks=marks)


def test_the_data_is_the_whole_spec():
    assert SPEC["version"] and len(EXAMPLES) > 600
    assert [e["example"] for e in EXAMPLES] == list(range(1, len(EXAMPLES) + 1))
    assert all(e["markdown"].endswith("\n") and isinstance(e["html"], str) for e in EXAMPLES)
    assert all(e["section"] for e in EXAMPLES)


def test_the_harness_strips_and_decodes_as_intended():
    assert expected_text("*a* &amp; `<b>`\n\n- x\n- y\n") == "a & <b> x y"
    assert expected_text("<div>\n&amp; *raw*\n</div>\n\nx <span a='1'>y</span>\n") == (
        "<div> &amp; *raw* </div> x <span a='1'>y</span>"
    )
    assert expected_text('![alt *text*](/u "t")\n') == "alt text"
    assert expected_text("![](/u v)\n") == "![](/u v)"  # not an image: a space in the address
    assert expected_text("![](</u v>)\n") == "/u%20v"
    assert expected_text("a&nbsp;b\n") == "a\u00a0b"


def count_nodes(node, types: tuple[str, ...]) -> int:
    return (node.type in types) + sum(count_nodes(child, types) for child in node.children)


@pytest.mark.parametrize("example", list(cases()))
def test_commonmark_example_survives_the_writer(example):
    markdown = example["markdown"]
    book = assembly(markdown)
    warnings: list[tuple] = []
    data = write_docx(book, lambda *problem: warnings.append(problem))
    document = docx.Document(io.BytesIO(data))
    assert normalise(section_text(document)) == expected_text(markdown), f"markdown: {markdown!r}"
    # Raw HTML is written as text on purpose, but never silently.
    assert len(warnings) >= count_nodes(book.sections[0].tree, ("html_block", "html_inline"))
