"""An evidence item's sources: its `sources:` list, each a published source with its own date, or the
`source:` shorthand, one line of text printed as written."""

from __future__ import annotations

from typing import Any

from ..base.dates import WrittenDate, read_date
from ..base.diagnostics import Diagnostics, did_you_mean
from ..base.model import Position, Source
from .fields import ID_PATTERN, FieldReader

SOURCE_KEYS = ("id", "title", "author", "publisher", "date", "number", "url", "pages", "short", "language")


def read_sources(f: FieldReader, item_id: str, shorthand: str | None, diags: Diagnostics) -> tuple[Source, ...]:
    """The item's sources in the order written; the `source:` line stands for one when `sources:` is absent."""
    if not f.present("sources"):
        if shorthand is None:
            return ()
        when = read_date(shorthand)
        return (
            Source(
                key=item_id,
                item=item_id,
                text=shorthand,
                date=when.text if when.earliest else "",
                issued=when.earliest,
                latest=when.latest,
                year=when.year,
                position=f.pos("source"),
            ),
        )
    entries = f.list_of("sources")
    sources: list[Source] = []
    seen: dict[str, Position] = {}
    for index, entry in enumerate(entries):
        source = _source(f, index, entry, item_id, len(entries) > 1, diags)
        if source is None:
            continue
        first = seen.setdefault(source.key, source.position)
        if first is not source.position:
            diags.error(
                source.position,
                "evidence.invalid-field",
                f"source id '{source.key.split('/')[-1]}' is given twice (first at line {first.line})",
            )
            continue
        sources.append(source)
    return tuple(sources)


def _source(f: FieldReader, index: int, entry: Any, item_id: str, several: bool, diags: Diagnostics) -> Source | None:
    where = f.doc.pos("sources", index)
    if isinstance(entry, str):  # a source written as one line of text
        when = read_date(entry)
        key = f"{item_id}/{index + 1}" if several else item_id
        return Source(
            key=key,
            item=item_id,
            text=" ".join(entry.split()),
            date=when.text if when.earliest else "",
            issued=when.earliest,
            latest=when.latest,
            year=when.year,
            position=where,
        )
    s = f.child("sources", index)
    if s is None:
        diags.error(
            where,
            "evidence.invalid-field",
            "each source is a line of text or a mapping with title, author, publisher, date, ...",
        )
        return None
    for key in s.mapping:
        if key not in SOURCE_KEYS:
            diags.warning(
                s.doc.key_pos(*s.path, key),
                "evidence.unknown-field",
                f"unknown source field '{key}'{did_you_mean(key, SOURCE_KEYS)}; known: {', '.join(SOURCE_KEYS)}",
            )
    title = s.text("title", required=True)
    if title is None:
        return None
    own_id = s.text("id")
    if own_id is not None and not ID_PATTERN.match(own_id):
        s.error("id", "bad-id", f"'{own_id}' is not a valid source id: use lowercase letters, digits and hyphens")
        own_id = None
    key = f"{item_id}/{own_id or index + 1}" if several or own_id else item_id
    raw_date = s.mapping.get("date")
    dated: WrittenDate | None = (
        read_date(raw_date) if raw_date is not None and not isinstance(raw_date, (bool, dict, list)) else None
    )
    if raw_date is not None and dated is None:
        s.error(
            "date",
            "invalid-field",
            "a source's date is a date (YYYY-MM-DD, YYYY-MM, YYYY) or words such as 'March 2009'",
        )
    return Source(
        key=key,
        item=item_id,
        title=title,
        author=s.text("author") or "",
        publisher=s.text("publisher") or "",
        date=dated.text if dated else "",
        issued=dated.earliest if dated else None,
        latest=dated.latest if dated else None,
        exact=dated.exact if dated else "",
        year=dated.year if dated else "",
        number=s.text("number") or "",
        url=s.text("url") or "",
        pages=s.text("pages") or "",
        short=s.text("short") or "",
        language=s.language("language") or "",
        position=s.pos("date") if raw_date is not None else where,
    )
