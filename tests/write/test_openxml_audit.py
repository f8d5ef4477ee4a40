"""openxml-audit, the OOXML schema and semantics checker, finds nothing in the golden fixture or in any variant
of the example and its review copy."""

from __future__ import annotations

import pytest

from proposalkit.write.document import write_docx

from .test_docx_writer import ALL, assembly

audit = pytest.importorskip("openxml_audit", reason="openxml-audit is not installed (pip install -e '.[test]')")


def findings(path) -> list[str]:
    """Every error and warning openxml-audit reports for the file at `path`, one line each."""
    result = audit.OpenXmlValidator(max_errors=0).validate(str(path))
    lines = [f"{e.severity.value}: {e.part_uri} {e.path}: {e.description}" for e in result.errors]
    if not lines and (result.error_count or result.warning_count or not result.is_valid):
        lines.append(f"{result.error_count} errors, {result.warning_count} warnings")
    return lines


def test_golden_fixture_has_no_findings(tmp_path):
    path = tmp_path / "all-constructs.docx"
    path.write_bytes(write_docx(assembly(ALL)))
    assert findings(path) == []


EXAMPLE_FILES = [
    f"green-jobs-china-2010-{donor}{kind}.docx"
    for donor in ("ausaid", "eu", "ilo", "mdgf", "mohrss")
    for kind in ("", "-review")
]


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_variant_and_review_copy_of_the_example_has_no_findings(example_builds, name):
    assert findings(example_builds[name]) == []


def test_the_audit_does_report_a_broken_file(tmp_path):
    """The check above means something: a stray element in a table's properties is a finding."""
    import io
    import zipfile

    good = write_docx(assembly("| a |\n|---|\n| b |\n"))
    bad = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:tblLook ", b"<w:bogus/><w:tblLook ", 1)
            target.writestr(info, data)
    path = tmp_path / "broken.docx"
    path.write_bytes(bad.getvalue())
    assert any("bogus" in line for line in findings(path))
