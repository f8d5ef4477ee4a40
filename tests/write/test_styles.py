"""The styles a proposal is written with: which are defaults, their fonts, East Asian text."""

from __future__ import annotations

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from ..conftest import REPO
from .test_docx_writer import NS, build, part, q, reopen

DONOR_REFERENCES = sorted((REPO / "templates" / "styles").glob("*.docx"))


def defaults(styles) -> dict[str, list[str]]:
    """Style type -> the names of its styles marked w:default="1"."""
    found: dict[str, list[str]] = {}
    for style in styles.iterfind("w:style", NS):
        if style.get(q("default")) in ("1", "true", "on"):
            found.setdefault(style.get(q("type")), []).append(style.find("w:name", NS).get(q("val")))
    return found


def test_normal_is_the_default_paragraph_style():
    data, _ = build("Body.\n")
    marked = defaults(part(data, "word/styles.xml"))
    assert marked["paragraph"] == ["Normal"]
    assert marked["table"] == ["Normal Table"]
    assert marked["character"] == ["Default Paragraph Font"]
    assert reopen(data).styles.default(WD_STYLE_TYPE.PARAGRAPH).name == "Normal"


@pytest.mark.parametrize("path", DONOR_REFERENCES, ids=[p.stem for p in DONOR_REFERENCES])
def test_normal_is_the_default_in_each_donor_reference_and_its_variant(path):
    assert defaults(docx.Document(str(path)).styles.element)["paragraph"] == ["Normal"]
    data, _ = build("Body.\n", reference_docx=path)
    assert defaults(part(data, "word/styles.xml"))["paragraph"] == ["Normal"]


def test_a_reference_with_another_default_gets_normal_as_its_only_default(tmp_path):
    reference = docx.Document()
    styles = reference.styles.element
    for style in styles.iterfind("w:style", NS):
        style.attrib.pop(q("default"), None)
        if style.get(q("styleId")) == "BodyText":
            style.set(q("default"), "1")
    path = tmp_path / "odd.docx"
    reference.save(str(path))
    data, _ = build("Body.\n", reference_docx=path)
    marked = defaults(part(data, "word/styles.xml"))
    assert marked["paragraph"] == ["Normal"] and marked["table"] == ["Normal Table"]


# -- East Asian text in LibreOffice ------------------------------------------------------------------

CHINESE = "直骨今令角次写化。中文段落，简体中文：绿色就业。\n"  # 直骨今令角 differ between Chinese and Japanese forms


def with_styles(data: bytes, replace: list[tuple[bytes, bytes]]) -> bytes:
    """`data` with byte replacements made in word/styles.xml."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/styles.xml":
                for old, new in replace:
                    assert old in content, old
                    content = content.replace(old, new)
            target.writestr(info, content)
    return out.getvalue()


@pytest.mark.readers
def test_libreoffice_sets_simsun_in_noto_serif_cjk_sc_because_the_text_is_tagged_zh_cn(tmp_path):
    """LibreOffice has no SimSun on Linux: fontconfig, asked for SimSun in zh-CN, gives Noto Serif CJK SC. The
    page is pixel for pixel the page that names Noto Serif CJK SC itself; tagged en-GB it would not be."""
    import subprocess

    from ..support import need

    data, _ = build(CHINESE, annex=(), toc=False, language="en-GB")
    files = {
        "simsun": data,
        "noto-sc": with_styles(data, [(b'w:eastAsia="SimSun"', b'w:eastAsia="Noto Serif CJK SC"')]),
        "untagged": with_styles(data, [(b'w:eastAsia="zh-CN"', b'w:eastAsia="en-GB"')]),
    }
    for name, content in files.items():
        (tmp_path / f"{name}.docx").write_bytes(content)
    subprocess.run(
        [need("soffice"), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf"]
        + [str(tmp_path / f"{name}.docx") for name in files],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=300,
    )
    fonts = subprocess.run([need("pdffonts"), str(tmp_path / "simsun.pdf")], capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts and "DejaVu" not in fonts, fonts
    pages = {}
    for name in files:
        subprocess.run(
            [
                need("pdftoppm"),
                "-r",
                "60",
                "-f",
                "2",
                "-l",
                "2",
                "-png",
                str(tmp_path / f"{name}.pdf"),
                str(tmp_path / name),
            ],
            check=True,
        )
        (png,) = tmp_path.glob(f"{name}-*.png")
        pages[name] = png.read_bytes()
    assert pages["simsun"] == pages["noto-sc"]
    assert pages["untagged"] != pages["simsun"]
