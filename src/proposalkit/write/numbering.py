"""List numbering: two abstract definitions and a fresh w:num per Markdown list."""

from __future__ import annotations

from .ooxml import sub, w

LEVELS = 9
_BULLETS = ("\u2022", "\u25e6", "\u25aa")
_ORDERED_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
STEP = 360  # indent added per nesting level, in twips
HANGING = 360


def indent(level: int) -> int:
    """Left indent in twips of list text at nesting `level` (0-based)."""
    return STEP * (level + 1) + HANGING


class Numbering:
    """Adds list definitions to the document's numbering part as lists are met."""

    def __init__(self, document) -> None:
        self._root = document.part.numbering_part.element
        abstract_ids = [int(el.get(w("abstractNumId"))) for el in self._root.iter(w("abstractNum"))]
        num_ids = [int(el.get(w("numId"))) for el in self._root.iter(w("num"))]
        self._next_abstract = max(abstract_ids, default=-1) + 1
        self._next_num = max(num_ids, default=0) + 1
        self._abstract: dict[str, int] = {}
        # New w:num elements go before w:numIdMacAtCleanup, looked up once: a search of the part's children for
        # every list would grow with the square of the number of lists.
        self._cleanup = self._root.find(w("numIdMacAtCleanup"))

    def _abstract_id(self, kind: str) -> int:
        """The abstractNumId for list `kind` (bullet or ordered), added on first use."""
        if kind not in self._abstract:
            abstract_id = self._next_abstract
            self._next_abstract += 1
            self._abstract[kind] = abstract_id
            element = self._build_abstract(abstract_id, kind)
            existing = list(self._root.iter(w("abstractNum")))
            if existing:
                existing[-1].addnext(element)
            else:
                pics = list(self._root.iter(w("numPicBullet")))
                if pics:
                    pics[-1].addnext(element)
                else:
                    self._root.insert(0, element)
        return self._abstract[kind]

    def _build_abstract(self, abstract_id: int, kind: str):
        el = self._root.makeelement(w("abstractNum"), {w("abstractNumId"): str(abstract_id)})
        sub(el, "nsid", val="5052%04X" % (abstract_id & 0xFFFF))
        sub(el, "multiLevelType", val="multilevel")
        for level in range(LEVELS):
            lvl = sub(el, "lvl", ilvl=str(level))
            sub(lvl, "start", val="1")
            if kind == "ordered":
                sub(lvl, "numFmt", val=_ORDERED_FORMATS[level % 3])
                sub(lvl, "lvlText", val="%%%d." % (level + 1))
            else:
                sub(lvl, "numFmt", val="bullet")
                sub(lvl, "lvlText", val=_BULLETS[level % 3])
            sub(lvl, "lvlJc", val="left")
            ppr = sub(lvl, "pPr")
            sub(ppr, "ind", left=str(indent(level)), hanging=str(HANGING))
        return el

    def headings(self, levels: int = 3) -> int:
        """The numId of outline numbering for headings of `levels` levels: "1", "1.1", "1.1.1", the number then a
        space before the heading's text."""
        abstract_id = self._next_abstract
        self._next_abstract += 1
        el = self._root.makeelement(w("abstractNum"), {w("abstractNumId"): str(abstract_id)})
        sub(el, "nsid", val="5052%04X" % (abstract_id & 0xFFFF))
        sub(el, "multiLevelType", val="multilevel")
        for level in range(levels):
            lvl = sub(el, "lvl", ilvl=str(level))
            sub(lvl, "start", val="1")
            sub(lvl, "numFmt", val="decimal")
            sub(lvl, "suff", val="space")
            sub(lvl, "lvlText", val=".".join(f"%{n + 1}" for n in range(level + 1)))
            sub(lvl, "lvlJc", val="left")
            ppr = sub(lvl, "pPr")
            sub(ppr, "ind", left="0", firstLine="0")
        existing = list(self._root.iter(w("abstractNum")))
        if existing:
            existing[-1].addnext(el)
        else:
            self._root.insert(0, el)
        return int(self._new_num(abstract_id).get(w("numId")))

    def new_list(self, ordered: bool, level: int, start: int = 1) -> int:
        """The numId of a new list instance at `level` whose first item shows `start`."""
        num = self._new_num(self._abstract_id("ordered" if ordered else "bullet"))
        override = sub(num, "lvlOverride", ilvl=str(level))
        sub(override, "startOverride", val=str(start))
        return int(num.get(w("numId")))

    def _new_num(self, abstract_id: int):
        num_id = self._next_num
        self._next_num += 1
        num = self._root.makeelement(w("num"), {w("numId"): str(num_id)})
        sub(num, "abstractNumId", val=str(abstract_id))
        if self._cleanup is not None:
            self._cleanup.addprevious(num)
        else:
            self._root.append(num)
        return num
