"""Writer warnings point at the template or evidence line that holds the text at fault."""


def test_raw_html_in_template_and_evidence_is_located(starter, run):
    summary = starter / "templates/sections/summary.md.j2"
    summary.write_text(summary.read_text() + "\nA line with <span>inline html</span>.\n", encoding="utf-8")
    item = starter / "evidence/pilot-training.md"
    item.write_text(item.read_text() + "\n<div>block html</div>\n", encoding="utf-8")
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
    assert any(
        line.startswith("templates/sections/summary.md.j2:9:13: warning: raw HTML '<span>'") for line in result.lines
    ), result.lines
    assert any(line.startswith("evidence/pilot-training.md:14:1: warning: raw HTML block") for line in result.lines), (
        result.lines
    )


def test_deep_nesting_keeps_all_text_or_is_refused(starter, run, tmp_path):
    summary = starter / "templates/sections/summary.md.j2"
    deep = "\n".join("  " * d + f"- level {d}" for d in range(12))
    summary.write_text(deep + "\n\nText after the list.\n", encoding="utf-8")
    result = run("build", "-w", starter, "--format", "md", "--out", tmp_path / "ok")
    assert result.code == 0, result.err
    import docx  # the Word text keeps every level and what follows

    assert run("build", "-w", starter).code == 0
    (built,) = (starter / "outputs").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(str(built)).paragraphs)
    assert "level 11" in text and "Text after the list." in text

    too_deep = "\n".join("  " * d + f"- level {d}" for d in range(60))
    summary.write_text("Intro.\n\n" + too_deep + "\n\nLost?\n", encoding="utf-8")
    result = run("build", "-w", starter)
    assert result.code == 1
    assert any(
        "[markdown.too-deep]" in line and line.startswith("templates/sections/summary.md.j2:") for line in result.lines
    ), result.lines
