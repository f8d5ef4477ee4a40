"""Landscape blocks: `::: landscape` (or Pandoc's `::: {.landscape}`) ... `:::` fenced divs, whose content the
writer puts on pages turned on their side. The parser reads the fence (a container_landscape node); this
module says which fences are landscape ones."""

from __future__ import annotations

import re

_LANDSCAPE = re.compile(r"\s*(?:landscape|\{\s*\.landscape\s*\})\s*")


def is_landscape(params: str, _markup: str = "") -> bool:
    """Whether a fenced div's opening line asks for a landscape block."""
    return _LANDSCAPE.fullmatch(params) is not None
