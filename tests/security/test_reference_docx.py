"""A donor's reference .docx is vetted from its zip central directory before anything opens it."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from proposalkit.load.donors import REFERENCE_MAX_BYTES, REFERENCE_MAX_ENTRIES

from ..support import built, fails_located

REPO = Path(__file__).resolve().parents[2]
DONOR = "templates/donors/example-donor.yaml"


def use_reference(root: Path, rel: str) -> str:
    """Point the example donor at `rel` (relative to templates/); the diagnostic prefix of that line."""
    donor = root / DONOR
    lines = donor.read_text(encoding="utf-8").rstrip("\n").split("\n") + [f"reference_docx: {rel}"]
    donor.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"{DONOR}:{len(lines)}:17: error: reference document"


def word_parts(package: zipfile.ZipFile) -> None:
    """The three parts a reference document must have, tiny."""
    for name in ("[Content_Types].xml", "word/document.xml", "word/styles.xml"):
        package.writestr(name, "<x/>")


def zip_bomb(path: Path, declared: int) -> None:
    """A few KB on disk whose one entry declares `declared` bytes of zeros, written without holding them."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        word_parts(package)
        info = zipfile.ZipInfo("word/media/zeros.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        chunk = bytes(1024 * 1024)
        with package.open(info, "w", force_zip64=True) as entry:
            for _ in range(declared // len(chunk)):
                entry.write(chunk)


@pytest.fixture
def styles(starter) -> Path:
    folder = starter / "templates/styles"
    folder.mkdir(exist_ok=True)
    return folder


def test_a_zip_bomb_is_refused_without_being_opened(starter, run, styles):
    before = built(run, starter)
    zip_bomb(styles / "bomb.docx", REFERENCE_MAX_BYTES + 10 * 1024 * 1024)
    assert (styles / "bomb.docx").stat().st_size < 200_000
    prefix = use_reference(starter, "styles/bomb.docx")
    started = time.monotonic()
    (line,) = fails_located(run, starter, before, prefix, "donor.bad-reference")
    assert time.monotonic() - started < 20
    assert "would unpack to more than 50 MB" in line and "word/media/zeros.bin" in line


def test_a_highly_compressed_entry_is_refused(starter, run, styles):
    before = built(run, starter)
    zip_bomb(styles / "ratio.docx", 4 * 1024 * 1024)
    (line,) = fails_located(run, starter, before, use_reference(starter, "styles/ratio.docx"), "donor.bad-reference")
    assert "to 1, over the limit of 100 to 1" in line


def test_too_many_entries_are_refused(starter, run, styles):
    before = built(run, starter)
    with zipfile.ZipFile(styles / "many.docx", "w") as package:
        word_parts(package)
        for n in range(REFERENCE_MAX_ENTRIES):
            package.writestr(f"word/media/{n}.txt", "")
    (line,) = fails_located(run, starter, before, use_reference(starter, "styles/many.docx"), "donor.bad-reference")
    assert f"{REFERENCE_MAX_ENTRIES + 3:,} zip entries" in line


@pytest.mark.parametrize(
    "content", [b"not a zip at all", b"PK\x03\x04 truncated", b""], ids=["text", "truncated", "empty"]
)
def test_a_file_that_is_not_a_zip_is_refused(starter, run, styles, content):
    before = built(run, starter)
    (styles / "fake.docx").write_bytes(content)
    (line,) = fails_located(run, starter, before, use_reference(starter, "styles/fake.docx"), "donor.bad-reference")
    assert "is not a Word (.docx) file" in line


def test_a_reference_outside_templates_is_refused(starter, run, styles, tmp_path):
    outside = tmp_path / "outside.docx"
    shutil.copy(REPO / "templates/styles/eu.docx", outside)
    before = built(run, starter)
    os.symlink(outside, styles / "linked.docx")
    fails_located(run, starter, before, use_reference(starter, "styles/linked.docx"), "donor.bad-reference")
    donor = starter / DONOR
    donor.write_text(
        donor.read_text(encoding="utf-8").replace("styles/linked.docx", "../../outside.docx"), encoding="utf-8"
    )
    fails_located(run, starter, before, f"{DONOR}:", "donor.bad-reference")


def test_a_real_reference_document_still_builds(starter, run, styles):
    shutil.copy(REPO / "templates/styles/eu.docx", styles / "eu.docx")
    use_reference(starter, "styles/eu.docx")
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
