"""A cover that would overrun its page gives up the space above its title, so that it keeps to one page."""

from __future__ import annotations

import subprocess

import docx
import pytest

from ..support import need, soffice_pdf, write

FIELD = "A long value that a donor's cover asks for, written out in full so that it wraps over two lines"


def with_cover(starter, fields: int) -> None:
    donor = starter / "templates/donors/example-donor.yaml"
    lines = "".join(f'    - "Field {n}": "{FIELD} ({n})."\n' for n in range(1, fields + 1))
    write(
        starter,
        "templates/donors/example-donor.yaml",
        donor.read_text(encoding="utf-8") + f"cover:\n  fields:\n{lines}",
    )


def title_spacing(path) -> str | None:
    title = docx.Document(str(path)).paragraphs[0]
    assert title.style.name == "Title"
    spacing = title._p.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pPr/"
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}spacing"
    )
    return (
        None if spacing is None else spacing.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}before")
    )


def test_a_short_cover_keeps_its_style(starter, run, tmp_path):
    with_cover(starter, 2)
    assert run("build", "-w", starter, "--out", tmp_path, "--toc-pages", "estimate").code == 0
    assert title_spacing(next(tmp_path.glob("*.docx"))) is None


def test_a_long_cover_takes_the_space_above_its_title(starter, run, tmp_path):
    with_cover(starter, 11)
    assert run("build", "-w", starter, "--out", tmp_path, "--toc-pages", "estimate").code == 0
    before = title_spacing(next(tmp_path.glob("*.docx")))
    assert before is not None and int(before) < 2400


@pytest.mark.readers
def test_a_long_cover_is_one_page_in_libreoffice(starter, run, tmp_path):
    need("soffice")
    with_cover(starter, 11)
    result = run("build", "-w", starter, "--out", tmp_path, "--toc-pages", "estimate")
    assert result.code == 0 and "[layout.cover-overflow]" not in result.err
    pdf = soffice_pdf(next(tmp_path.glob("*.docx")), tmp_path / "pdf")
    first = subprocess.run([need("pdftotext"), "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True)
    assert "Field 11" in first.stdout and "(11)." in first.stdout


def test_a_cover_too_long_for_any_page_is_warned_at_its_first_field(starter, run, tmp_path):
    with_cover(starter, 24)
    result = run("check", "-w", starter)
    assert "templates/donors/example-donor.yaml:" in result.err and "[layout.cover-overflow]" in result.err
