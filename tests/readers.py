"""Access to the real readers (Pandoc, LibreOffice): skip with a reason locally, required in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def need(program: str) -> str:
    """The program's path; when missing, skip (or fail where PROPOSALKIT_REQUIRE_READERS is set)."""
    found = shutil.which(program)
    if found:
        return found
    reason = f"{program} is not installed (.ci/run installs it from Debian's packages)"
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
