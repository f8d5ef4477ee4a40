"""The renderer's two kinds of context: the scope of one point in the walk and the whole-document state."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from docx.shared import Cm, Mm

from ..base.strings import ENGLISH, Strings
from .comments import Comments
from .footnotes import Footnotes
from .numbering import Numbering


class Scope(NamedTuple):
    """What holds at one point of the walk: where output goes and how it is formatted."""

    container: Any  # receives block elements: w:body, w:tc
    parent: Any = None  # receives runs: a w:p or w:hyperlink; None between blocks
    para_style: str = "Body Text"
    ind_left: int | None = None  # twips; aligns later paragraphs of a list item with its text
    list_depth: int = -1
    list_num: int = 0
    strong: bool = False
    em: bool = False
    strike: bool = False
    link: bool = False
    widths: tuple[int, ...] = ()
    aligns: tuple[str | None, ...] = ()
    column: int = 0
    jc: str | None = None
    text_width: int = 0  # EMU between the margins of the page being written
    landscape: bool = False


@dataclass
class WriterState:
    """Output accumulated across the whole document: ids, definitions, parts, warnings."""

    numbering: Numbering
    footnotes: Footnotes
    comments: Comments | None = None  # a review copy's comments part
    link_rids: dict[str, str] = field(default_factory=dict)
    next_rid: int = 0  # the lowest rIdN that may be free; 0 until the first external link (see DocxRenderer.link_rid)
    bookmark_names: set[str] = field(default_factory=set)
    next_bookmark: int = 1
    next_docpr: int = 1
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # level, text (with its number), bookmark
    heading_numbers: list[int] | None = None  # the outline numbers so far, when headings are numbered
    heading_list: int = 0  # the numId of the headings' outline numbering
    in_annexes: bool = False  # past the body: annexes are not numbered as sections
    captions: dict[str, Caption] = field(default_factory=dict)  # label -> its numbered caption
    sequences: dict[str, int] = field(default_factory=dict)  # "Table"/"Figure" -> captions written so far
    strings: Strings = ENGLISH  # the fixed words of the document's language
    italic_emphasis: bool = True  # False for Han text, which Word would slant synthetically: see han_typography


class Caption(NamedTuple):
    """A numbered caption a cross-reference can point at."""

    kind: str  # "Table" or "Figure", the SEQ identifier and the word shown
    number: int
    bookmark: str


def bookmark_name(slug_source: str) -> str:
    """A Word-safe bookmark name for a heading text or `#anchor` (GitHub-style slug, `_` for `-`)."""
    slug = re.sub(r"[^\w\s-]", "", slug_source.strip().lower())
    name = re.sub(r"[\s-]", "_", slug)
    if not name or not name[0].isalpha():
        name = "h_" + name
    return name[:40]


def text_width(document, *, landscape: bool = False) -> int:
    """The width between the margins of the last section, in EMU (A4 with 2.5 cm margins if unset).

    With `landscape`, the width the same page turned on its side leaves between the same margins.
    """
    section = document.sections[-1]
    width, height = section.page_width or Mm(210), section.page_height or Mm(297)
    page = max(width, height) if landscape else width
    return int(page - (section.left_margin or Cm(2.5)) - (section.right_margin or Cm(2.5)))
