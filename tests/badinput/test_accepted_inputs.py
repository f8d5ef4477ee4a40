"""Inputs that look odd but must build: byte order marks and CRLF line ends, control characters (removed
with a located warning), empty templates, very large and pathological files, all in reasonable time."""

from __future__ import annotations

import re
import time
import zipfile

import docx
import pytest

from proposalkit.load.source import CONTROL_CHARACTERS
from proposalkit.parse.commonmark import BLOCK_DEPTH

from .conftest import Case, apply_changes, edit, invoke, warning
from .test_bad_inputs import CSV, OK_FRONT, D, E, P, R, S, crlf, item

PILOT = OK_FRONT.replace("context", "pilot-result")
LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 10 + "\n\n"
CTRL = "control characters"
FLATTENED = "markdown.flattened"
NESTED_LIST = "\n".join("  " * depth + f"- level {depth}" for depth in range(500)) + "\n\nAfter the list.\n"

ACCEPTED = [
    Case(
        "control-characters-in-body",
        {E: item(PILOT, "First line.\nBad \x01 char\x0b here \x1b.\n")},
        (warning(E, 7, 5, "text.control-character"),),
        status=0,
    ),
    Case(
        "control-character-title-escape",
        {E: item('kind: context\ntitle: "Bell\\x07 title"\n')},
        (warning(E, 3, 8, "text.control-character"),),
        status=0,
    ),
    Case(
        "control-character-title-raw",
        {E: item("kind: pilot-result\ntitle: Bell\x07 title\n")},
        (warning(E, 3, 12, "text.control-character"),),
        status=0,
    ),
    Case(
        "control-character-template",
        {S: edit("which builds", "which\x02 builds")},
        (warning(S, 2, 6, "text.control-character"),),
        status=0,
    ),
    Case(
        "control-character-csv",
        {CSV: edit("Review meeting", "Review\x03 meeting")},
        (warning(CSV, 3, 7, "text.control-character"),),
        status=0,
    ),
    Case(
        "nul-bytes-in-body", {E: item(PILOT, "a\x00b\x00c\n")}, (warning(E, 6, 2, "text.control-character"),), status=0
    ),
    Case(
        "bom-crlf-everywhere",
        {
            P: lambda t: crlf(t).decode(),
            D: lambda t: crlf(t).decode(),
            S: lambda t: crlf(t).decode(),
            R: lambda t: crlf(t).decode(),
            CSV: lambda t: crlf(t).decode(),
            E: crlf(item(PILOT, "CRLF body.\n")),
        },
        (),
        status=0,
    ),
    Case("empty-template", {S: ""}, (warning(S, 1, 1, "template.empty"),), status=0),
    Case("csv-looks-like-yaml", {CSV: "---\nkind: context\ntitle: [unclosed\n"}, (), status=0),
    Case("markdown-50000-stars", {E: item(PILOT, "*" * 50_000 + "\n")}, (), status=0),
    # Nested past the parser's limit: all the text is kept, what is deeper as plain text, with one warning
    # where the nesting passes the limit (list item 47 of a list; the body starts on line 6).
    Case("nested-list-500", {E: item(PILOT, NESTED_LIST)}, (warning(E, 6 + 47, 1, FLATTENED),), status=0),
    Case("nested-quote-50000", {E: item(PILOT, ">" * 50_000 + " deep\n")}, (warning(E, 6, 1, FLATTENED),), status=0),
    Case("nested-bullets-50000", {E: item(PILOT, "* " * 50_000 + "x\n")}, (warning(E, 6, 1, FLATTENED),), status=0),
    Case(
        "nested-quote-list-50000", {E: item(PILOT, "> - " * 25_000 + "x\n")}, (warning(E, 6, 1, FLATTENED),), status=0
    ),
    Case(
        "nested-emphasis-50000",
        {E: item(PILOT, "Intro.\n" + "*" * 50_000 + "x" + "*" * 50_000 + "\n")},
        (warning(E, 7, 1, FLATTENED),),
        status=0,
    ),
    Case("markdown-50000-brackets", {E: item(PILOT, "[" * 50_000 + "\n")}, (), status=0),
    Case("markdown-25000-image-brackets", {E: item(PILOT, "![" * 25_000 + "\n")}, (), status=0),
    Case("markdown-50000-angles", {E: item(PILOT, "<" * 50_000 + "\n")}, (), status=0),
    Case("markdown-50000-underscores-backticks", {E: item(PILOT, "_`" * 25_000 + "\n")}, (), status=0),
    Case("markdown-50000-citation-openers", {E: item(PILOT, "[@" * 25_000 + "\n")}, (), status=0),
    Case(
        "csv-100000-rows-summarised",
        {
            CSV: "activity,start,end\n" + "".join(f"Task {i},2025-01-01,2025-02-01\n" for i in range(100_000)),
            R: "{{ tables.activities.head(3) | md_table }}\n\n{{ tables.activities | length | number }} activities.\n",
        },
        (),
        status=0,
    ),
    Case("evidence-10-mb-in-document", {E: item(PILOT, LOREM * 17_500)}, (), status=0, marks=(pytest.mark.slow,)),
    Case(
        "workspace-5000-items",
        {
            f"evidence/many/lesson-{i:04d}.md": item(
                f"kind: lesson-learned\ntitle: Lesson {i}\nsource: Records {i}\nstatus: reviewed\n", f"Lesson {i}.\n"
            )
            for i in range(5000)
        },
        (),
        status=0,
        marks=(pytest.mark.slow,),
    ),
]

SECONDS = {"evidence-10-mb-in-document": 60, "workspace-5000-items": 60}


@pytest.mark.parametrize("case", [c.param for c in ACCEPTED])
def test_accepted_input_builds(workspace, case: Case):
    apply_changes(workspace, case.changes)
    started = time.perf_counter()
    result = invoke("build", "-w", workspace)
    elapsed = time.perf_counter() - started
    assert result.code == 0, result.err
    assert "Traceback" not in result.err + result.out
    for expected in case.expect:
        assert any(expected.matches(line) for line in result.lines), (expected, result.lines)
    assert elapsed < SECONDS.get(case.id, 20), f"{case.id} took {elapsed:.1f} s"
    (path,) = (workspace / "outputs").glob("*.docx")
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert not CONTROL_CHARACTERS.search(text) and "\ufeff" not in text
    with zipfile.ZipFile(path) as package:
        assert not CONTROL_CHARACTERS.search(package.read("word/document.xml").decode("utf-8"))


def test_control_characters_removed_keep_the_text(workspace):
    apply_changes(workspace, {E: item('kind: pilot-result\ntitle: "Bell\\x07 title"\n', "Bad \x01 char here.\n")})
    assert invoke("build", "-w", workspace).code == 0
    (path,) = (workspace / "outputs").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Bell title" in text and "Bad  char here." in text


def test_bom_and_crlf_build_the_same_document(workspace, tmp_path):
    assert invoke("build", "-w", workspace).code == 0
    (path,) = (workspace / "outputs").glob("*.docx")
    plain = path.read_bytes()
    changes = {rel: (lambda t: crlf(t).decode()) for rel in (P, D, S, R, CSV)}
    apply_changes(workspace, changes)
    assert invoke("build", "-w", workspace).code == 0
    assert path.read_bytes() == plain


def test_text_nested_past_the_limit_is_all_in_the_document(workspace):
    """Nothing after the place the nesting passes the limit is lost: every item of a 500-level list, the
    rest of a 50,000-level quote (its marks as text) and what follows them are in the Word document."""
    quote = ">" * 50_000 + " deep end\n\nAfter the quote.\n"
    apply_changes(workspace, {E: item(PILOT, NESTED_LIST), "evidence/quote.md": item(PILOT, quote)})
    result = invoke("build", "-w", workspace)
    assert result.code == 0, result.err
    (path,) = (workspace / "outputs").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    found = [int(n) for n in re.findall(r"level (\d+)", text)]
    assert found == list(range(500))
    assert "After the list." in text and "After the quote." in text
    assert text.count(">") == 50_000 - BLOCK_DEPTH and "> deep end" in text  # the deeper quotes, as written
