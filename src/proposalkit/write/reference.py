"""The reference document a proposal is written into: python-docx's template or a donor's file."""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm, Mm

from .ooxml import w
from .styles import ensure_styles

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_DROPPED_RELTYPES = {_STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.THUMBNAIL}


def strip_extras(document) -> None:
    """Drop parts a generated proposal has no use for: stylesWithEffects, customXml, thumbnail."""
    for rels in (document.part.package.rels, document.part.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in _DROPPED_RELTYPES]:
            del rels[rid]
            rels.related_parts.pop(rid, None)


def clear_body(document) -> None:
    """Remove the reference document's content, keeping its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)


def load_reference(path: Path | None = None):
    """A python-docx Document to build on: `path` when given, else the A4 default template."""
    if path is not None:
        document = docx.Document(str(path))
    else:
        document = docx.Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        section.header_distance = section.footer_distance = Cm(1.25)
    strip_extras(document)
    clear_body(document)
    return document


@lru_cache(maxsize=8)
def _prepared(path: str | None, _stamp: int | None) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    document = load_reference(Path(path) if path else None)
    styles = ensure_styles(document, house=path is None)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue(), tuple(styles.items())


def prepared_reference(path: Path | None = None):
    """(document, style key -> styleId) ready to write into; the prepared package is cached per process."""
    stamp = path.stat().st_mtime_ns if path is not None else None
    data, styles = _prepared(str(path) if path is not None else None, stamp)
    return docx.Document(BytesIO(data)), dict(styles)
