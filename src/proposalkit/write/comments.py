"""The comments part of a review copy: one Word comment per paragraph that comes from an evidence item,
each dated (by the proposal's date, never the clock) so that readers keep a valid date on a round trip."""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from . import ooxml
from .ooxml import R_NS, W_NS, sub, w
from .package import fresh_part

UNDATED = "2000-01-01T00:00:00Z"  # until `date_comments` gives the proposal's date (properties.EPOCH)


def comment_date(day) -> str:
    """The w:date (xsd:dateTime, UTC) of comments made on `day`: its midnight."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}T00:00:00Z"


def date_comments(document, day) -> None:
    """Date every comment of `document`'s comments part `day`."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.COMMENTS:
            root = getattr(rel.target_part, "element", None)
            for comment in root.iter(w("comment")) if root is not None else ():
                comment.set(w("date"), comment_date(day))


def initials(author: str) -> str:
    """Up to four initials of `author`'s words, as Word shows beside a comment."""
    words = author.replace("-", " ").split()
    named = [word for word in words if word[0].isupper()] or words  # "ILO Office for China" -> IOC
    return "".join(word[0] for word in named if word[0].isalnum())[:4].upper() or "?"


class Comments:
    """Owns word/comments.xml; `attach` comments on a written paragraph."""

    def __init__(self, document, styles: dict[str, str]) -> None:
        self.element = fresh_part(
            document,
            "/word/comments.xml",
            CT.WML_COMMENTS,
            RT.COMMENTS,
            f'<w:comments xmlns:w="{W_NS}" xmlns:r="{R_NS}"/>',
        )
        self._text_style = styles["Comment Text"]
        self._ref_style = styles["Comment Reference"]
        self.count = 0

    def attach(self, p, author: str, text: str) -> int:
        """Comment `text` by `author` on all of paragraph `p`; returns the comment's id (0, 1, ...)."""
        comment_id = str(self.count)
        self.count += 1
        comment = sub(self.element, "comment", id=comment_id, author=author, date=UNDATED, initials=initials(author))
        note = ooxml.paragraph(comment, self._text_style)
        sub(ooxml.run(note, self._ref_style), "annotationRef")
        ooxml.text_run(note, text)
        start = etree.Element(w("commentRangeStart"))
        start.set(w("id"), comment_id)
        has_properties = len(p) and p[0].tag == w("pPr")
        p.insert(1 if has_properties else 0, start)
        sub(p, "commentRangeEnd", id=comment_id)
        sub(ooxml.run(p, self._ref_style), "commentReference", id=comment_id)
        return self.count - 1
