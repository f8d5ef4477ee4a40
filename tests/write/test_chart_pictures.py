"""Generated charts in Word: an SVG picture with its PNG fallback, as Word 2016 embeds one; parts, relationships
and content types; python-docx, LibreOffice and openxml-audit read the package; builds are byte-identical."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import zipfile

import docx
import pytest
from lxml import etree

from proposalkit.charts.gantt import Bar, GanttChart
from proposalkit.charts.style import Look
from proposalkit.write import drawing, ooxml
from proposalkit.write.document import write_docx

from ..conftest import REPO
from ..support import need, need_font, soffice_pdf
from .test_docx_writer import assembly
from .test_openxml_audit import findings

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
TEXT_WIDTH = 5760720  # A4 less 2.5 cm margins, as Word stores them in twips: 16.002 cm

CHART = GanttChart(
    "Workplan",
    (
        Bar("Inception", dt.date(2010, 1, 1), dt.date(2010, 3, 31), "Management"),
        Bar("Studies", dt.date(2010, 2, 1), dt.date(2010, 9, 30), "1. Evidence"),
        Bar("Courses", dt.date(2010, 6, 1), dt.date(2011, 2, 28), "2. Enterprises"),
        Bar("Review", None, dt.date(2011, 1, 31), "Management"),
    ),
)
PATH = f"figures/{CHART.file_name}"


def chart_docx(markdown: str = f'![Workplan]({PATH} "Gantt chart"){{#fig-plan}}\n', **changes) -> bytes:
    return write_docx(assembly(markdown, figures={PATH: CHART}, **changes))


def package(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pictures(files: dict[str, bytes]) -> list[tuple[str, str, str]]:
    """(extent cx, the blip's r:embed target, the svgBlip's r:embed target) of each picture in the body."""
    rels = etree.fromstring(files["word/_rels/document.xml.rels"])
    targets = {rel.get("Id"): (rel.get("Type"), rel.get("Target")) for rel in rels}
    found = []
    for inline in etree.fromstring(files["word/document.xml"]).iter(f"{{{WP}}}inline"):
        blip = inline.find(f".//{{{A}}}blip")
        (ext,) = blip.findall(f"{{{A}}}extLst/{{{A}}}ext")
        assert ext.get("uri") == SVG_EXT
        svg_blip = ext.find(f"{{{ASVG}}}svgBlip")
        png_type, png = targets[blip.get(f"{{{R}}}embed")]
        svg_type, svg = targets[svg_blip.get(f"{{{R}}}embed")]
        assert png_type == svg_type == IMAGE
        found.append((inline.find(f"{{{WP}}}extent").get("cx"), png, svg))
    return found


def test_a_chart_is_an_svg_picture_with_its_png_fallback_and_both_content_types():
    files = package(chart_docx())
    ((cx, png, svg),) = pictures(files)
    assert (png, svg) == ("media/image1.png", "media/image1.svg")
    assert int(cx) == TEXT_WIDTH  # drawn at the text width: printed at 100%, its 9 pt labels at 9 pt
    look = Look("Calibri", TEXT_WIDTH / 360000)
    assert files["word/media/image1.svg"] == CHART.draw_svg(look)
    assert files["word/media/image1.png"] == CHART.draw(look)
    types = etree.fromstring(files["[Content_Types].xml"])
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{TYPES}Default")}
    assert defaults["svg"] == "image/svg+xml" and defaults["png"] == "image/png"
    assert not [o for o in types.iter(f"{TYPES}Override") if "/media/" in o.get("PartName")]


def test_python_docx_reopens_the_package_and_saves_it_again_with_both_parts(tmp_path):
    document = docx.Document(io.BytesIO(chart_docx()))
    (shape,) = document.inline_shapes
    assert shape.width == TEXT_WIDTH and shape.height > 0
    blip = shape._inline.find(f".//{{{A}}}blip")
    svg_rid = blip.find(f".//{{{ASVG}}}svgBlip").get(f"{{{R}}}embed")
    assert document.part.related_parts[svg_rid].content_type == "image/svg+xml"
    assert document.part.related_parts[blip.get(f"{{{R}}}embed")].content_type == "image/png"
    document.save(tmp_path / "saved.docx")
    again = package((tmp_path / "saved.docx").read_bytes())
    assert [(png, svg) for _, png, svg in pictures(again)] == [("media/image1.png", "media/image1.svg")]


def test_a_chart_shown_twice_is_one_svg_part_and_one_png_part():
    files = package(chart_docx(f"![Plan]({PATH})\n\nAgain:\n\n![Plan]({PATH})\n"))
    assert [p[1:] for p in pictures(files)] == [("media/image1.png", "media/image1.svg")] * 2
    assert sorted(n for n in files if n.startswith("word/media/")) == ["word/media/image1.png", "word/media/image1.svg"]


def test_a_chart_on_a_landscape_page_is_drawn_at_that_pages_width():
    files = package(chart_docx(f"::: landscape\n![Plan]({PATH})\n:::\n"))
    ((cx, _, _),) = pictures(files)
    landscape = int(cx)
    assert landscape > TEXT_WIDTH * 1.4
    svg = etree.fromstring(files["word/media/image1.svg"])
    assert float(svg.get("width").removesuffix("pt")) == pytest.approx(landscape / 12700, abs=0.05)


@pytest.mark.parametrize(
    "reference, face",
    [(None, "Carlito"), ("ausaid.docx", "LiberationSans"), ("mdgf.docx", "LiberationSerif")],
)
def test_a_chart_is_drawn_in_the_reference_documents_body_font(reference, face):
    """The default reference document sets Calibri, AusAID's Arial and the MDG-F's Times New Roman: the
    glyphs drawn are those of their metric-compatible twins."""
    need_font({"Carlito": "Carlito", "LiberationSans": "Liberation Sans", "LiberationSerif": "Liberation Serif"}[face])
    path = REPO / "templates/styles" / reference if reference else None
    files = package(chart_docx(reference_docx=path))
    assert f'<path id="{face}-'.encode() in files["word/media/image1.svg"]


def test_the_body_font_is_read_through_the_style_chain_the_defaults_and_the_theme():
    w = f'xmlns:w="{ooxml.W_NS}"'
    styles = etree.fromstring(
        f"<w:styles {w}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme='minorHAnsi'/></w:rPr>"
        "</w:rPrDefault></w:docDefaults>"
        "<w:style w:styleId='Normal'><w:rPr/></w:style>"
        "<w:style w:styleId='BodyText'><w:basedOn w:val='Normal'/></w:style>"
        "<w:style w:styleId='Quote'><w:basedOn w:val='BodyText'/><w:rPr><w:rFonts w:ascii='Georgia'/></w:rPr></w:style>"
        "<w:style w:styleId='Loop'><w:basedOn w:val='Loop'/></w:style></w:styles>"
    )
    theme = (
        f'<a:theme xmlns:a="{A}"><a:themeElements><a:fontScheme><a:majorFont><a:latin typeface="Cambria"/>'
        '</a:majorFont><a:minorFont><a:latin typeface="Calibri Light"/></a:minorFont></a:fontScheme>'
        "</a:themeElements></a:theme>"
    ).encode()
    assert drawing.paragraph_font(styles, "Quote", theme) == "Georgia"
    assert drawing.paragraph_font(styles, "BodyText", theme) == "Calibri Light"
    assert drawing.paragraph_font(styles, "Loop", theme) == "Calibri Light"
    assert drawing.paragraph_font(styles, "BodyText", None) is None


def test_openxml_audit_finds_nothing_in_a_document_with_a_chart(tmp_path):
    path = tmp_path / "chart.docx"
    path.write_bytes(chart_docx())
    assert findings(path) == []


def test_two_builds_of_the_example_in_fresh_processes_are_byte_identical(example, tmp_path):
    built = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        result = subprocess.run(
            [sys.executable, "-m", "proposalkit", "build", "-w", str(example), "-d", "ilo", "--out", str(out)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        built.append((out / "green-jobs-china-2010-ilo.docx").read_bytes())
    assert built[0] == built[1]
    assert {"word/media/image1.png", "word/media/image1.svg"} <= set(package(built[0]))


@pytest.mark.readers
def test_libreoffice_converts_it_and_prints_the_png_fallback(tmp_path):
    """LibreOffice (7.4) reads the blip's r:embed, the PNG, and leaves the SVG: its PDF holds the PNG's pixels."""
    pdfimages = need("pdfimages")
    path = tmp_path / "chart.docx"
    data = chart_docx()
    path.write_bytes(data)
    pdf = soffice_pdf(path, tmp_path)
    listing = subprocess.run([pdfimages, "-list", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    from PIL import Image

    png = Image.open(io.BytesIO(package(data)["word/media/image1.png"]))
    assert [(int(r[3]), int(r[4])) for r in rows if r[2] == "image"] == [png.size]
