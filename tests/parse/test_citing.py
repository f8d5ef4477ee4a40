"""Citation styles on a workspace with repeated, multiple and line-initial citations: notes (full then short,
"Ibid." when asked) and author-date with a reference list; structured sources with their own dates."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from ..support import footnote_texts as footnotes_as_written
from ..support import write


def footnote_texts(path: Path) -> list[str]:
    """The footnotes, a date's no-break spaces read as spaces."""
    return [text.replace("\u00a0", " ") for text in footnotes_as_written(path)]


REPORT = """---
kind: research-finding
title: Survey of green skills in firms
sources:
  - title: "Green Skills in Small Firms: A Survey of Three Provinces"
    author: Institute of Labour Studies
    publisher: Ministry of Labour
    date: 2009-03-15
    number: Working paper 12
    url: https://example.org/wp12
date: 2009-11-30
status: reviewed
---
Most firms surveyed lacked staff trained in energy saving.
"""
TWO = """---
kind: context
title: Policy background
sources:
  - id: plan
    title: Eleventh Five-Year Plan
    author: State Council
    date: March 2006
  - id: report
    title: "Green Jobs: Towards Decent Work"
    author: UNEP
    date: September 2008
date: 2009-11-30
status: reviewed
---
The plan set energy targets.
"""
SAME = """---
kind: lesson-learned
title: Lesson drawn from the same survey
sources:
  - title: "Green Skills in Small Firms: A Survey of Three Provinces"
    author: Institute of Labour Studies
    publisher: Ministry of Labour
    date: 2009-03-15
date: 2009-11-30
status: reviewed
---
Training is needed.
"""
SECTION = """Firms lack skills [@report, p. 4]. They still do
[@report, p. 5].

Policy changed [@two/plan] and so did the research [@two/report; @same].

Again the survey [@report].
"""


def workspace(root: Path, style: str) -> None:
    write(root, "evidence/report.md", REPORT)
    write(root, "evidence/two.md", TWO)
    write(root, "evidence/same.md", SAME)
    write(root, "templates/sections/summary.md.j2", SECTION)
    write(
        root,
        "templates/donors/example-donor.yaml",
        f"name: Example Foundation\nsections: [summary]\ncitation_style: {style}\n",
    )


def built(run, root: Path) -> Path:
    result = run("build", "-w", root)
    assert result.code == 0, result.err
    assert not [line for line in result.lines if "error" in line], result.lines
    (path,) = (root / "outputs").glob("*.docx")
    return path


def body_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def sources_list(path: Path) -> list[str]:
    return [
        p.text.replace("\u00a0", " ") for p in docx.Document(str(path)).paragraphs if p.style.name == "Bibliography"
    ]


def test_notes_give_a_source_in_full_once_then_short(starter, run):
    workspace(starter, "notes")
    path = built(run, starter)
    notes = footnote_texts(path)
    assert "15\u00a0March\u00a02009" in footnotes_as_written(path)[0]  # a date never breaks over lines
    full = (
        "Institute of Labour Studies, Green Skills in Small Firms: A Survey of Three Provinces, Ministry of Labour, "
        "Working paper 12, 15 March 2009"
    )
    assert notes[0] == full + ", p. 4."  # the source's own date, never the item's
    assert notes[1] == "Institute of Labour Studies, Green Skills in Small Firms, p. 5."
    assert notes[2] == "State Council, Eleventh Five-Year Plan, March 2006."
    # one note for a citation of two sources; the same publication cited from another item is short
    assert (
        notes[3]
        == "UNEP, Green Jobs: Towards Decent Work, September 2008; Institute of Labour Studies, Green Skills in Small Firms."
    )
    assert len(notes) == 5 and notes[4] == "Institute of Labour Studies, Green Skills in Small Firms."
    assert all(notes.count(note) == 1 for note in notes if len(note) > 60)
    text = body_text(path)
    assert "still do\n" not in text and " do[" not in text  # the line-initial citation attaches to "do"
    listed = sources_list(path)
    assert listed == [
        "Institute of Labour Studies. Green Skills in Small Firms: A Survey of Three Provinces. Ministry of Labour, "
        "Working paper 12, 15 March 2009. https://example.org/wp12",
        "State Council. Eleventh Five-Year Plan. March 2006.",
        "UNEP. Green Jobs: Towards Decent Work. September 2008.",
    ]
    assert not any("2009-11-30" in note or "30 November 2009" in note for note in notes)


def test_notes_ibid_for_the_source_of_the_note_before(starter, run):
    workspace(starter, "notes-ibid")
    notes = footnote_texts(built(run, starter))
    assert notes[1] == "Ibid., p. 5."
    assert notes[4] == "Institute of Labour Studies, Green Skills in Small Firms."  # a note between: no ibid


def test_author_date_cites_in_the_text_and_lists_references(starter, run):
    workspace(starter, "author-date")
    path = built(run, starter)
    assert footnote_texts(path) == []
    text = body_text(path)
    assert "Firms lack skills (Institute of Labour Studies 2009, p. 4)." in text
    assert "They still do (Institute of Labour Studies 2009, p. 5)." in text
    assert (
        "Policy changed (State Council 2006) and so did the research (UNEP 2008; Institute of Labour Studies 2009)."
        in text
    )
    assert sources_list(path) == [
        "Institute of Labour Studies (2009). Green Skills in Small Firms: A Survey of Three Provinces. Ministry of "
        "Labour, Working paper 12. https://example.org/wp12",
        "State Council (2006). Eleventh Five-Year Plan.",
        "UNEP (2008). Green Jobs: Towards Decent Work.",
    ]
    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "Annex 1: References"


@pytest.mark.parametrize("style", ["notes", "author-date"])
def test_markdown_export_reads_the_same_in_pandoc(starter, run, style):
    workspace(starter, style)
    result = run("build", "-w", starter, "--format", "md")
    assert result.code == 0, result.err
    (path,) = (starter / "outputs").glob("*.md")
    text = path.read_text(encoding="utf-8")
    assert "[@" not in text
    if style == "notes":
        assert "skills[^1]" in text and "[^1]: Institute of Labour Studies" in text
        assert "do[^2]" in text  # the line-initial citation attaches to the word before it
    else:
        assert "(Institute of Labour Studies 2009, p. 4)" in text
    assert "# Annex 1: " in text and "State Council" in text.split("# Annex 1: ")[1]


def test_an_unknown_source_of_a_known_item_is_located(starter, run):
    workspace(starter, "notes")
    write(starter, "templates/sections/summary.md.j2", "Text [@two/budget].\n")
    result = run("build", "-w", starter)
    assert result.code == 1
    assert any(
        line.startswith("templates/sections/summary.md.j2:1:6: error: evidence 'two' has no source 'budget'")
        and line.endswith("[citation.unknown-source]")
        for line in result.lines
    ), result.lines


def test_a_chinese_variant_prints_a_sources_day_or_month_in_chinese(starter, run):
    workspace(starter, "notes")
    write(starter, "templates/donors/example-donor.yaml", "name: 示例基金会\nsections: [summary]\nlanguage: zh-CN\n")
    for source in ("report", "two", "same", "sections/summary.md.j2"):
        assert run("new", "translation", source, "--lang", "zh-CN", "-w", starter).code == 0
    summary = starter / "templates/sections/summary.zh-CN.md.j2"
    summary.write_text(summary.read_text(encoding="utf-8").split("\n", 1)[0] + "\n" + SECTION, encoding="utf-8")
    notes = footnote_texts(built(run, starter))
    assert notes[0].endswith("Working paper 12, 2009年3月15日, p. 4.")  # written as a day: the variant's form
    assert notes[2] == "State Council, Eleventh Five-Year Plan, 2006年3月."  # "March 2006" read as a month
    assert not any("March" in note or "September" in note for note in notes)
    result = run("build", "-w", starter, "--format", "md", "--out", starter / "md")
    assert result.code == 0, result.err
    markdown = next((starter / "md").glob("*.md")).read_text(encoding="utf-8")
    assert "Institute of Labour Studies, Green Skills in Small Firms: A Survey of Three Provinces, " in markdown
    assert "*Green Skills" not in markdown  # titles unmarked, as Chinese reference lists give them


BILINGUAL = """---
kind: context
title: The State Council's target
sources:
  - id: en
    title: China Unveils Carbon Intensity Target
    author: News Agency
    date: 2009-11-26
  - id: zh
    title: 国务院公布控制温室气体排放行动目标
    author: 新闻社
    date: 2009-11-26
    language: zh-CN
date: 2009-11-30
status: reviewed
---
The target was announced.
"""


def bilingual_workspace(root: Path) -> None:
    workspace(root, "notes")
    write(root, "evidence/target.md", BILINGUAL)
    write(root, "templates/sections/summary.md.j2", "The target [@target]. One of them [@target/zh].\n")


def chinese_variant(root: Path, run, text: str) -> None:
    """The example donor in Chinese, its section translated as `text`."""
    write(root, "templates/donors/example-donor.yaml", "name: 示例基金会\nsections: [summary]\nlanguage: zh-CN\n")
    for source in ("target", "sections/summary.md.j2"):
        assert run("new", "translation", source, "--lang", "zh-CN", "-w", root).code == 0
    summary = root / "templates/sections/summary.zh-CN.md.j2"
    header = summary.read_text(encoding="utf-8").split("\n", 1)[0]
    summary.write_text(f"{header}\n{text}\n", encoding="utf-8")


def test_an_item_cited_whole_gives_the_sources_in_the_variants_language(starter, run):
    bilingual_workspace(starter)
    notes = footnote_texts(built(run, starter))
    assert notes[0] == "News Agency, China Unveils Carbon Intensity Target, 26 November 2009."  # no Chinese source
    assert notes[1].startswith("新闻社, 国务院公布控制温室气体排放行动目标")  # named, it is cited in any variant
    write(starter, "templates/sections/summary.md.j2", "The target [@target].\n")
    assert sources_list(built(run, starter)) == [
        "News Agency. China Unveils Carbon Intensity Target. 26 November 2009."
    ]
    assert run("build", "-w", starter, "--review", "--out", starter / "review").code == 0
    (review,) = (starter / "review").glob("*-review.docx")
    (row,) = [r for t in docx.Document(str(review)).tables for r in t.rows if r.cells[0].text == "target"]
    assert "China Unveils Carbon Intensity Target" in row.cells[3].text and "国务院" not in row.cells[3].text
    chinese_variant(starter, run, "目标已公布 [@target]；英文报道 [@target/en]。")
    notes = footnote_texts(built(run, starter))
    assert notes[0].startswith("新闻社, 国务院公布控制温室气体排放行动目标") and "News Agency" not in notes[0]
    assert notes[1].startswith("News Agency, China Unveils Carbon Intensity Target")


def test_an_item_with_no_source_in_the_variants_language_gives_them_all(starter, run):
    bilingual_workspace(starter)
    write(starter, "evidence/target.md", BILINGUAL.replace("    language: zh-CN\n", "    language: fr\n"))
    chinese_variant(starter, run, "目标已公布 [@target]。")
    (note,) = footnote_texts(built(run, starter))
    assert note.startswith("News Agency, China Unveils Carbon Intensity Target") and "新闻社" in note


def test_a_source_language_that_is_not_a_tag_is_an_error_at_it(starter, run):
    bilingual_workspace(starter)
    write(starter, "evidence/target.md", BILINGUAL.replace("language: zh-CN", "language: Chinese simplified"))
    result = run("check", "-w", starter)
    assert result.code == 1
    assert any(
        line.startswith("evidence/target.md:13:15: error: field 'language' must be a language tag")
        for line in result.lines
    ), result.lines
