"""Donor word limits: each section's words, as a reader counts them, against its `max_words`."""

from __future__ import annotations

from ..base.diagnostics import Diagnostics
from ..base.model import ParsedSection, Position
from ..base.paths import donor_file
from ..base.text import count_words, visible_text


def section_words(section: ParsedSection) -> int:
    """Words in a section, its heading included."""
    return count_words(section.title) + count_words(visible_text(section.tree))


def check_limits(
    sections: list[ParsedSection],
    limits: dict[str, tuple[int, Position | None]],
    donor_id: str,
    diags: Diagnostics,
    as_errors: bool,
) -> None:
    """Report each section over its donor's `max_words`, located at the limit in the donor file."""
    for section in sections:
        limit, position = limits.get(section.id, (None, None))
        if limit is None:
            continue
        words = section_words(section)
        if words > limit:
            message = f"section '{section.id}' has {words} words, over the {donor_id} limit of {limit} (max_words)"
            report = diags.error if as_errors else diags.warning
            report(position or Position(donor_file(donor_id)), "limit.max-words", message)
