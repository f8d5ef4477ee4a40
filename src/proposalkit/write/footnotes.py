"""The footnotes part: separators plus one note per citation, numbered in document order."""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from . import ooxml
from .ooxml import R_NS, W_NS, sub, w
from .package import fresh_part

_EMPTY = (
    f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


class Footnotes:
    """Owns word/footnotes.xml; `add` appends a note and returns its id."""

    def __init__(self, document, styles: dict[str, str]) -> None:
        self.element = fresh_part(document, "/word/footnotes.xml", CT.WML_FOOTNOTES, RT.FOOTNOTES, _EMPTY)
        self._text_style = styles["Footnote Text"]
        self._ref_style = styles["Footnote Reference"]
        self._emphasis = styles["Emphasis"]
        self.count = 0
        _declare_separators(document.settings.element)

    def add(self, note: str) -> int:
        """Append a footnote reading `note`; its id (1, 2, ...) in the order notes are added."""
        self.count += 1
        footnote = sub(self.element, "footnote", id=str(self.count))
        p = ooxml.paragraph(footnote, self._text_style)
        ooxml.footnote_ref_mark(p, self._ref_style)
        write_marked(p, " " + note, self._emphasis)
        return self.count


def write_marked(p, text: str, emphasis_style: str) -> None:
    """`text` as runs of `p`, each `*span*` in the Emphasis style (how citation styles mark titles)."""
    for n, piece in enumerate(text.split("*")):
        if piece:
            ooxml.text_run(p, piece, emphasis_style if n % 2 else None)


def _declare_separators(settings) -> None:
    """Point settings' footnotePr at the separator notes, as Word itself writes them."""
    if settings.find(w("footnotePr")) is not None:
        return
    pr = parse_xml(f'<w:footnotePr xmlns:w="{W_NS}"><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
    ooxml.insert_before_any(settings, pr, ooxml.settings_after("footnotePr"))
