"""Markdown images embed local files only from inside the workspace, from templates and evidence alike; links
read no file, and one the document's reader cannot follow is a warning."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from ..support import built, fails_located, write

SUMMARY = "templates/sections/summary.md.j2"
CODE = "markdown.outside-workspace"
LINK_CODE = "markdown.link-outside-workspace"
SECRET = b"proposalkit-test-secret-7f3a"


def png(path: Path) -> None:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
        + chunk(b"IEND", b"")
        + SECRET
    )


def package_bytes(docx: Path) -> bytes:
    with zipfile.ZipFile(docx) as package:
        return b"".join(package.read(name) for name in package.namelist())


@pytest.mark.parametrize(
    "markdown,where",
    [
        ("See ![map](../outside.png) here.", "3:12"),
        ("See ![map]({outside}) here.", "3:12"),
        ("See ![map](%2E%2E/outside.png) here.", "3:12"),
        ('See ![map](<../outside.png> "A title") here.', "3:13"),
        ("See ![map][ref] here.\n\n[ref]: ../outside.png", "5:8"),
    ],
    ids=["parent", "absolute", "encoded", "angle brackets", "reference"],
)
def test_images_naming_files_outside_the_workspace_are_errors(starter, run, tmp_path, markdown, where):
    png(tmp_path / "outside.png")
    before = built(run, starter)
    write(starter, SUMMARY, "Intro.\n\n" + markdown.format(outside=tmp_path / "outside.png") + "\n")
    (line,) = fails_located(run, starter, before, f"{SUMMARY}:{where}: error: image '", CODE)
    assert "names a file outside the workspace" in line


def test_a_symlink_leaving_the_workspace_is_an_error(starter, run, tmp_path):
    png(tmp_path / "outside.png")
    (starter / "images").mkdir()
    os.symlink(tmp_path / "outside.png", starter / "images/map.png")
    before = built(run, starter)
    write(starter, SUMMARY, "Intro.\n\n![map](images/map.png)\n")
    fails_located(run, starter, before, f"{SUMMARY}:3:8: error: image 'images/map.png'", CODE)


def test_an_evidence_body_is_located_in_its_own_file(starter, run, tmp_path):
    png(tmp_path / "outside.png")
    before = built(run, starter)
    item = starter / "evidence/pilot-training.md"
    text = item.read_text(encoding="utf-8").rstrip("\n") + f"\n\n![leak]({tmp_path / 'outside.png'})\n"
    item.write_text(text, encoding="utf-8")
    line = text.count("\n")
    fails_located(run, starter, before, f"evidence/pilot-training.md:{line}:9: error: image '{tmp_path}", CODE)


@pytest.mark.parametrize("target", ["/no/such/map.png", "../missing.png", "{tmp}", "%00"])
def test_an_image_naming_no_file_embeds_nothing_and_is_not_refused(starter, run, tmp_path, target):
    """Nothing is read (no file, a folder, a path with a NUL byte), so nothing is refused: the writer writes
    the alt text, with its warning."""
    write(starter, SUMMARY, f"Intro.\n\n![Pilot map]({target.format(tmp=tmp_path)})\n")
    result = run("build", "-w", starter, "--out", tmp_path / "o")
    assert result.code == 0, result.err
    assert not [line for line in result.lines if CODE in line]
    assert any("its alt text is written instead [write.content]" in line for line in result.lines), result.lines
    (docx,) = (tmp_path / "o").glob("*.docx")
    assert b"Pilot map" in package_bytes(docx)


@pytest.mark.parametrize(
    "markdown,where,target",
    [
        ("See [the file](../outside.png) here.", "3:16", "../outside.png"),
        ("See [the file](/etc/passwd) here.", "3:16", "/etc/passwd"),
        ("See [the file][ref] here.\n\n[ref]: /etc/passwd", "5:8", "/etc/passwd"),
        ("See [the file](%2E%2E/outside.png) here.", "3:16", "%2E%2E/outside.png"),
        ("See [the file](images/out.png) here.", "3:16", "images/out.png"),
    ],
    ids=["parent", "absolute", "reference", "encoded", "symlink"],
)
def test_links_leaving_the_workspace_are_warnings_and_read_nothing(starter, run, tmp_path, markdown, where, target):
    png(tmp_path / "outside.png")
    (starter / "images").mkdir()
    os.symlink(tmp_path / "outside.png", starter / "images/out.png")
    write(starter, SUMMARY, "Intro.\n\n" + markdown + "\n")
    result = run("build", "-w", starter, "--out", tmp_path / "o")
    assert result.code == 0, result.err
    expected = (
        f"{SUMMARY}:{where}: warning: link '{target}' names a path outside the workspace, "
        f"which the document's reader will not have [{LINK_CODE}]"
    )
    assert [line for line in result.lines if LINK_CODE in line] == [expected]
    (docx,) = (tmp_path / "o").glob("*.docx")
    data = package_bytes(docx)
    assert SECRET not in data  # a link embeds nothing of the file it names
    with zipfile.ZipFile(docx) as package:
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
    assert f'Target="{target}" TargetMode="External"' in rels  # written as given, for the reader's Word


def test_check_reports_the_link_warning_too(starter, run):
    write(starter, SUMMARY, "Intro.\n\nSee [the file](/etc/passwd) here.\n")
    result = run("check", "-w", starter)
    assert any(line.startswith(f"{SUMMARY}:3:16: warning: link '/etc/passwd'") for line in result.lines), result.lines


def test_links_inside_the_workspace_urls_and_anchors_are_left_alone(starter, run, tmp_path):
    write(
        starter,
        SUMMARY,
        "Intro.\n\n[data](evidence/data/activities.csv), [not yet](annex/plan.pdf), [web](https://www.ilo.org),\n"
        "[mail](mailto:info@example.org), [here](#results), <https://example.org/x> and [odd](%00).\n",
    )
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
    assert not [line for line in result.lines if "markdown." in line], result.lines


def test_images_inside_the_workspace_are_embedded(starter, run, tmp_path):
    png(starter / "images/real.png")
    os.symlink(starter / "images/real.png", starter / "images/linked.png")
    write(
        starter,
        SUMMARY,
        "Intro.\n\n![one](images/real.png)\n\n![two](images/linked.png) and [web](https://www.ilo.org)\n",
    )
    result = run("build", "-w", starter, "--out", tmp_path / "o")
    assert result.code == 0, result.err
    assert not [line for line in result.lines if "markdown." in line], result.lines
    (docx,) = (tmp_path / "o").glob("*.docx")
    with zipfile.ZipFile(docx) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert media, "the image inside the workspace should be embedded"
