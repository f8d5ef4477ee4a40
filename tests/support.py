"""Helpers the tests share: reading built documents back, the real readers (Pandoc, LibreOffice) that skip
with a reason locally and are required in CI, and workspace files and output snapshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

# -- built documents read back -------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def all_text(document) -> str:
    """Body paragraphs and table cells, one a line."""
    body = document.element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in body.iter(f"{{{W}}}p"))


def footnote_texts(path: Path) -> list[str]:
    """The text of each real footnote (separators left out)."""
    with zipfile.ZipFile(path) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return []
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    notes = []
    for note in root.findall("w:footnote", NS):
        if note.get(f"{{{W}}}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        notes.append("".join(t.text or "" for t in note.iter(f"{{{W}}}t")).strip())
    return notes


# -- the real readers ----------------------------------------------------------------------------------


def need(program: str) -> str:
    """The program's path; when missing, skip (or fail where PROPOSALKIT_REQUIRE_READERS is set)."""
    found = shutil.which(program)
    if found:
        return found
    reason = f"{program} is not installed (.ci/run installs it from Debian's packages)"
    if os.environ.get("PROPOSALKIT_REQUIRE_READERS"):
        pytest.fail(reason)
    pytest.skip(reason)


def need_font(family: str) -> None:
    """Skip (or fail where PROPOSALKIT_REQUIRE_READERS is set) unless matplotlib's font list holds `family`;
    .ci/run installs the metric-compatible faces (Carlito, Liberation) the readers also render with."""
    from matplotlib import font_manager

    if any(entry.name == family for entry in font_manager.fontManager.ttflist):
        return
    reason = f"the font {family} is not installed (.ci/run installs it from Debian's packages)"
    if os.environ.get("PROPOSALKIT_REQUIRE_READERS"):
        pytest.fail(reason)
    pytest.skip(reason)


def pandoc_text(docx: Path, to: str = "plain") -> str:
    """The document as Pandoc reads it."""
    result = subprocess.run(
        [need("pandoc"), "-f", "docx", "-t", to, "--wrap=none", str(docx)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def soffice_pdf(docx: Path, outdir: Path) -> Path:
    """The document converted to PDF by LibreOffice headless."""
    profile = outdir / "lo-profile"
    result = subprocess.run(
        [
            need("soffice"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = outdir / (docx.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stdout + result.stderr
    return pdf


# -- workspaces and their outputs ------------------------------------------------------------------------


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def built(run, root: Path) -> dict[str, bytes]:
    """A first, good build of `root`; its outputs, which a failed build must leave as they are."""
    result = run("build", "-w", root)
    assert result.code == 0, result.err
    outputs = snapshot(root / "outputs")
    assert outputs
    return outputs


def fails_located(run, root: Path, before: dict[str, bytes], prefix: str, code: str) -> list[str]:
    """Build again: exit 1, a diagnostic starting with `prefix` and ending with `[code]`, outputs unchanged."""
    result = run("build", "-w", root)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    hits = [line for line in result.lines if line.startswith(prefix) and line.endswith(f"[{code}]")]
    assert hits, (prefix, code, result.lines)
    assert snapshot(root / "outputs") == before
    return hits
