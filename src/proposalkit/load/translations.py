"""Translations beside their sources: `NAME.LANG.md` beside evidence item `NAME.md`, `NAME.LANG.md.j2` beside
section template `NAME.md.j2`, LANG a BCP 47 tag with a region or script (`zh-CN`, `fr-FR`, `zh-Hans`).

An evidence translation has front matter with the translated `title` and the `source_fingerprint` of the
item's title and body it was made from (metrics, dates, status and sources come from the item itself, so
figures are quoted from one place); its body is the translated body. A template translation starts with a
comment that records the fingerprint of the template it was made from:

    {#- translation of sections/summary.md.j2, source_fingerprint: sha256:… -#}

`proposalkit new translation` writes both forms.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..base.diagnostics import Diagnostics
from ..base.inputs import InputRefused, input_files, read_input
from ..base.model import Position, Translation
from ..base.paths import EVIDENCE_DIR, TEMPLATES_DIR
from .fields import FieldReader
from .source import load_yaml, read_text, require_mapping, split_front_matter

LANGUAGE_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}-(?:[A-Z]{2}|[A-Z][a-z]{3}|\d{3}))$")
TEMPLATE_HEADER = re.compile(
    r"^\{#-?\s*translation of (?P<source>\S+), source_fingerprint: (?P<fingerprint>sha256:[0-9a-f]{64})\s*-?#\}"
)
KNOWN_FIELDS = {"title", "source_fingerprint", "translator", "language"}


def language_of(path: Path, suffix: str) -> tuple[str, str] | None:
    """(source stem, language) of a translation's file name, or None for a source file."""
    name = path.name[: -len(suffix)] if path.name.endswith(suffix) else None
    match = LANGUAGE_SUFFIX.match(name or "")
    return (match["stem"], match["lang"]) if match else None


def is_translation(path: Path) -> bool:
    return language_of(path, ".md") is not None or language_of(path, ".md.j2") is not None


def load_translations(root: Path, diags: Diagnostics) -> dict[tuple[str, str], Translation]:
    """Every translation of the workspace by (source, language): evidence ids and template names."""
    found: dict[tuple[str, str], Translation] = {}
    evidence = root / EVIDENCE_DIR
    if evidence.is_dir():
        for path in input_files(root, EVIDENCE_DIR, "*.md", diags):
            named = language_of(path, ".md")
            if named is None or "data" in path.relative_to(evidence).parts[:1]:
                continue
            translation = _evidence_translation(root, path, *named, diags)
            if translation is not None:
                found[(translation.source, translation.language)] = translation
    templates = root / TEMPLATES_DIR
    if templates.is_dir():
        for path in input_files(root, TEMPLATES_DIR, "*.md.j2", diags):
            named = language_of(path, ".md.j2")
            if named is None:
                continue
            translation = _template_translation(root, path, *named, diags)
            if translation is not None:
                found[(translation.source, translation.language)] = translation
    return found


class _Fields(FieldReader):
    """The front matter of a translation: every problem with a field is `translation.invalid`."""

    def error(self, key: str | None, suffix: str, message: str) -> None:
        self.diags.error(self.pos(key), "translation.invalid", message)


def _evidence_translation(root: Path, path: Path, stem: str, language: str, diags: Diagnostics) -> Translation | None:
    rel = path.relative_to(root).as_posix()
    text = read_text(path, rel, diags)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        diags.error(
            Position(rel), "translation.invalid", "a translation starts with front matter: title, source_fingerprint"
        )
        return None
    front, body, body_line = parts
    doc = load_yaml(front, rel, diags, line_offset=1)
    data = require_mapping(doc, diags, "front matter") if doc is not None else None
    if doc is None or data is None:
        return None
    for key in data:
        if str(key) not in KNOWN_FIELDS:
            diags.warning(doc.key_pos(key), "translation.invalid", f"unknown field '{key}' in a translation")
    f = _Fields(doc, data, (), "translation", diags)
    title = f.text("title", required=True)
    fingerprint = f.text("source_fingerprint", required=True)
    if title is None or fingerprint is None:
        return None
    return Translation(
        _item_id(root, root / rel, stem),
        language,
        rel,
        fingerprint,
        doc.pos("source_fingerprint"),
        title,
        body,
        body_line,
    )


def _item_id(root: Path, path: Path, stem: str) -> str:
    """The id of the item a translation translates: the `id:` of `STEM.md` beside it, else the stem."""
    source = path.with_name(f"{stem}.md")
    try:
        head = read_input(source, root).decode("utf-8-sig", errors="replace")[:4000]
    except InputRefused:
        return stem
    match = re.search(r"^id:\s*([a-z0-9][a-z0-9-]*)\s*$", head, re.M)
    return match.group(1) if match else stem


def _template_translation(root: Path, path: Path, stem: str, language: str, diags: Diagnostics) -> Translation | None:
    rel = path.relative_to(root).as_posix()
    text = read_text(path, rel, diags)
    if text is None:
        return None
    name = path.relative_to(root / TEMPLATES_DIR).with_name(f"{stem}.md.j2").as_posix()
    match = TEMPLATE_HEADER.match(text)
    if match is None:
        diags.error(
            Position(rel),
            "translation.invalid",
            f"a template translation starts with '{{#- translation of {name}, source_fingerprint: sha256:… -#}}' "
            "(proposalkit new translation writes it)",
        )
        return None
    return Translation(name, language, rel, match["fingerprint"], Position(rel, 1, match.start("fingerprint") + 1))
