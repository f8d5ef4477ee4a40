"""Donor length limits: each section's words, as a reader counts them, against its `max_words`, and its
characters, with or without spaces as the donor counts them, against its `max_chars`."""

from __future__ import annotations

from collections.abc import Mapping

from ..base.diagnostics import Diagnostics, citing_rule
from ..base.model import ParsedSection, Position
from ..base.paths import donor_file
from ..base.text import count_words, visible_text


def section_words(section: ParsedSection) -> int:
    """Words in a section, its heading included."""
    return count_words(section.title) + count_words(visible_text(section.tree))


def section_chars(section: ParsedSection, *, spaces: bool) -> int:
    """Characters in a section, its heading included, as Word counts them: with spaces (a run of white space
    between words is one), or without any."""
    text = " ".join(f"{section.title} {visible_text(section.tree)}".split())
    return len(text) if spaces else len(text.replace(" ", ""))


def check_char_limits(
    sections: list[ParsedSection],
    limits: dict[str, tuple[int, Position | None]],
    donor_id: str,
    spaces: bool,
    diags: Diagnostics,
    as_errors: bool,
    rules: Mapping[str, str] | None = None,
) -> None:
    """Report each section over its donor's `max_chars`, located at the limit in the donor file."""
    counted = "characters with spaces" if spaces else "characters without spaces"
    for section in sections:
        limit, position = limits.get(section.id, (None, None))
        if limit is None:
            continue
        chars = section_chars(section, spaces=spaces)
        if chars > limit:
            message = (
                f"section '{section.id}' has {chars:,} {counted}, over the {donor_id} limit of {limit:,} (max_chars)"
            )
            report = diags.error if as_errors else diags.warning
            message = citing_rule(message, (rules or {}).get(section.id, ""))
            report(position or Position(donor_file(donor_id)), "limit.max-chars", message)


def check_limits(
    sections: list[ParsedSection],
    limits: dict[str, tuple[int, Position | None]],
    donor_id: str,
    diags: Diagnostics,
    as_errors: bool,
    rules: Mapping[str, str] | None = None,
) -> None:
    """Report each section over its donor's `max_words`, located at the limit in the donor file."""
    for section in sections:
        limit, position = limits.get(section.id, (None, None))
        if limit is None:
            continue
        words = section_words(section)
        if words > limit:
            message = f"section '{section.id}' has {words} words, over the {donor_id} limit of {limit} (max_words)"
            message = citing_rule(message, (rules or {}).get(section.id, ""))
            report = diags.error if as_errors else diags.warning
            report(position or Position(donor_file(donor_id)), "limit.max-words", message)
