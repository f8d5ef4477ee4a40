"""Templates run sandboxed and strict; evidence bodies stay text."""

from pathlib import Path

from proposalkit.render.context import make_term


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text, encoding="utf-8")


def test_term_uses_donor_words_and_keeps_capitals():
    term = make_term({"outcome": "expected result"})
    assert term("outcome") == "expected result"
    assert term("Outcome") == "Expected result"
    assert term("output") == "output"


def test_internals_are_refused(starter, run):
    write(starter, "templates/sections/summary.md.j2", "{{ ''.__class__.__mro__ }}\n")
    result = run("check", "-w", starter)
    assert result.code == 1
    assert any("[template.sandbox]" in line or "[template.undefined]" in line for line in result.lines), result.lines


def test_templates_cannot_include_files_outside_templates(starter, run):
    write(starter, "templates/sections/summary.md.j2", "{% include '../evidence/pilot-training.md' %}\n")
    result = run("check", "-w", starter)
    assert result.code == 1
    assert any(line.startswith("templates/sections/summary.md.j2:1:1: error:") for line in result.lines), result.lines


def test_templates_cannot_change_evidence(starter, run):
    write(
        starter,
        "templates/sections/summary.md.j2",
        "{% set m = evidence['pilot-training'].metrics %}{{ m.update({'instructors': 99}) }}\n",
    )
    result = run("check", "-w", starter)
    assert result.code == 1
    assert any("[template.sandbox]" in line for line in result.lines), result.lines


def test_evidence_bodies_are_never_rendered(starter, run, tmp_path):
    item = starter / "evidence/pilot-training.md"
    item.write_text(item.read_text().replace("Twelve instructors", "Twelve {{ 6 * 7 }} instructors {% raw %}"))
    result = run("build", "-w", starter, "--format", "md", "--out", tmp_path / "o")
    assert result.code == 0, result.err
    (md,) = (tmp_path / "o").glob("*.md")
    assert "Twelve {{ 6 * 7 }} instructors {% raw %}" in md.read_text()
