"""`review import`: a reviewed copy of the example read back onto the files that made it, and its patch."""

from __future__ import annotations

import shutil
import subprocess

import docx
import pytest

from ..conftest import REPO
from ..support import need, track_changes, write

NBSP = "\u00a0"
STEM = "green-jobs-china-2010-ilo"
MONITORING = REPO / "templates/sections/monitoring.md.j2"
OLD, NEW = "results which are not recorded", "results that nobody records"  # typed in the template's text


def phrase_at() -> tuple[int, int]:
    """The line and column where the template writes OLD."""
    for number, line in enumerate(MONITORING.read_text(encoding="utf-8").split("\n"), start=1):
        if OLD in line:
            return number, line.index(OLD) + 1
    raise AssertionError(f"{OLD!r} is not in {MONITORING.name} any more: pick another phrase")


@pytest.fixture
def reviewed(tmp_path, run):
    """The example built (ilo), commented with python-docx and edited with tracked changes as Word records them."""
    root = tmp_path / "ws"
    for name in ("templates", "evidence"):
        shutil.copytree(REPO / name, root / name)
    assert run("build", "-w", root, "--toc-pages", "estimate").code == 0
    built = root / "outputs" / f"{STEM}.docx"
    document = docx.Document(str(built))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("The pilots showed"))
    document.add_comment(paragraph.runs[0], text="Add the 2009 figures here.", author="Li Wei", initials="LW")
    commented = tmp_path / "commented.docx"
    document.save(str(commented))
    out = tmp_path / f"{STEM}.docx"  # the reviewer sends it back under the same name, elsewhere
    track_changes(
        commented,
        out,
        [
            (OLD, NEW),  # template text
            (f"After the May{NBSP}2008 earthquake", "After the 12 May 2008 earthquake"),  # an evidence body
            (personnel_total(built), "1,000,000"),  # a computed budget total
        ],
    )
    return root, out


def personnel_total(built) -> str:
    """The total of the budget table's first row (project personnel), as printed: a computed figure."""
    for table in docx.Document(str(built)).tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[0] == "Object class" and header[-1].startswith("Total"):
            return table.rows[1].cells[-1].text
    raise AssertionError("no budget table by object class")


def test_comments_and_changes_are_reported_where_they_were_written(reviewed, run, tmp_path):
    root, document = reviewed
    result = run("review", "import", document, "-w", root, "--patch", tmp_path / "review.diff")
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert any(
        line.startswith(
            "templates/sections/monitoring.md.j2:8:1: note: Li Wei: Add the 2009 figures here. on 'The pilots"
        )
        and line.endswith("[review.comment]")
        for line in lines
    ), lines
    # the column of the deleted words in the template's line, as the template writes them
    line, column = phrase_at()
    assert (
        f"templates/sections/monitoring.md.j2:{line}:{column}: note: Li Wei deleted '{OLD}' (2026-01-20) [review.change]"
        in lines
    )
    assert (
        "evidence/pilots/esiyb-sichuan.md:23:1: note: Li Wei deleted 'After the May 2008 earthquake' (2026-01-20) [review.change]"
        in lines
    )
    generated = [line for line in lines if "[review.generated]" in line]
    assert generated and all(line.startswith("evidence/data/budget.csv:") for line in generated), generated
    assert result.err.strip().endswith("2 changes to patch")


def test_the_patch_applies_and_the_rebuilt_document_says_what_the_reviewer_wrote(reviewed, run, tmp_path):
    git = need("git")
    root, document = reviewed
    patch = tmp_path / "review.diff"
    assert run("review", "import", document, "-w", root, "--patch", patch).code == 0
    text = patch.read_text(encoding="utf-8")
    assert "--- a/templates/sections/monitoring.md.j2" in text and "--- a/evidence/pilots/esiyb-sichuan.md" in text
    assert "budget" not in text  # generated text is never patched
    subprocess.run([git, "apply", "--check", str(patch)], cwd=root, check=True)
    subprocess.run([git, "apply", str(patch)], cwd=root, check=True)
    assert run("build", "-w", root, "--toc-pages", "estimate").code == 0
    rebuilt = "\n".join(p.text for p in docx.Document(str(root / "outputs" / f"{STEM}.docx")).paragraphs)
    assert f"that {NEW} when" in rebuilt
    assert f"After the 12{NBSP}May{NBSP}2008 earthquake" in rebuilt


def test_a_source_changed_since_the_build_is_said_so(reviewed, run):
    root, document = reviewed
    path = root / "evidence/pilots/esiyb-sichuan.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA paragraph added after the build.\n", encoding="utf-8")
    result = run("review", "import", document, "-w", root)
    assert "evidence/pilots/esiyb-sichuan.md:1:1: warning: evidence/pilots/esiyb-sichuan.md changed since" in result.err


def test_files_that_cannot_be_read_are_clear_errors(starter, run, tmp_path):
    text_file = write(tmp_path, "notes.docx", "not a zip")
    result = run("review", "import", text_file, "-w", starter)
    assert result.code == 1 and "cannot read notes.docx: it is not a Word document" in result.err
    assert "Traceback" not in result.err
    other = tmp_path / "other.docx"
    docx.Document().save(str(other))  # a Word file proposalkit did not build
    result = run("review", "import", other, "-w", starter)
    assert result.code == 1 and "does not say which variant it is: name it with --donor" in result.err
    foreign = tmp_path / "foreign.docx"
    document = docx.Document()
    document.core_properties.identifier = "another-proposal/ilo"
    document.save(str(foreign))
    result = run("review", "import", foreign, "-w", starter)
    assert result.code == 1 and "was built from another workspace" in result.err


def test_comments_on_text_no_source_made_are_kept_as_unmapped(starter, run, tmp_path):
    assert run("build", "-w", starter, "--toc-pages", "estimate").code == 0
    built = next((starter / "outputs").glob("*.docx"))
    document = docx.Document(str(built))
    paragraph = document.add_paragraph("A paragraph the reviewer wrote in Word.")
    document.add_comment(paragraph.runs[0], text="Is this ours?", author="Ana")
    reviewed = tmp_path / built.name
    document.save(str(reviewed))
    result = run("review", "import", reviewed, "-w", starter)
    assert result.code == 0
    assert (
        "warning: comment on a paragraph no source was found for ('A paragraph the reviewer wrote in Word.'): Ana: Is this ours?"
        in result.err
    )


LO_TRACK = REPO / "tests" / "review" / "lo_track.py"


def uno_python() -> str:
    """Debian's Python with LibreOffice's UNO bindings (python3-uno), which lo_track.py runs under."""
    python = shutil.which("python3", path="/usr/bin") or "/usr/bin/python3"
    probe = subprocess.run([python, "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        import os

        if os.environ.get("PROPOSALKIT_REQUIRE_READERS") == "1":
            pytest.fail("python3-uno is required in CI: LibreOffice's tracked edits are test inputs")
        pytest.skip("python3-uno is not installed")
    return python


@pytest.mark.readers
def test_a_document_libreoffice_edited_with_tracked_changes_reads_back(tmp_path, run):
    """The example built, then edited in LibreOffice through UNO: tracked changes in template text and in an
    evidence body, a comment, a changed budget total; the findings, the patch and the rebuilt document."""
    import json

    need("soffice")
    git = need("git")
    python = uno_python()
    root = tmp_path / "ws"
    for name in ("templates", "evidence"):
        shutil.copytree(REPO / name, root / name)
    assert run("build", "-w", root, "--toc-pages", "estimate").code == 0
    edits = [
        {"find": OLD, "replace": NEW, "author": "Li Wei"},
        {
            "find": f"After the May{NBSP}2008 earthquake",
            "replace": "After the 12 May 2008 earthquake",
            "author": "Ana Ruiz",
        },
        {"find": personnel_total(root / "outputs" / f"{STEM}.docx"), "replace": "1,000,000", "author": "Li Wei"},
        {"comment": "Add the 2009 figures here.", "on": "The pilots showed the ILO Office", "author": "Zhang Min"},
    ]
    spec = tmp_path / "edits.json"
    spec.write_text(json.dumps(edits, ensure_ascii=False), encoding="utf-8")
    reviewed = tmp_path / f"{STEM}.docx"
    done = subprocess.run(
        [python, str(LO_TRACK), str(root / "outputs" / f"{STEM}.docx"), str(reviewed), str(spec)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    patch = tmp_path / "review.diff"
    result = run("review", "import", reviewed, "-w", root, "--patch", patch)
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert any(
        line.startswith("templates/sections/monitoring.md.j2:8:1: note: Zhang Min: Add the 2009 figures here.")
        for line in lines
    ), lines
    line, column = phrase_at()
    assert f"templates/sections/monitoring.md.j2:{line}:{column}: note: Li Wei deleted '{OLD}'" in result.err
    assert "evidence/pilots/esiyb-sichuan.md:23:1: note: Ana Ruiz deleted 'After the May 2008 earthquake'" in result.err
    assert any(line.startswith("evidence/data/budget.csv:") and "[review.generated]" in line for line in lines), lines
    subprocess.run([git, "apply", "--check", str(patch)], cwd=root, check=True)
    subprocess.run([git, "apply", str(patch)], cwd=root, check=True)
    assert run("build", "-w", root, "--toc-pages", "estimate").code == 0
    rebuilt = "\n".join(p.text for p in docx.Document(str(root / "outputs" / f"{STEM}.docx")).paragraphs)
    assert f"that {NEW} when" in rebuilt and f"After the 12{NBSP}May{NBSP}2008 earthquake" in rebuilt


def test_a_comment_over_two_paragraphs_is_reported_at_the_first(starter, run, tmp_path):
    assert run("build", "-w", starter, "--toc-pages", "estimate").code == 0
    built = next((starter / "outputs").glob("*.docx"))
    document = docx.Document(str(built))
    paragraphs = [p for p in document.paragraphs if p.text.startswith(("Example Organisation asks", "The main"))]
    assert len(paragraphs) == 2
    document.add_comment([paragraphs[0].runs[0], paragraphs[1].runs[-1]], text="Both need figures.", author="Ana")
    reviewed = tmp_path / built.name
    document.save(str(reviewed))
    result = run("review", "import", reviewed, "-w", starter)
    assert result.code == 0, result.err
    found = [line for line in result.err.splitlines() if "[review.comment]" in line]
    assert len(found) == 1 and found[0].startswith(
        "templates/sections/summary.md.j2:1:1: note: Ana: Both need figures."
    )
