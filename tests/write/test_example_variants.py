"""Every variant of the repository's example and its review copy, read back: what Word itself shows of them."""

from __future__ import annotations

import zipfile

from lxml import etree

from .test_docx_writer import NS, q


def xml(path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def test_every_variant_and_review_copy_is_in_word_2013_mode(example_builds):
    for name, path in example_builds.items():
        modes = [
            s.get(q("val"))
            for s in xml(path, "word/settings.xml").iterfind("w:compat/w:compatSetting", NS)
            if s.get(q("name")) == "compatibilityMode"
        ]
        assert modes == ["15"], name


def test_normal_is_the_default_paragraph_style_of_every_variant(example_builds):
    for name, path in example_builds.items():
        marked = [
            s.find("w:name", NS).get(q("val"))
            for s in xml(path, "word/styles.xml").iterfind("w:style[@w:type='paragraph']", NS)
            if s.get(q("default")) == "1"
        ]
        assert marked == ["Normal"], name
