"""Placeholders left in the text: the marks a writer leaves where something is still to come ("TODO",
"to be stated"), found in what a variant prints and reported where they were written.

The list is PLACEHOLDERS below plus the proposal's own (`placeholders:` in proposal.yaml). Upper-case
marks (TODO, TBD, XXX) match as whole words in that case only, so "todo" in prose is left alone; phrases
match in any case. Each section reports its first PER_SECTION one by one, then how many more. A build or
check warns; `--final` makes each an error, since a placeholder is
something the document cannot be submitted with.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ..base.diagnostics import Diagnostics
from ..base.model import Donor, Position, RenderedSection

PER_SECTION = 20  # placeholders reported one by one in a section; the rest are counted in one more line
PLACEHOLDERS = (
    "TODO",
    "TBD",
    "TBC",
    "XXX",
    "FIXME",
    "lorem ipsum",
    "[TO BE COMPLETED]",
    "to be stated",
    "to be added",
    "to be completed",
    "to be confirmed later",
)


def placeholder_pattern(extra: Sequence[str] = ()) -> re.Pattern[str]:
    """One pattern for every placeholder: upper-case words as whole words, exactly; phrases in any case."""
    marks = sorted({*PLACEHOLDERS, *(e for e in extra if e.strip())}, key=len, reverse=True)
    parts = []
    for mark in marks:
        body = re.escape(mark.strip())
        start = r"\b" if mark[:1].isalnum() else ""
        end = r"\b" if mark[-1:].isalnum() else ""
        if mark.isupper() and " " not in mark.strip() and mark.strip().isalpha():
            parts.append(f"{start}{body}{end}")
        else:
            parts.append(f"(?i:{start}{body}{end})")
    return re.compile("|".join(parts))


def check_placeholders(
    rendered: Sequence[RenderedSection],
    donor: Donor,
    cover: Sequence[tuple[str, str]],
    extra: Sequence[str],
    diags: Diagnostics,
    *,
    final: bool,
) -> None:
    """Report each placeholder a variant prints: in a section, where its template or evidence item wrote it;
    on the cover, at the donor profile's field."""
    pattern = placeholder_pattern(extra)
    report = diags.error if final else diags.warning
    seen: set[tuple[Position, str]] = set()

    def note(position: Position, mark: str, where: str) -> None:
        if (position, mark.lower()) in seen:
            return
        seen.add((position, mark.lower()))
        report(position, "content.placeholder", f"placeholder '{mark}' {where}; replace it before submitting")

    marks = [m.strip().lower() for m in {*PLACEHOLDERS, *(e for e in extra if e.strip())}]
    ascii_marks = all(mark.isascii() for mark in marks)
    for section in rendered:
        if section.sources is None:
            continue
        if ascii_marks and section.markdown.isascii():  # in ASCII, lower() is what the pattern's case rules are
            lowered = section.markdown.lower()
            if not any(mark in lowered for mark in marks):
                continue  # nothing the pattern could match: a scan of the whole text spared
        found = list(itertools.islice(pattern.finditer(section.markdown), PER_SECTION + 1))
        for match in found[:PER_SECTION]:
            note(section.sources.position(match.start()), match.group(0), f"in section '{section.id}'")
        if len(found) > PER_SECTION:
            more = sum(1 for _ in pattern.finditer(section.markdown)) - PER_SECTION
            report(
                section.template,
                "content.placeholder",
                f"{more:,} more placeholders in section '{section.id}' after the first {PER_SECTION}; "
                "replace them before submitting",
            )
    values = dict(cover)
    for field in donor.cover_fields:
        for text in (field.value, values.get(field.label, "")):
            for match in pattern.finditer(text):
                note(field.position, match.group(0), f"on the cover ('{field.label}')")
