"""Figures typed in a section checked against the metrics of the evidence it cites.

Two warnings, both about figures a person typed (in a template, or in an evidence body shown in the
section); figures that templates print from expressions or tables are never checked:

- `metrics.literal-figure`: a template types a figure equal to a metric of an item the section cites,
  which it could quote by reference instead;
- `metrics.contradiction`: a sentence (of a paragraph, list item or table row) cites an item, and a figure
  in it is attached to the unit word of exactly one metric of the items the sentence cites, but differs
  from it.

A figure is *attached* to a unit when the unit follows it with at most two words between
("20 selected training institutions"), or, for a currency code, directly precedes it ("USD 700,000").
Years (1900-2099 written without a separator), dates ("30 November", "20–21 January"), list markers
and numbers inside citations and links are not figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from ..base.dates import MONTH_WORDS
from ..base.diagnostics import Diagnostics
from ..base.model import EvidenceItem, RenderedSection
from ..base.sourcemap import TEMPLATE
from ..load.currencies import is_currency
from ..parse.extensions.citations import ANY_CITATION, item_of, split_citation

_MONTH = "|".join(MONTH_WORDS)
_NUMBER = re.compile(r"(?<![\w.,/@#$%&+=-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\w|[.,/]\d|-\w)")
_SCALE = re.compile(r"\s+(thousand|million|billion)\b", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_DATE_AFTER = re.compile(rf"(?:\s*[–-]\s*\d{{1,2}})?\s+(?:{_MONTH})\b")
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTH})\s+$")
_LIST_MARKER = re.compile(r"^\s*$")
_WORD = re.compile(r"\s*([^\W\d_][\w'’-]*)")
_STOP = {"and", "or", "to", "than", "of", "per", "from", "in", "at", "by", "for", "with", "on", "a", "an", "the"}
_UNIT_ALIASES = {
    "pct": ("per cent", "percent", "%"),
    "percent": ("per cent", "percent", "%"),
    "per cent": ("per cent", "percent", "%"),
}
# Spans that hold no figures of the text: citations, link targets, inline code, autolinks and URLs.
_MASK = re.compile(r"\[@[^\]\n]*\]|\]\([^)\n]*\)|`[^`\n]*`|<[^>\n]*>|https?://\S+|\{\s*#[^}\n]*\}")


@dataclass(frozen=True)
class Metric:
    """One metric of one evidence item, with the unit words a figure of it is written with."""

    item: str
    name: str
    value: float
    units: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    """A number as typed in rendered Markdown: its text, value, offset and the unit it is attached to."""

    text: str
    value: float
    start: int
    end: int
    plain: bool  # an integer without separator or scale: years and list numbers look like this


def metric_units(name: str, unit: str | None) -> tuple[str, ...]:
    """The words a figure of this metric is written with: its `unit`, else the last word of its name."""
    word = unit.strip() if unit else re.split(r"[_\-\s]+", name.strip())[-1]
    if not word:
        return ()
    return _UNIT_ALIASES.get(word.lower(), (word,))


def item_metrics(item: EvidenceItem) -> list[Metric]:
    units = getattr(item, "metric_units", {}) or {}
    return [
        Metric(item.id, name, float(value), metric_units(name, units.get(name)))
        for name, value in item.metrics.items()
        if isinstance(value, (int, float)) and not isinstance(value, bool)
    ]


def cited_ids(text: str, evidence: Mapping[str, EvidenceItem]) -> list[str]:
    """Known evidence ids cited in `text`, in order of first citation."""
    found: list[str] = []
    for match in ANY_CITATION.finditer(text):
        for key, _ in split_citation(match.group(0)[1:-1]) or []:
            item_id = item_of(key)
            if item_id in evidence and item_id not in found:
                found.append(item_id)
    return found


def find_figures(text: str) -> list[Figure]:
    """The figures of a block of Markdown, dates, years and list markers left out."""
    masked = _masked(text)
    figures = []
    for match in _NUMBER.finditer(masked):
        digits, decimals = match.group(1), match.group(2) or ""
        value = float(digits.replace(",", "") + decimals)
        end = match.end()
        scale = _SCALE.match(masked, end)
        if scale:
            value *= _SCALES[scale.group(1).lower()]
            end = scale.end()
        plain = "," not in digits and not decimals and not scale
        if plain and 1900 <= value <= 2099 and len(digits) == 4:
            continue  # a year
        if _DATE_AFTER.match(masked, match.end()) or _DATE_BEFORE.search(
            masked[max(0, match.start() - 12) : match.start()]
        ):
            continue  # a day of a month
        line_start = masked.rfind("\n", 0, match.start()) + 1
        before = masked[line_start : match.start()]
        if _LIST_MARKER.match(before) and re.match(r"[.)](\s|$)", masked[match.end() : match.end() + 2]):
            continue  # "1. " starting a list item
        figures.append(Figure(text[match.start() : end], value, match.start(), end, plain))
    return figures


@cache
def _unit_pattern(unit: str) -> re.Pattern:
    words = r"\s+".join(re.escape(w) for w in unit.split())
    return re.compile(r"\s*" + words + (r"(?!\w)" if unit[-1:].isalnum() else ""), re.IGNORECASE)


@lru_cache(maxsize=4096)
def _masked(text: str) -> str:
    return _MASK.sub(lambda m: " " * len(m.group(0)), text)


def attached(text: str, figure: Figure, units: Iterable[str]) -> bool:
    """Whether `figure` is written with one of `units`: after it within two words, or a currency code before it."""
    masked = _masked(text)
    patterns = [_unit_pattern(unit) for unit in units]
    pos = figure.end
    for _ in range(3):
        if any(p.match(masked, pos) for p in patterns):
            return True
        word = _WORD.match(masked, pos)
        if word is None or word.group(1).lower() in _STOP:
            break
        pos = word.end()
    before = masked[: figure.start].rstrip()
    for unit in units:
        if (
            len(unit) == 3
            and is_currency(unit.upper())
            and re.search(rf"(?<!\w){re.escape(unit)}$", before, re.IGNORECASE)
        ):
            return True
    return False


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def blocks(markdown: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph, list item and table row of the Markdown."""
    found: list[tuple[int, str]] = []
    start = None
    offset = 0
    lines = markdown.split("\n")
    for line in lines:
        stripped = line.strip()
        boundary = (
            not stripped
            or stripped.startswith("|")
            or re.match(r"([-*+]|\d+[.)])\s", stripped)
            or stripped.startswith("#")
            or stripped.startswith(":::")
        )
        if boundary and start is not None:
            found.append((start, markdown[start : offset - 1] if offset else ""))
            start = None
        if stripped:
            if stripped.startswith("|") or stripped.startswith("#"):
                found.append((offset, line))
            elif start is None:
                start = offset
        offset += len(line) + 1
    if start is not None:
        found.append((start, markdown[start:]))
    return found


_SENTENCE_END = re.compile(r"(?<=[.!?])[*_)\]]*\s+(?=[*_(\[]*[A-Z0-9])")


def sentences(block: str) -> list[tuple[int, str]]:
    """(offset, text) of each sentence of a block: split after . ! or ? followed by a capital or digit."""
    masked = _masked(block)
    found, start = [], 0
    for match in _SENTENCE_END.finditer(masked):
        found.append((start, block[start : match.start()]))
        start = match.end()
    found.append((start, block[start:]))
    return found


def check_figures(sections: list[RenderedSection], evidence: Mapping[str, EvidenceItem], diags: Diagnostics) -> None:
    """Warn where a typed figure could quote a cited item's metric, or contradicts one."""
    for section in sections:
        markdown = section.markdown
        section_metrics = [m for item_id in cited_ids(markdown, evidence) for m in item_metrics(evidence[item_id])]
        if not section_metrics:
            continue
        for offset, block in blocks(markdown):
            for start, sentence in sentences(block):
                near = [m for item_id in cited_ids(sentence, evidence) for m in item_metrics(evidence[item_id])]
                for figure in find_figures(sentence):
                    shifted = Figure(figure.text, figure.value, figure.start + start, figure.end + start, figure.plain)
                    _check_one(section, offset, block, shifted, section_metrics, near, diags)


def _check_one(
    section: RenderedSection,
    offset: int,
    block: str,
    figure: Figure,
    section_metrics: list[Metric],
    near: list[Metric],
    diags: Diagnostics,
) -> None:
    literal = [
        m
        for m in section_metrics
        if same(m.value, figure.value)
        and (not figure.plain or figure.value >= 1000 or attached(block, figure, m.units))
    ]
    unit_metrics: dict[str, list[Metric]] = {}
    for m in near:
        if attached(block, figure, m.units):
            for unit in m.units:
                unit_metrics.setdefault(unit.lower(), []).append(m)
    contradicted = [
        ms[0]
        for ms in unit_metrics.values()
        if len({(m.item, m.name) for m in ms}) == 1 and not same(ms[0].value, figure.value)
    ]
    if not literal and not contradicted:
        return
    origin = section.sources.origin(offset + figure.start)
    if not origin.typed:
        return  # printed by an expression or a table: quoted, not typed
    position, in_template = origin.position, origin.kind == TEMPLATE
    if literal and in_template:
        m = literal[0]
        access = f".{m.name}" if m.name.isidentifier() else f"['{m.name}']"
        diags.warning(
            position,
            "metrics.literal-figure",
            f"figure {figure.text} is typed, but it is metric '{m.name}' of cited evidence '{m.item}': "
            f"quote it as {{{{ evidence['{m.item}'].metrics{access} }}}}",
        )
    for m in contradicted:
        diags.warning(
            position,
            "metrics.contradiction",
            f"figure {figure.text} differs from metric '{m.name}' = {_shown(m.value)} of evidence "
            f"'{m.item}' cited here (both in {m.units[0]})",
        )


def _shown(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
