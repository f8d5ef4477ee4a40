"""Deterministic .docx bytes: python-docx's package re-zipped with fixed names order and times."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"


def rezip(raw: bytes) -> bytes:
    """`raw` zip re-written: [Content_Types].xml first, the rest sorted, fixed dates and attributes."""
    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    names = sorted(entries, key=lambda name: (name != CONTENT_TYPES, name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


def document_bytes(document) -> bytes:
    """The saved bytes of a python-docx Document, made reproducible by `rezip`."""
    raw = io.BytesIO()
    document.save(raw)
    return rezip(raw.getvalue())
