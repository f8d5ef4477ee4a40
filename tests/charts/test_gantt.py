"""Gantt charts as SVG and PNG: deterministic bytes, text as glyph outlines in the document's font at a size
readable on paper, groups distinct in greyscale."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import subprocess
import sys
from itertools import combinations

import pytest
from lxml import etree
from PIL import Image

from proposalkit.charts.gantt import LABEL_PT, Bar, GanttChart, _tick_step, draw_chart
from proposalkit.charts.style import PALETTE, POINTS_PER_CM, Look

from ..conftest import REPO
from ..support import need_font
from .test_style import MIN_LUMA_STEP

SVG = "{http://www.w3.org/2000/svg}"


def workplan() -> GanttChart:
    """The example's workplan, as its template draws it: four groups, 24 activities over two years."""
    with (REPO / "evidence/data/workplan.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    bars = (
        Bar(r["activity"], dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"]), r["component"])
        for r in rows
    )
    return GanttChart("Indicative workplan", tuple(bars))


def glyph_fonts(svg: bytes) -> set[str]:
    """The PostScript names of the fonts whose glyph outlines the SVG defines (ids read `<name>-<glyph>`)."""
    return {m.group(1).decode() for m in re.finditer(rb'<path id="([A-Za-z]+(?:-[A-Za-z]+)?)-[0-9a-f]+" d=', svg)}


DRAW_IN_A_NEW_PROCESS = """
import dataclasses, sys
from tests.charts.test_gantt import workplan
from proposalkit.charts.gantt import draw_chart
from proposalkit.charts.style import Look
if sys.argv[2] == "after-others":  # fonts and glyphs other charts loaded first change nothing
    draw_chart(dataclasses.replace(workplan(), bars=workplan().bars[:3]), Look("Arial", 9.0), "svg", "png")
sys.stdout.buffer.write(draw_chart(workplan(), Look("Calibri", 16.0), sys.argv[1])[sys.argv[1]])
"""


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_the_same_chart_is_the_same_bytes_in_every_process(kind):
    here = draw_chart(workplan(), Look("Calibri", 16.0), kind)[kind]
    assert here == draw_chart(workplan(), Look("Calibri", 16.0), kind)[kind]
    for seed, before in (("1", "nothing"), ("2", "after-others")):  # another process, another hash seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", DRAW_IN_A_NEW_PROCESS, kind, before],
            capture_output=True,
            cwd=REPO,
            env=env,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout == here


def test_the_svg_and_png_drawn_from_one_figure_are_those_drawn_alone():
    look = Look("Calibri", 16.0)
    both = draw_chart(workplan(), look, "svg", "png")
    assert both == {
        "svg": draw_chart(workplan(), look, "svg")["svg"],
        "png": draw_chart(workplan(), look, "png")["png"],
    }
    assert draw_chart(workplan(), look, "png", "svg") == both


def test_the_svg_names_no_date_software_or_random_id():
    svg = draw_chart(workplan(), Look("Calibri", 16.0), "svg")["svg"]
    assert b"<dc:date" not in svg and b"Matplotlib v" not in svg and b"<dc:creator" not in svg
    root = etree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.findtext(f"{SVG}title") == "Indicative workplan"
    # Ids that matplotlib would make random are hashed with a fixed salt; the rest are counters and glyph names.
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) and "proposalkit" not in svg.decode()


def test_the_png_carries_no_software_or_time_stamp_and_is_print_resolution():
    png = draw_chart(workplan(), Look("Calibri", 16.0), "png")["png"]
    assert png.startswith(b"\x89PNG") and b"Software" not in png and b"tIME" not in png
    image = Image.open(io.BytesIO(png))
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert abs(image.width - 16.0 / 2.54 * 300) < 1


def test_text_is_glyph_outlines_at_nine_points_on_a_chart_as_wide_as_the_text():
    """Drawn at the page's text width, the chart is printed at 100%: its labels print at the 9 pt they are drawn."""
    for width in (16.0, 24.7):  # portrait A4 and a landscape page
        svg = draw_chart(workplan(), Look("Calibri", width), "svg")["svg"]
        root = etree.fromstring(svg)
        assert float(root.get("width").removesuffix("pt")) == pytest.approx(width * POINTS_PER_CM, abs=0.01)
        assert root.find(f".//{SVG}text") is None  # every label is outlines, not text left to the reader's fonts
        sizes = {float(s) * 100 for s in re.findall(rb"scale\(([0-9.]+) -[0-9.]+\)", svg)}
        assert sizes == {LABEL_PT} and LABEL_PT >= 8
        assert b"<!-- 1.1 Publication in Chinese and English -->" in svg  # each label's text in a comment


@pytest.mark.parametrize(
    "family, face",
    [("Calibri", "Carlito"), ("Arial", "Liberation Sans"), ("Times New Roman", "Liberation Serif")],
)
def test_text_is_drawn_in_the_documents_font_or_its_metric_twin(family, face):
    need_font(face)
    svg = draw_chart(workplan(), Look(family, 16.0), "svg")["svg"]
    assert glyph_fonts(svg) == {face.replace(" ", "")}


def test_a_font_that_is_not_installed_falls_back_to_matplotlibs_own_dejavu():
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    assert "No Such Sans" not in installed and "Book Antiqua" not in installed
    sans = draw_chart(workplan(), Look("No Such Sans", 16.0), "svg")["svg"]
    assert glyph_fonts(sans) == {"DejaVuSans"}
    assert glyph_fonts(draw_chart(workplan(), Look("Book Antiqua", 16.0), "svg")["svg"]) == {"DejaVuSerif"}
    assert sans == draw_chart(workplan(), Look("No Such Sans", 16.0), "svg")["svg"]


def test_each_group_prints_in_its_own_grey():
    """The rendered PNG turned to greyscale (Pillow's "L", BT.601 luma): every group's bars are there in their
    own fill, and the greys of any two groups lie at least the stated margin apart."""
    png = draw_chart(workplan(), Look("Calibri", 16.0), "png")["png"]
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = {colour: n for n, colour in image.getcolors(1 << 24)}
    greys = {grey: n for n, grey in image.convert("L").getcolors(256)}
    levels = []
    for colour in PALETTE:  # four groups: each colour once
        rgb = (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))
        assert colours.get(rgb, 0) > 5000, colour  # solid bar area, not a stray edge pixel
        level = Image.new("RGB", (1, 1), rgb).convert("L").getpixel((0, 0))
        assert greys[level] >= colours[rgb]
        levels.append(level)
    for a, b in combinations(levels, 2):
        assert abs(a - b) >= MIN_LUMA_STEP * 255 - 1, (a, b)


def test_more_groups_than_colours_are_hatched_in_the_svg_and_the_legend():
    bars = tuple(
        Bar(f"Activity {n}", dt.date(2010, 1 + n, 1), dt.date(2010, 2 + n, 28), f"Group {n}") for n in range(6)
    )
    svg = draw_chart(GanttChart("Six groups", bars), Look("Calibri", 16.0), "svg")["svg"]
    root = etree.fromstring(svg)
    patterns = root.findall(f".//{SVG}pattern")
    assert len(patterns) == 2  # groups 5 and 6: the first two colours again, with a hatching of their own
    uses = svg.count(b"url(#h")
    assert uses >= 4  # each hatched group's bar and its legend key


def test_dollar_signs_are_drawn_as_written_not_as_mathematics():
    import matplotlib
    from matplotlib.ft2font import FT2Font

    bars = (Bar("Grants of $5,000 to $10,000", dt.date(2010, 1, 1), dt.date(2010, 6, 30)),)
    svg = draw_chart(GanttChart("Money", bars), Look("No Such Sans", 16.0), "svg")["svg"]
    dejavu = FT2Font(f"{matplotlib.get_data_path()}/fonts/ttf/DejaVuSans.ttf")
    dollar = dejavu.get_char_index(ord("$"))
    assert f'id="DejaVuSans-{dollar:x}"'.encode() in svg
    assert b"DejaVuSans-Oblique" not in svg and b"STIX" not in svg  # mathtext would set the rest in italics


def test_date_ticks_thin_out_on_long_plans():
    two_years, six_years = (dt.date(2010, 1, 1), dt.date(2011, 12, 31)), (dt.date(2010, 1, 1), dt.date(2015, 12, 31))
    assert _tick_step(*two_years, 230) == 3
    assert _tick_step(*six_years, 230) == 12
