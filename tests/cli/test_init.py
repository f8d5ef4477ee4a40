"""`proposalkit init` makes a workspace that builds, and hand-added evidence reaches the document."""

from __future__ import annotations

import subprocess
import sys

import docx

from ..support import all_text, footnote_texts


def test_init_then_build(tmp_path, run):
    target = tmp_path / "x"
    assert run("init", target).code == 0
    result = run("build", "-w", target)
    assert result.code == 0, result.err
    (built,) = (target / "outputs").glob("*.docx")
    assert built.name == "skills-for-green-jobs-example-donor.docx"
    document = docx.Document(str(built))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Summary", "Evidence of results"]


def test_init_refuses_a_non_empty_folder(tmp_path, run):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    result = run("init", tmp_path / "x")
    assert result.code == 1 and "not empty" in result.err
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


def test_hand_added_evidence_is_cited_footnoted_and_annexed(starter, run):
    (starter / "evidence" / "survey-2025.md").write_text(
        "---\nkind: research-finding\ntitle: Employer survey on green skills\n"
        "source: Chamber of commerce survey report\ndate: 2025-10-01\nstatus: reviewed\n---\n"
        "Most employers surveyed plan to hire for green skills.\n",
        encoding="utf-8",
    )
    summary = starter / "templates/sections/summary.md.j2"
    summary.write_text(summary.read_text() + "\nEmployers want these skills [@survey-2025].\n", encoding="utf-8")
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
    (built,) = (starter / "outputs").glob("*.docx")
    document = docx.Document(str(built))
    # the note gives the source as written; the item's own date (when it was reviewed) is not the source's
    assert "Chamber of commerce survey report." in footnote_texts(built)
    assert not any("2025" in note for note in footnote_texts(built))
    listed = [p.text for p in document.paragraphs if p.style.name == "Bibliography"]
    assert "Chamber of commerce survey report." in listed
    assert "Employers want these skills" in all_text(document)


def test_help_does_not_import_pandas_or_docx():
    code = (
        "import sys\nfrom proposalkit.cli import cli\ntry:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pandas', 'docx', 'lxml', 'markdown_it', 'jinja2', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
