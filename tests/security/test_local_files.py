"""Markdown images and links reach local files only inside the workspace, from templates and evidence alike."""

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


def png(path: Path) -> None:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "markdown,where",
    [
        ("See ![map](../../../etc/hostname) here.", "3:12"),
        ("See ![map](/etc/hostname) here.", "3:12"),
        ("See ![map](%2E%2E/%2E%2E/outside.png) here.", "3:12"),
        ("See [the file](../outside.png) here.", "3:16"),
        ("See [the file](/etc/passwd) here.", "3:16"),
        ("See [the file][ref] here.\n\n[ref]: /etc/passwd", "5:8"),
    ],
    ids=["image parent", "image absolute", "image encoded", "link parent", "link absolute", "reference link"],
)
def test_paths_leaving_the_workspace_are_errors(starter, run, tmp_path, markdown, where):
    png(tmp_path / "outside.png")
    before = built(run, starter)
    write(starter, SUMMARY, "Intro.\n\n" + markdown + "\n")
    fails_located(run, starter, before, f"{SUMMARY}:{where}: error:", CODE)


def test_a_symlink_leaving_the_workspace_is_an_error(starter, run, tmp_path):
    png(tmp_path / "outside.png")
    (starter / "images").mkdir()
    os.symlink(tmp_path / "outside.png", starter / "images/map.png")
    before = built(run, starter)
    write(starter, SUMMARY, "Intro.\n\n![map](images/map.png)\n")
    (_line,) = fails_located(run, starter, before, f"{SUMMARY}:3:8: error: image 'images/map.png'", CODE)


def test_an_evidence_body_is_located_in_its_own_file(starter, run):
    before = built(run, starter)
    item = starter / "evidence/pilot-training.md"
    text = item.read_text(encoding="utf-8").rstrip("\n") + "\n\n![leak](/etc/hostname)\n"
    item.write_text(text, encoding="utf-8")
    line = text.count("\n")
    fails_located(run, starter, before, f"evidence/pilot-training.md:{line}:9: error: image '/etc/hostname'", CODE)


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
    (docx,) = (tmp_path / "o").glob("*.docx")
    with zipfile.ZipFile(docx) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert media, "the image inside the workspace should be embedded"
