"""Inputs that once ended in an internal error (exit 3): long names, far dates, corrupt images, malformed
reference documents, impossible targets, chart labels that read as mathematics. Each now either builds a
document that holds the text as written, or fails with located diagnostics (exit 1) that `check` reports too.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest

from proposalkit.charts.gantt import MAX_BARS

from ..support import all_text
from .conftest import invoke, snapshot

P = "templates/proposal.yaml"
D = "templates/donors/example-donor.yaml"
S = "templates/sections/summary.md.j2"
CSV = "evidence/data/activities.csv"
E = "evidence/pilot-training.md"
LONG_WORD = "Grünbeschäftigung" * 300  # 5,100 characters, no space to break at
LONG_TITLE = " ".join(f"word{n}" for n in range(1500))


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def built_document(root: Path):
    """Build `root`: exit 0, no traceback; check agrees there is no error; the one .docx reopened."""
    result = invoke("build", "-w", root)
    assert result.code == 0, result.err
    assert invoke("check", "-w", root).code == 0
    (path,) = sorted((root / "outputs").glob("*.docx"))
    return docx.Document(str(path)), path


def located(root: Path, where: str, code: str) -> list[str]:
    """Check and build both exit 1 with a diagnostic at `where` (path:line:col) ending in [code]; the
    earlier build's outputs are left as they were."""
    before = snapshot(root / "outputs")
    hits = []
    for command in ("check", "build"):
        result = invoke(command, "-w", root)
        assert result.code == 1, (command, result.err)
        assert "Traceback" not in result.err and "internal error" not in result.err
        found = [line for line in result.lines if line.startswith(f"{where}: error: ") and line.endswith(f"[{code}]")]
        assert found, (command, where, code, result.lines)
        hits += found
    assert snapshot(root / "outputs") == before
    return hits


# -- names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", [LONG_TITLE, LONG_WORD], ids=["words", "one-word"])
def test_a_long_proposal_title_organisation_and_donor_name_build_as_written(workspace, title):
    edit(workspace, P, "title: Skills for Green Jobs", f"title: {title}")
    edit(workspace, P, "organisation: Example Organisation", f"organisation: Org {LONG_WORD}")
    edit(workspace, D, "name: Example Foundation", f"name: Donor {LONG_WORD}")
    document, _ = built_document(workspace)
    text = all_text(document)
    assert title in text and f"Org {LONG_WORD}" in text and f"Donor {LONG_WORD}" in text
    core = document.core_properties
    assert len(core.title) == 255 and core.title.endswith("\u2026") and title.startswith(core.title[:-1].rstrip())


def test_long_section_and_evidence_titles_and_a_long_source_author_build_as_written(workspace):
    edit(workspace, P, "title: Summary", f"title: Summary {LONG_WORD}")
    edit(workspace, E, "title: ", f"title: {LONG_WORD} ")
    document, _ = built_document(workspace)
    text = all_text(document)
    assert f"Summary {LONG_WORD}" in text and LONG_WORD in text.replace(f"Summary {LONG_WORD}", "")


def test_a_long_evidence_file_name_builds(workspace):
    name = "p" * 240
    (workspace / E).rename(workspace / f"evidence/{name}.md")
    for rel in (S, "templates/sections/results.md.j2"):
        path = workspace / rel
        path.write_text(path.read_text(encoding="utf-8").replace("pilot-training", name), encoding="utf-8")
    document, _ = built_document(workspace)
    assert "Example Organisation" in all_text(document)


def test_a_slug_too_long_for_a_file_name_is_located(workspace):
    edit(workspace, P, "slug: skills-for-green-jobs", "slug: " + "s" * 300)
    (hit,) = set(located(workspace, f"{P}:3:7", "proposal.bad-id"))
    assert "300 characters" in hit


def test_a_title_without_a_slug_names_the_file_by_its_first_words(workspace):
    edit(workspace, P, "slug: skills-for-green-jobs\n", "")
    edit(workspace, P, "title: Skills for Green Jobs", f"title: {LONG_TITLE}")
    for earlier in (workspace / "outputs").iterdir():
        earlier.unlink()
    _, path = built_document(workspace)
    assert len(path.name.encode()) < 100 and path.name.startswith("word0-word1-")


# -- workplan dates ------------------------------------------------------------------------------------


def gantt(root: Path, rows: str) -> None:
    (root / CSV).write_text("activity,start,end\n" + rows, encoding="utf-8")
    append(root, S, "\n{{ gantt(tables.activities, title='Work plan') }}\n")


@pytest.mark.parametrize(
    "rows",
    [
        "Far future,9999-01-01,9999-12-31\n",
        "Far past,0001-01-01,0001-03-01\n",
        "All of time,0001-01-01,9999-12-31\nNow,2025-01-01,2025-06-30\n",
        "No dates,,\nOnly a start,2025-01-01,\nOnly an end,,2025-03-01\n",
        "No dates at all,,\n",
    ],
    ids=["year-9999", "year-1", "year-1-to-9999", "missing-dates", "no-dates"],
)
def test_workplans_of_far_or_missing_dates_build_with_their_chart(workspace, rows):
    gantt(workspace, rows)
    document, path = built_document(workspace)
    with zipfile.ZipFile(path) as package:
        svg = [n for n in package.namelist() if n.endswith(".svg")]
        assert len(svg) == 1
        drawn = package.read(svg[0]).decode("utf-8")
    for line in rows.splitlines():
        name, start, end = line.split(",")
        assert f"<!-- {name} -->" in drawn  # the chart's label
        assert all(day in all_text(document) for day in (start, end) if day)  # the workplan table


def test_a_start_after_the_end_is_located_at_its_end_cell(workspace):
    gantt(workspace, "Backwards,2025-05-01,2025-01-01\n")
    located(workspace, f"{CSV}:2:22", "table.end-before-start")  # the end date's column


def steps_chart(root: Path, count: int) -> int:
    """A chart of a table of `count` rows that no other template prints; the line of its gantt() call."""
    steps = "".join(f"Step {n},2025-01-01,2025-02-01\n" for n in range(count))
    (root / "evidence/data/steps.csv").write_text("activity,start,end\n" + steps, encoding="utf-8")
    line = len((root / S).read_text(encoding="utf-8").splitlines()) + 2  # after a blank line
    append(root, S, "\n{{ gantt(tables.steps, title='Steps') }}\n")
    return line


def test_a_chart_of_more_rows_than_it_may_draw_is_located_at_the_gantt_call(workspace):
    line = steps_chart(workspace, MAX_BARS + 1)
    hits = located(workspace, f"{S}:{line}:1", "template.chart-too-large")
    assert all(f"{MAX_BARS + 1:,} rows, more than the {MAX_BARS} a chart may draw" in hit for hit in hits), hits


def test_a_chart_of_as_many_rows_as_it_may_draw_builds(workspace):
    steps_chart(workspace, MAX_BARS)
    _document, path = built_document(workspace)
    with zipfile.ZipFile(path) as package:
        (svg,) = [n for n in package.namelist() if n.endswith(".svg")]
        drawn = package.read(svg).decode("utf-8")
    assert all(f"<!-- Step {n} -->" in drawn for n in range(MAX_BARS))


# -- chart labels --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["Cost $5 each", "$x$ and $y$", r"$\frac{$", r"a\b \alpha", "x^2 a_b $^$ $_$", "$$", "<b> & $"],
)
def test_chart_labels_print_literally(workspace, label):
    quoted = '"' + label.replace('"', '""') + '"'
    (workspace / CSV).write_text(f"activity,start,end,component\n{quoted},2025-01-01,2025-02-01,{quoted}\n")
    append(workspace, S, "\n{{ gantt(tables.activities, title='Plan', group='component') }}\n")
    _, path = built_document(workspace)
    with zipfile.ZipFile(path) as package:
        (svg,) = [package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".svg")]
    # The SVG draws text as glyph outlines, each label's text kept in a comment beside it (XML-escaped).
    assert f"<!-- {escape(label)} -->" in svg


# -- images --------------------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int, pixels: bool = True) -> bytes:
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    data = _chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1) * min(height, 4))) if pixels else b""
    return b"\x89PNG\r\n\x1a\n" + header + data + _chunk(b"IEND", b"")


GOOD_PNG = png(4, 4)
IMAGES = {
    "truncated-png": ("map.png", GOOD_PNG[:40], "its header is damaged or cut short"),
    "text-named-png": ("map.png", b"a text file, not a picture\n", "not an image format Word can embed"),
    "zero-byte": ("map.png", b"", "the file is empty"),
    "svg-not-xml": ("map.svg", b"<svg><unclosed", "not an image format Word can embed"),
    "huge-dimensions": ("map.png", png(100_000, 100_000), "100,000 x 100,000 pixels"),
    "zero-dimensions": ("map.png", png(0, 0, pixels=False), "it has no pixels"),
    "truncated-gif": ("map.gif", b"GIF89a\x01", "its header is damaged or cut short"),
    "damaged-data": ("map.png", GOOD_PNG[:-20] + b"\x00" * 8 + GOOD_PNG[-12:], "damaged or cut short"),
}


@pytest.mark.parametrize("case", list(IMAGES))
def test_a_corrupt_image_is_a_located_warning_and_its_alt_text(workspace, case):
    name, data, reason = IMAGES[case]
    (workspace / "evidence" / name).write_bytes(data)
    append(workspace, S, f"\nSee ![The district map](evidence/{name}).\n")
    where = f"{S}:9:25: warning: image 'evidence/{name}' could not be read ("
    for command in ("check", "build"):
        result = invoke(command, "-w", workspace)
        assert result.code == 0, result.err
        (hit,) = [line for line in result.lines if line.startswith(where)]
        assert reason in hit and hit.endswith("[write.content]"), hit
    (path,) = (workspace / "outputs").glob("*.docx")
    assert "See The district map." in all_text(docx.Document(str(path)))
    with zipfile.ZipFile(path) as package:
        assert not [n for n in package.namelist() if n.startswith("word/media/")]


def test_a_good_image_still_embeds(workspace):
    (workspace / "evidence/map.png").write_bytes(GOOD_PNG)
    append(workspace, S, "\nSee ![The district map](evidence/map.png).\n")
    _, path = built_document(workspace)
    with zipfile.ZipFile(path) as package:
        assert [n for n in package.namelist() if n.startswith("word/media/")]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("map%00.png", "holds a NUL byte"),
        ("a" * 300 + ".png", "304 bytes, over the 255"),
        ("%41" * 300 + ".png", "304 bytes, over the 255"),
        ("/".join(["b" * 200] * 30) + ".png", "is not a local file"),
    ],
    ids=["nul", "long-name", "long-escaped-name", "long-path"],
)
def test_impossible_image_targets_are_located_warnings(workspace, target, reason):
    append(workspace, S, f"\n![Map]({target})\n\n[a link]({target.replace('.png', '.pdf')})\n")
    for command in ("check", "build"):
        result = invoke(command, "-w", workspace)
        assert result.code == 0, result.err
        hits = [line for line in result.lines if line.startswith(f"{S}:9:") and f"image '{target}'" in line]
        assert len(hits) == 1 and reason in hits[0] and hits[0].endswith("[write.content]"), result.lines


# -- reference documents -------------------------------------------------------------------------------


def _docx_parts() -> dict[str, bytes]:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {name: package.read(name) for name in package.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _changed(**parts: bytes | None) -> bytes:
    whole = _docx_parts()
    for name, data in parts.items():
        name = {"ct": "[Content_Types].xml", "rels": "_rels/.rels"}.get(name, name.replace("__", "/") + ".xml")
        if data is None:
            whole.pop(name)
        else:
            whole[name] = data
    return _zip(whole)


def _bad_checksum() -> bytes:
    data = bytearray(_zip(_docx_parts()))
    at = data.find(b"word/styles.xml") + len("word/styles.xml") + 20
    data[at] ^= 0xFF
    return bytes(data)


def _document(body: bytes, entities: bytes | None = None) -> bytes:
    """A main document part holding `body`, after a DOCTYPE declaring `entities` when they are given."""
    doctype = b"<!DOCTYPE w:document [" + entities + b"]>" if entities is not None else b""
    return (
        doctype
        + b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + body
        + b"</w:document>"
    )


_TEXT_X = b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p><w:sectPr/></w:body>"  # a good body citing entity x

REFERENCES = {
    "not-a-zip": (b"plain text", "is not a Word (.docx) file"),
    "zip-not-docx": (_zip({"a.txt": b"hello"}), "lacks"),
    "no-styles": (_changed(word__styles=None), "lacks word/styles.xml"),
    "styles-broken": (_changed(word__styles=b"<w:styles><broken"), "'word/styles.xml' that is not well-formed"),
    "document-broken": (_changed(word__document=b"<w:document"), "'word/document.xml' that is not well-formed"),
    "content-types-broken": (_changed(ct=b"<Types"), "'[Content_Types].xml' that is not well-formed"),
    "relationships-missing": (_changed(rels=None), "no package relationship"),
    "theme-broken": (_changed(word__theme__theme1=b"<x"), "'word/theme/theme1.xml' that is not well-formed"),
    "styles-not-styles": (_changed(word__styles=b"<a/>"), "not Word styles"),
    "no-body": (
        _changed(
            word__document=b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
        ),
        "not a Word document with a body",
    ),
    "bad-checksum": (_bad_checksum(), "damaged zip entry 'word/styles.xml'"),
    "no-section": (_changed(word__document=_document(b"<w:body><w:p/></w:body>")), "no section properties (w:sectPr)"),
    "external-entity": (
        _changed(word__document=_document(_TEXT_X, b'<!ENTITY x SYSTEM "file:///etc/passwd">')),
        "'word/document.xml' with a document type declaration",
    ),
    "internal-entity": (
        _changed(word__document=_document(_TEXT_X, b'<!ENTITY x "hello">')),
        "'word/document.xml' with a document type declaration",
    ),
    "doctype-in-styles": (
        _changed(word__styles=b"<!DOCTYPE w:styles>" + _docx_parts()["word/styles.xml"].split(b"?>", 1)[1]),
        "'word/styles.xml' with a document type declaration",
    ),
}


@pytest.mark.parametrize("case", list(REFERENCES))
def test_a_malformed_reference_document_is_located_at_reference_docx(workspace, case):
    data, reason = REFERENCES[case]
    (workspace / "templates/reference.docx").write_bytes(data)
    append(workspace, D, "reference_docx: reference.docx\n")
    hits = located(workspace, f"{D}:11:17", "donor.bad-reference")
    assert all(reason in hit for hit in hits), hits
