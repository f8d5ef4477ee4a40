"""Review comments: each dated by the proposal, so that a reader's round trip keeps a valid date."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile

import pytest
from lxml import etree

from proposalkit.write.comments import comment_date, initials
from proposalkit.write.document import write_docx

from ..support import need
from .test_docx_writer import NS, assembly, part, q


def review(**changes) -> bytes:
    return write_docx(assembly("One.\n\nTwo.\n", **changes), annotate=lambda text: ("Ann Reviewer", f"on {text}"))


def dates(data: bytes) -> list[str | None]:
    return [c.get(q("date")) for c in part(data, "word/comments.xml").iterfind("w:comment", NS)]


def test_every_comment_is_dated_by_the_proposal():
    assert dates(review()) == ["2009-12-01T00:00:00Z"] * 2


def test_an_undated_proposal_dates_its_comments_as_its_properties():
    assert dates(review(date=None)) == ["2000-01-01T00:00:00Z"] * 2


def test_dated_review_copies_are_byte_identical():
    assert review() == review()


def test_comment_date_is_an_xsd_datetime_in_utc():
    assert comment_date(dt.date(2010, 3, 9)) == "2010-03-09T00:00:00Z"


def test_initials():
    assert initials("ILO Office for China and Mongolia") == "IOCM"


def test_every_comment_of_the_example_review_copies_is_dated(example_builds):
    found = 0
    for name, path in example_builds.items():
        if not name.endswith("-review.docx"):
            continue
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/comments.xml"))
        stamps = [c.get(q("date")) for c in root.iterfind("w:comment", NS)]
        found += len(stamps)
        assert set(stamps) <= {"2009-12-01T00:00:00Z"}, name  # proposal.yaml's date
    assert found > 0


@pytest.mark.readers
def test_libreoffice_keeps_the_dates_on_a_round_trip(tmp_path):
    """Undated, LibreOffice wrote every comment back as 0-00-00T00:00:00Z, which Word refuses."""
    source = tmp_path / "review.docx"
    source.write_bytes(review())
    out = tmp_path / "out"
    subprocess.run(
        [
            need("soffice"),
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert dates((out / "review.docx").read_bytes()) == ["2009-12-01T00:00:00Z"] * 2
