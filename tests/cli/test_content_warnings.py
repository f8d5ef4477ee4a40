"""Writer warnings point at the template or evidence line that holds the text at fault."""


def test_raw_html_in_template_and_evidence_is_located(starter, run):
    summary = starter / "templates/sections/summary.md.j2"
    summary.write_text(summary.read_text() + "\nA line with <span>inline html</span>.\n", encoding="utf-8")
    item = starter / "evidence/pilot-training.md"
    item.write_text(item.read_text() + "\n<div>block html</div>\n", encoding="utf-8")
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
    assert any(line.startswith("templates/sections/summary.md.j2:9:13: warning: raw HTML '<span>'")
               for line in result.lines), result.lines
    assert any(line.startswith("evidence/pilot-training.md:14:1: warning: raw HTML block") for line in result.lines), result.lines
