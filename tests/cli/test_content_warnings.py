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


def test_deep_nesting_keeps_all_text(starter, run, tmp_path):
    summary = starter / "templates/sections/summary.md.j2"
    deep = "\n".join("  " * d + f"- level {d}" for d in range(12))
    summary.write_text(deep + "\n\nText after the list.\n", encoding="utf-8")
    result = run("build", "-w", starter, "--format", "md", "--out", tmp_path / "ok")
    assert result.code == 0, result.err
    assert not [line for line in result.lines if "[markdown.flattened]" in line]
    import docx  # the Word text keeps every level and what follows

    assert run("build", "-w", starter).code == 0
    (built,) = (starter / "outputs").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(str(built)).paragraphs)
    assert "level 11" in text and "Text after the list." in text

    too_deep = "\n".join("  " * d + f"- level {d}" for d in range(60))
    summary.write_text("Intro.\n\n" + too_deep + "\n\nKept?\n", encoding="utf-8")
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
    # Item 47's text is where the list passes the limit: the list starts on line 3 of the template.
    assert [line for line in result.lines if "[markdown.flattened]" in line] == [
        "templates/sections/summary.md.j2:50:1: warning: section 'summary': Markdown nested deeper than 100 "
        "levels (line 50 of its Markdown); what is nested deeper is kept as plain text [markdown.flattened]"
    ]
    text = "\n".join(p.text for p in docx.Document(str(built)).paragraphs)
    assert all(f"level {d}" in text for d in range(60)) and "Kept?" in text
