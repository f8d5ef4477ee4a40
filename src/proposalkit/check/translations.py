"""Translations that cannot drift: each checked against its source for staleness, figures and glossary terms.

- **Stale** (`translation.stale`): the source's fingerprint is no longer the one the translation recorded.
  Where git history holds the source as it was translated (a commit whose text has the recorded
  fingerprint), the message says what changed; a change of white space and punctuation only is called
  minor. A warning in `check`, an error under `--final`.
- **Figures** (`translation.figures`): the numbers of a translation must be its source's. Numbers are read
  with any thousands separator (2,400 / 2 400 / 2400) and with 万 (10,000) and 亿 (100,000,000) units, so
  "70万" is 700,000; days, months and ordinals are not figures. Each number of the translation its source lacks is warned at its line; each of the
  source's that the translation lacks, at the translation's first line of text.
- **Glossary** (`translation.glossary`): `templates/glossary.csv` has one column per language (`en`,
  `zh-CN`, ...) of approved term pairs; a source using a term whose approved rendering its translation
  lacks is warned at the translation's first line of text.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from collections import Counter

from ..base.dates import MONTH_WORDS
from ..base.diagnostics import Diagnostics
from ..base.fingerprints import body_fingerprint
from ..base.inputs import InputRefused, read_input
from ..base.model import Position, Translation, Workspace
from ..base.paths import TEMPLATES_DIR
from ..load.source import split_front_matter

# A number: not inside a Latin word or another number (a Han character may come right before it), with any
# thousands separator, and a unit word that multiplies it.
# Days and months are dates, not figures: a number before 月, 日 or 号, or before a month's name ("20 June"),
# and an ordinal ("11th", as 十一五 has it) are left out, in either language.
_MONTH = "|".join(MONTH_WORDS)
_NOT_A_FIGURE = (  # also the first day of a range, "30–31 March"
    rf"(?!\d|[\s\u00a0]*(?:月|日|号|(?:st|nd|rd|th)\b|(?:{_MONTH})\b)|(?:[\u2013-]|\s+(?:to|and)\s+)\d{{1,2}}[\s\u00a0]*(?:{_MONTH})\b)"
)
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.,\u00a0\u202f])(\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)|\d+)(?:\.(\d+))?"
    + _NOT_A_FIGURE
    + r"\s*(万|亿|million\b|billion\b|thousand\b)?"
)
_UNITS = {"万": 10_000, "亿": 100_000_000, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
GLOSSARY = "glossary.csv"
HISTORY = 30  # commits of a source's history searched for the text a translation was made from


def numbers(text: str) -> Counter:
    """The numbers written in `text`, as values: separators dropped, 万 and 亿 multiplied out."""
    found: Counter = Counter()
    for match in _NUMBER.finditer(text):
        whole = re.sub(r"[,\u00a0\u202f ]", "", match[1])
        value = float(f"{whole}.{match[2]}" if match[2] else whole) * _UNITS.get(match[3] or "", 1)
        found[round(value, 4)] += 1
    return found


def source_text(ws: Workspace, translation: Translation) -> tuple[str, str] | None:
    """(the text of the translation's source as its fingerprint reads it, the source's path), or None: an
    item's title and body joined as evidence_fingerprint joins them, or a template's text, so that
    body_fingerprint of the text is the source's fingerprint either way."""
    item = ws.evidence.get(translation.source)
    if item is not None:
        return f"{item.title}\n{item.body}", item.path
    path = ws.root / TEMPLATES_DIR / translation.source
    try:
        text = read_input(path, ws.root).decode("utf-8-sig")
    except (InputRefused, UnicodeDecodeError):
        return None
    return text.replace("\r\n", "\n"), path.relative_to(ws.root).as_posix()


def _as_translated(ws: Workspace, translation: Translation, rel: str) -> str | None:
    """The source's text in the commit whose version has the fingerprint the translation recorded."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        log = subprocess.run(
            [git, "-C", str(ws.root), "log", f"-{HISTORY}", "--format=%H", "--", rel],
            capture_output=True,
            text=True,
            timeout=10,
        )
        if log.returncode != 0:
            return None
        top = subprocess.run(
            [git, "-C", str(ws.root), "rev-parse", "--show-prefix"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        for commit in log.stdout.split():
            shown = subprocess.run(
                [git, "-C", str(ws.root), "show", f"{commit}:{top}{rel}"], capture_output=True, timeout=10
            )
            if shown.returncode != 0:
                continue
            old = shown.stdout.decode("utf-8", errors="replace").replace("\r\n", "\n")
            if translation.source in ws.evidence:
                parts = split_front_matter(old)
                if parts is None:
                    continue
                title = re.search(r"^title:\s*(.+?)\s*$", parts[0], re.M)
                raw_title = (title[1] if title else "").strip().strip("\"'")
                candidate = f"{raw_title}\n{parts[1]}"
            else:
                candidate = old
            if body_fingerprint(candidate) == translation.fingerprint:
                return candidate
    except (OSError, subprocess.SubprocessError):
        return None
    return None


def _what_changed(before: str, after: str) -> str:
    """A short account of the difference: minor (white space and punctuation only), else the first words."""
    squeeze = lambda text: re.sub(r"[\W_]+", "", text)  # noqa: E731
    if squeeze(before) == squeeze(after):
        return "minor: white space and punctuation only"
    old, new = before.split(), after.split()
    import difflib

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            was, now = " ".join(old[i1:i2])[:60], " ".join(new[j1:j2])[:60]
            return (
                f"first change: '{was}' -> '{now}'"
                if was and now
                else (f"added '{now}'" if now else f"removed '{was}'")
            )
    return "changed"


def _glossary(ws: Workspace, diags: Diagnostics) -> list[dict[str, str]]:
    path = ws.root / TEMPLATES_DIR / GLOSSARY
    if not os.path.lexists(path):
        return []
    try:
        rows = list(csv.DictReader(io.StringIO(read_input(path, ws.root).decode("utf-8-sig"))))
    except InputRefused as exc:
        diags.error(Position(f"{TEMPLATES_DIR}/{GLOSSARY}"), exc.code, str(exc))
        return []
    except (UnicodeDecodeError, csv.Error) as exc:
        diags.error(
            Position(f"{TEMPLATES_DIR}/{GLOSSARY}"), "translation.invalid", f"the glossary cannot be read: {exc}"
        )
        return []
    return rows


def check_translations(ws: Workspace, language: str, diags: Diagnostics, *, final: bool) -> None:
    """Report every translation into `language` that is stale, or whose figures or terms differ from its source."""
    glossary = _glossary(ws, diags)
    source_language = ws.proposal.language.split("-")[0]
    for (source, lang), translation in sorted(ws.translations.items()):
        if lang != language:
            continue
        found = source_text(ws, translation)
        if found is None:
            diags.warning(
                translation.fingerprint_position,
                "translation.stale",
                f"{translation.path} translates '{source}', which the workspace no longer has",
            )
            continue
        text, rel = found
        if body_fingerprint(text) != translation.fingerprint:
            before = _as_translated(ws, translation, rel)
            what = f" ({_what_changed(before, text)})" if before is not None else ""
            report = diags.error if final else diags.warning
            report(
                translation.fingerprint_position,
                "translation.stale",
                f"{rel} changed since this translation was made{what}; update the translation, then its "
                "source_fingerprint (proposalkit translation status shows the new one)",
            )
        if translation.body:  # an evidence translation: its figures and terms against the item's
            _figures(ws, translation, diags)
            _terms(
                translation, ws.evidence[source].body if source in ws.evidence else "", glossary, source_language, diags
            )


def _body_position(translation: Translation, offset: int) -> Position:
    line = translation.body.count("\n", 0, offset)
    return Position(translation.path, translation.body_line + line, 1)


def _figures(ws: Workspace, translation: Translation, diags: Diagnostics) -> None:
    item = ws.evidence[translation.source]
    theirs, ours = numbers(item.body), numbers(translation.body)
    for match in _NUMBER.finditer(translation.body):
        value = next(iter(numbers(match[0])), None)
        if value is not None and value not in theirs:
            diags.warning(
                _body_position(translation, match.start()),
                "translation.figures",
                f"figure '{match[0].strip()}' is not in the source {item.path}: a translation quotes the source's figures",
            )
    missing = sorted(v for v in theirs if v not in ours)
    if missing:
        shown = ", ".join(
            (f"{v:,.0f}" if v >= 10_000 else f"{v:.0f}") if float(v).is_integer() else f"{v:,}" for v in missing[:5]
        )
        diags.warning(
            _body_position(translation, 0),
            "translation.figures",
            f"figures of {item.path} missing from the translation: {shown}",
        )


def _terms(translation: Translation, source: str, glossary, source_language: str, diags: Diagnostics) -> None:
    for row in glossary:
        term = (row.get(source_language) or row.get("en") or "").strip()
        rendering = (row.get(translation.language) or "").strip()
        if not term or not rendering:
            continue
        if re.search(rf"(?i)\b{re.escape(term)}\b", source) and rendering not in translation.body:
            diags.warning(
                _body_position(translation, 0),
                "translation.glossary",
                f"the source uses '{term}', whose approved {translation.language} rendering '{rendering}' "
                f"(templates/{GLOSSARY}) the translation lacks",
            )
