"""The template context: proposal, donor, section, evidence, tables and term()."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from ..base.model import Donor, EvidenceItem, Workspace
from .budget import variant_budget
from .filters import exchange_note


class TranslationMissing(Exception):
    """A variant in another language used an evidence item that has no translation into it."""

    code = "translation.missing"


class EvidenceIndex(Mapping):
    """Evidence items by id, with `of_kind(kind)` and `tagged(tag)` lists in id order. In a variant of another
    language, the items are the translations, and an item with none cannot be used (`untranslated`: id ->
    the message saying so), unless the profile allows the source as a marked fallback (`fallbacks` records
    each one used)."""

    def __init__(
        self,
        items: Mapping[str, EvidenceItem],
        untranslated: Mapping[str, str] | None = None,
        fallbacks: set[str] | None = None,
    ):
        self._items = dict(sorted(items.items()))
        self._untranslated = dict(untranslated or {})
        self.fallbacks = fallbacks

    @property
    def as_written(self) -> Mapping[str, EvidenceItem]:
        """The items as this variant's language has them, translated or not, without the use being checked."""
        return self._items

    def _use(self, key: str) -> EvidenceItem:
        item = self._items[key]
        if key in self._untranslated:
            if self.fallbacks is None:
                raise TranslationMissing(self._untranslated[key])
            self.fallbacks.add(key)
        return item

    def __getitem__(self, key: str) -> EvidenceItem:
        return self._use(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def of_kind(self, kind: str) -> list[EvidenceItem]:
        return [self._use(key) for key, item in self._items.items() if item.kind == kind]

    def tagged(self, tag: str) -> list[EvidenceItem]:
        return [self._use(key) for key, item in self._items.items() if tag in item.tags]


def variant_language(ws: Workspace, donor: Donor) -> str:
    """The BCP 47 tag of a variant: its profile's `language`, else the proposal's."""
    return donor.language or ws.proposal.language


def translates(ws: Workspace, donor: Donor) -> bool:
    """Whether the variant is in another language than the sources (en-GB and en-US are one language)."""
    return variant_language(ws, donor).split("-")[0].lower() != ws.proposal.language.split("-")[0].lower()


def variant_evidence(ws: Workspace, donor: Donor) -> tuple[dict[str, EvidenceItem], dict[str, str]]:
    """The evidence as the variant's language has it: each item with its translation's title and body (and
    file, so diagnostics point there), and, by id, why an item with no translation cannot be used."""
    if not translates(ws, donor):
        return dict(ws.evidence), {}
    language = variant_language(ws, donor)
    items: dict[str, EvidenceItem] = {}
    untranslated: dict[str, str] = {}
    for item_id, item in ws.evidence.items():
        translation = ws.translations.get((item_id, language))
        if translation is None:
            stem = item.path.removesuffix(".md")
            untranslated[item_id] = (
                f"evidence '{item_id}' has no {language} translation: write {stem}.{language}.md "
                f"(proposalkit new translation {item_id} --lang {language})"
            )
            items[item_id] = item
            continue
        items[item_id] = replace(
            item, title=translation.title, body=translation.body, path=translation.path, body_line=translation.body_line
        )
    return items, untranslated


class TableAccess(Mapping):
    """The `tables` a template sees: DataFrames by stem, remembering which ones the template read."""

    def __init__(self, tables: Mapping[str, Any]):
        self._tables = tables
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        value = self._tables[key]
        self.used.add(key)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def make_term(terms: Mapping[str, str]):
    """`term(word)`: the donor's word for `word`, matching case-insensitively and keeping a capital."""
    lowered = {key.lower(): value for key, value in terms.items()}

    def term(word: str) -> str:
        found = terms.get(word) or lowered.get(str(word).lower())
        if found is None:
            return word
        if word[:1].isupper() and found[:1].islower():
            return found[:1].upper() + found[1:]
        return found

    return term


def donor_mapping(donor: Donor) -> dict[str, Any]:
    """The donor profile as templates see it: its keys plus id, name and currency."""
    data = dict(donor.data)
    data.update(id=donor.id, name=donor.name, currency=donor.currency, terms=dict(donor.terms))
    return data


def donor_terms(donor: Donor) -> dict[str, str]:
    """term()'s table: the results hierarchy's names, then `terms`, which win where both name a word."""
    return {**dict(donor.results_hierarchy), **donor.terms}


def base_context(ws: Workspace, donor: Donor, fallbacks: set[str] | None = None) -> dict[str, Any]:
    """What every section template of one variant sees; `fallbacks` collects the untranslated items used
    where the profile allows it (`translation_fallback: true`)."""
    term = make_term(donor_terms(donor))
    items, untranslated = variant_evidence(ws, donor)
    return {
        "proposal": dict(ws.proposal.data),
        "donor": donor_mapping(donor),
        "evidence": EvidenceIndex(items, untranslated, fallbacks if donor.translation_fallback else None),
        "tables": dict(ws.tables),
        "term": term,
        "hierarchy": [{"level": level, "name": term(level)} for level, _ in donor.results_hierarchy],
        "exchange_note": exchange_note(ws.proposal.currency, donor.currency, donor.exchange_rate),
        "budget": variant_budget(ws, donor),
    }
