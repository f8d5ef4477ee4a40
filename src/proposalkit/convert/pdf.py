"""PDF from .docx with LibreOffice headless, one private profile per conversion, and PDF page counts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..base.errors import ConverterMissing

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT = 300  # seconds


class ConversionFailed(Exception):
    """LibreOffice ran but produced no PDF."""


def find_soffice() -> str:
    """The path of LibreOffice's soffice, or ConverterMissing naming it."""
    override = os.environ.get("PROPOSALKIT_SOFFICE")
    candidates = (override,) if override else SOFFICE_NAMES
    for name in candidates:
        found = shutil.which(name)
        if found:
            return found
    raise ConverterMissing(
        "LibreOffice's 'soffice' program was not found on PATH: install LibreOffice "
        "(Debian: apt-get install libreoffice-writer-nogui) to convert to PDF or count exact pages"
    )


def docx_to_pdf(docx: bytes, name: str) -> bytes:
    """The PDF LibreOffice makes of `docx`, converted in a temporary folder with its own user profile,
    so conversions running in parallel never share (and lock) one profile."""
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="proposalkit-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / f"{name}.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        try:
            result = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder / "out"),
                    str(source),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice did not finish converting {name}.docx within {TIMEOUT} s") from None
        pdf = folder / "out" / f"{name}.pdf"
        if result.returncode != 0 or not pdf.is_file():
            detail = " ".join((result.stderr or result.stdout or "").split())[:300]
            raise ConversionFailed(
                f"LibreOffice could not convert {name}.docx to PDF"
                f" (exit {result.returncode}){': ' + detail if detail else ''}"
            )
        return pdf.read_bytes()


_PAGES_NODE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", re.S)
_COUNT_FIRST = re.compile(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", re.S)
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


def pdf_pages(pdf: bytes) -> int:
    """The pages of a PDF: the largest page-tree /Count (the root's), else the number of page objects."""
    counts = [int(m.group(1)) for m in _PAGES_NODE.finditer(pdf)] + [
        int(m.group(1)) for m in _COUNT_FIRST.finditer(pdf)
    ]
    return max(counts) if counts else len(_PAGE.findall(pdf))
