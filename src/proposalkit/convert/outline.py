"""The page each heading of a document lands on, read from the outline (bookmarks) of LibreOffice's PDF of it.

LibreOffice exports an outline entry per heading with its destination page; the entries are matched, in
order and by their text, to the headings the writer numbered for the contents.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
_SPACE = re.compile(r"\s+")


def outline_pages(pdf: bytes) -> list[tuple[str, int]]:
    """(title, 1-based page) of every outline entry of `pdf`, in document order; [] when it has none."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []

    def walk(entries) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
                continue
            page = reader.get_destination_page_number(entry)
            if page is not None and page >= 0:
                found.append((str(entry.title), page + 1))

    try:
        walk(reader.outline)
    except (PyPdfError, KeyError, ValueError, TypeError):  # an outline pypdf cannot follow: keep the estimate
        return []
    return found


def _key(title: str) -> str:
    return _SPACE.sub(" ", _NUMBER.sub("", title)).strip().casefold()


def heading_pages(headings: Sequence[tuple[int, str, str]], outline: Sequence[tuple[str, int]]) -> list[int | None]:
    """The page of each heading (level, text, bookmark), matched in order to the outline by its text; None
    for a heading the outline does not hold."""
    pages: list[int | None] = []
    at = 0
    for _, text, _ in headings:
        wanted = _key(text)
        look = at
        while look < len(outline) and _key(outline[look][0]) != wanted:
            look += 1
        if look < len(outline):
            pages.append(outline[look][1])
            at = look + 1
        else:
            pages.append(None)
    return pages
