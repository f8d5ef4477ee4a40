"""Logframes and Gantt workplans in built variants, and funding windows checked against activity tables."""

from __future__ import annotations

import csv as csv_module
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from lxml import etree

from ..conftest import REPO

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
DONORS = ("ausaid", "eu", "ilo", "mdgf", "mohrss")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every variant of the example, built twice into separate folders."""
    from proposalkit.pipeline import build

    outs = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        result = build(REPO, all_donors=True, out=out, jobs=2)
        assert not result.diagnostics.has_errors, result.diagnostics.lines()
        outs.append(out)
    return outs


def variant(out: Path, donor: str) -> Path:
    return out / f"green-jobs-china-2010-{donor}.docx"


def test_gantt_chart_is_an_embedded_png_and_svg_with_alt_text_and_builds_are_identical(built):
    first, second = built
    for donor in DONORS:
        assert variant(first, donor).read_bytes() == variant(second, donor).read_bytes(), donor
    with zipfile.ZipFile(variant(first, "ilo")) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        assert media
        assert [n for n in package.namelist() if n.endswith(".svg")] == [media[0].removesuffix("png") + "svg"]
        png = package.read(media[0])
        assert png.startswith(b"\x89PNG") and b"Software" not in png and b"tIME" not in png
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        document = etree.fromstring(package.read("word/document.xml"))
    drawings = document.iter(f"{WP}inline")
    found = []
    for inline in drawings:
        blip = inline.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
        rid = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
        found.append((targets[rid], inline.find(f"{WP}docPr").get("descr")))
    captions = [p.text for p in docx.Document(str(variant(first, "ilo"))).paragraphs if p.style.name == "Caption"]
    figure = next(c for c in captions if c.startswith("Figure 1: Indicative workplan of phase II"))
    alt = figure.removeprefix("Figure 1: ")  # the chart's alt text is its caption
    assert ("media/" + media[0].rsplit("/", 1)[-1], alt) in found


def logframe_table(path: Path, headings: list[str] | None = None):
    """The logframe: the table whose caption paragraph comes right before it (and whose header row is
    `headings`, where several tables are so captioned), with its section's page size."""
    body = docx.Document(str(path)).element.body
    children = list(body)
    for n, element in enumerate(children):
        if element.tag == f"{W}tbl":
            caption = text(children[n - 1])
            if "Logical framework" in caption or "Logframe" in caption or "Results framework" in caption:
                if headings is not None and rows(element)[0] != headings:
                    continue
                following = [e for e in children[n:] if e.find(f"{W}pPr/{W}sectPr") is not None]
                sect = following[0].find(f"{W}pPr/{W}sectPr") if following else body.find(f"{W}sectPr")
                return element, sect.find(f"{W}pgSz")
    raise AssertionError(f"no logframe in {path.name}")


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def rows(table) -> list[list[str]]:
    return [[text(tc) for tc in tr.findall(f"{W}tc")] for tr in table.findall(f"{W}tr")]


def capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def check_logframe(path: Path, profile: dict) -> list[str]:
    """The logframe of one built variant against its profile: columns, level names in the donor's words, the
    levels the profile leaves out (`~`) absent, activities as asked, orientation; the first column's texts."""
    spec = profile.get("logframe") or {}
    headings = list((spec.get("columns") or {}).values()) or [
        "Results chain",
        "Indicators",
        "Baseline",
        "Target",
        "Means of verification",
        "Assumptions",
    ]
    table, page = logframe_table(path, headings)
    cells = rows(table)
    assert cells[0] == headings, path.name
    first_column = [row[0] for row in cells[1:] if row[0]]
    hierarchy = profile["results_hierarchy"]
    named = {level: capitalised(name) for level, name in hierarchy.items() if name}
    top = next(iter(named.values()))
    assert first_column[0].startswith(top) and ":" in first_column[0], (path.name, first_column[0])
    assert any(text.startswith(named["immediate objective"] + " 1:") for text in first_column), path.name
    if "output" in named:
        assert any(text.startswith(named["output"] + " 1.1:") for text in first_column), path.name
    if "purpose" in named:
        assert any(text.startswith(named["purpose"] + ":") for text in first_column), path.name
    for level in (level for level, name in hierarchy.items() if not name):
        assert not any(text.lower().startswith(level) for text in first_column), (path.name, level)
    activities = any(text.startswith(named["activity"][:-1].capitalize()) for text in first_column)
    assert activities == spec.get("activities", True), path.name
    wide = len(headings) > 4 or spec.get("landscape", False)
    assert (page.get(f"{W}orient") == "landscape") == wide, path.name
    assert int(page.get(f"{W}w")) > int(page.get(f"{W}h")) if wide else True
    return first_column


def profile_of(root: Path, donor: str) -> dict:
    return yaml.safe_load((root / f"templates/donors/{donor}.yaml").read_text(encoding="utf-8"))


def test_logframe_in_every_variant_with_the_donors_columns_terms_and_orientation(built):
    first, _ = built
    for donor in ("ausaid", "ilo"):  # the EuropeAid concept note submits no logframe
        check_logframe(variant(first, donor), profile_of(REPO, donor))
    # The MDG-F form's results framework is its Table 1: outputs by participating UN organisation and year.
    mdgf = ["Output", "Organisation", "National partners", "Main activities (months)", "Year 1", "Year 2", "Total"]
    table, page = logframe_table(variant(first, "mdgf"), mdgf)
    assert page.get(f"{W}orient") == "landscape" and len(rows(table)) > 8
    with pytest.raises(AssertionError, match="no logframe"):
        logframe_table(variant(first, "eu"))


def test_an_eu_logframe_speaks_only_the_eu_terms(run, example, tmp_path):
    """The full application would annex the matrix: built so, it speaks of overall and specific objectives and
    expected results only; words of other donors' hierarchies do not leak in."""
    donor = example / "templates/donors/eu.yaml"
    text = donor.read_text(encoding="utf-8")
    assert "annexes: []" in text
    donor.write_text(
        text.replace("annexes: []", "annexes:\n  - id: logframe\n    title: Logframe matrix"), encoding="utf-8"
    )
    result = run("build", "-w", example, "--donor", "eu", "--out", tmp_path)
    assert result.code == 0, result.err
    first_column = check_logframe(variant(tmp_path, "eu"), profile_of(example, "eu"))
    eu = "\n".join(first_column)
    assert "Overall objective:" in eu and "Specific objective:" in eu and "Expected result 2:" in eu
    assert "Output" not in eu and "Immediate objective" not in eu and "Purpose" not in eu


def test_no_figure_files_are_written_beside_a_docx_build(built):
    first, _ = built
    documents = sorted(p.name for p in first.iterdir() if not p.name.endswith(".trace.json"))
    assert documents == sorted(variant(first, d).name for d in DONORS)


def test_markdown_build_writes_the_chart_beside_the_markdown(run, example, tmp_path):
    """As a PNG, which every Pandoc output takes as it is (an SVG needs rsvg-convert for PDF, and Pandoc writes
    it into a .docx with no fallback); at print resolution and the default text width."""
    from PIL import Image

    result = run("build", "-w", example, "--format", "md", "--out", tmp_path)
    assert result.code == 0, result.err
    text = (tmp_path / "green-jobs-china-2010-ilo.md").read_text(encoding="utf-8")
    (png,) = sorted((tmp_path / "figures").glob("gantt-*.png"))
    assert f"](figures/{png.name}" in text and png.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == [png.name]
    image = Image.open(png)
    assert round(image.info["dpi"][0]) == 300 and abs(image.width / 300 * 2.54 - 16.0) < 0.01


def _append(path: Path, line: str) -> int:
    """Append a CSV row; the line number it lands on."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def _outputs_untouched(run, example) -> bytes:
    """Build once so that there is an earlier output to keep; its bytes."""
    assert run("build", "-w", example).code == 0
    return (example / "outputs/green-jobs-china-2010-ilo.docx").read_bytes()


def test_pilot_activities_fit_the_rbsa_and_ccpf_windows(run):
    result = run("check", "-w", REPO, "--all")
    assert result.code == 0 and not [line for line in result.lines if "window." in line], result.err


def test_an_rbsa_activity_after_2009_is_flagged_at_its_row(run, example):
    csv = example / "evidence/data/pilot_activities.csv"
    line = _append(csv, "Green jobs follow-up workshop,ILO RBSA,MOHRSS,2010-01-15,2010-02-15,planned")
    built = run("build", "-w", example)
    expected = (
        f"evidence/data/pilot_activities.csv:{line}:1: warning: activity 'Green jobs follow-up workshop' "
        "(ILO RBSA) ends on 2010-02-15, after the window closes on 2009-12-31"
    )
    assert built.code == 0 and any(l.startswith(expected) for l in built.lines), built.err
    checked = run("check", "-w", example)
    assert checked.code == 1
    assert any(
        l.startswith(expected.replace("warning", "error")) and l.endswith("[window.outside]") for l in checked.lines
    ), checked.err


def test_the_donors_own_window_is_an_error_under_build(run, example):
    before = _outputs_untouched(run, example)
    profile = example / "templates/donors/ilo.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8") + "funding_window:\n  start: 2010-01-01\n  end: 2011-06-30\n",
        encoding="utf-8",
    )
    result = run("build", "-w", example)
    assert result.code == 1
    # Rows of workplan.csv name no funder: they are the proposal's own, paid by the donor it goes to. The first
    # that runs past June 2011 is reported at its own line.
    with (example / "evidence/data/workplan.csv").open(encoding="utf-8", newline="") as handle:
        late = next(
            (n, row) for n, row in enumerate(csv_module.DictReader(handle), start=2) if row["end"] > "2011-06-30"
        )
    line, row = late
    assert any(
        l.startswith(f"evidence/data/workplan.csv:{line}:1: error: activity '{row['activity']}'")
        and "after the window closes on 2011-06-30" in l
        for l in result.lines
    ), result.err
    assert (example / "outputs/green-jobs-china-2010-ilo.docx").read_bytes() == before


@pytest.mark.parametrize(
    "row, cell, code, message",
    [
        (
            "Bad date,1 March 2010,2010-06-30",
            "1 March 2010",
            "table.bad-date",
            "'1 March 2010' in column 'start' of activity 'Bad date'",
        ),
        (
            "Reversed,2011-06-30,2010-01-01",
            "2010-01-01",
            "table.end-before-start",
            "activity 'Reversed' ends on 2010-01-01, before",
        ),
    ],
)
def test_bad_workplan_rows_are_located_errors_and_nothing_is_written(run, example, row, cell, code, message):
    before = _outputs_untouched(run, example)
    csv = example / "evidence/data/workplan.csv"
    written = "Objective 1: evidence for policy," + row.replace(",", ",1,4,", 1) + ",indicative plan"
    line = _append(csv, written)
    column = written.index(cell) + 1  # the cell's own column: the bad date, or the end before the start
    result = run("build", "-w", example)
    assert result.code == 1
    assert any(
        l.startswith(f"evidence/data/workplan.csv:{line}:{column}: error: {message}") and l.endswith(f"[{code}]")
        for l in result.lines
    ), result.err
    assert (example / "outputs/green-jobs-china-2010-ilo.docx").read_bytes() == before
    assert not (example / "outputs/figures").exists()


def test_a_workplan_without_an_end_column_is_an_error_at_its_header(run, example):
    before = _outputs_untouched(run, example)
    csv = example / "evidence/data/workplan.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text(
        "\n".join(line.rsplit(",", 2)[0] + "," + line.rsplit(",", 1)[1] for line in lines) + "\n", encoding="utf-8"
    )  # drops the end column
    result = run("build", "-w", example)
    assert result.code == 1
    assert any(
        l.startswith("evidence/data/workplan.csv:1:1: error: a table drawn by gantt() needs a column 'end'")
        for l in result.lines
    ), result.err
    assert (example / "outputs/green-jobs-china-2010-ilo.docx").read_bytes() == before


def test_a_window_whose_funder_no_table_names_warns(run, example):
    proposal = example / "templates/proposal.yaml"
    text = proposal.read_text(encoding="utf-8")
    proposal.write_text(text.replace("  - funder: CCPF\n", "  - funder: UNICEF\n"), encoding="utf-8")
    line = text[: text.index("  - funder: CCPF")].count("\n") + 1
    result = run("build", "-w", example)
    assert result.code == 0
    assert any(
        l.startswith(f"templates/proposal.yaml:{line}:13: warning: funding window of 'UNICEF'")
        and l.endswith("[window.unknown-funder]")
        for l in result.lines
    ), result.err


def test_bad_window_and_logframe_keys_are_located(run, example):
    proposal = example / "templates/proposal.yaml"
    proposal.write_text(
        proposal.read_text(encoding="utf-8").replace("end: 2009-12-31", "end: end of 2009"), encoding="utf-8"
    )
    profile = example / "templates/donors/eu.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("    assumptions: Assumptions\n", "    risks: Assumptions\n"),
        encoding="utf-8",
    )
    result = run("check", "-w", example, "--all")
    assert result.code == 1
    assert any("templates/proposal.yaml" in l and "'end' must be a date written YYYY-MM-DD" in l for l in result.lines)
    assert any(
        l.startswith("templates/donors/eu.yaml:") and "unknown logframe column 'risks'" in l for l in result.lines
    ), result.err
