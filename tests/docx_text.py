"""Reading built documents back: all visible text, footnotes, styles of paragraphs."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def all_text(document) -> str:
    """Body paragraphs and table cells, one a line."""
    body = document.element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in body.iter(f"{{{W}}}p"))


def footnote_texts(path: Path) -> list[str]:
    """The text of each real footnote (separators left out)."""
    with zipfile.ZipFile(path) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return []
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    notes = []
    for note in root.findall("w:footnote", NS):
        if note.get(f"{{{W}}}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        notes.append("".join(t.text or "" for t in note.iter(f"{{{W}}}t")).strip())
    return notes
