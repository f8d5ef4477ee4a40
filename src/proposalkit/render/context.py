"""The template context: proposal, donor, section, evidence, tables and term()."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..base.model import Donor, EvidenceItem, Workspace
from .budget import variant_budget
from .filters import exchange_note


class EvidenceIndex(Mapping):
    """Evidence items by id, with `of_kind(kind)` and `tagged(tag)` lists in id order."""

    def __init__(self, items: Mapping[str, EvidenceItem]):
        self._items = dict(sorted(items.items()))

    def __getitem__(self, key: str) -> EvidenceItem:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def of_kind(self, kind: str) -> list[EvidenceItem]:
        return [item for item in self._items.values() if item.kind == kind]

    def tagged(self, tag: str) -> list[EvidenceItem]:
        return [item for item in self._items.values() if tag in item.tags]


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


def base_context(ws: Workspace, donor: Donor) -> dict[str, Any]:
    """What every section template of one variant sees."""
    term = make_term(donor_terms(donor))
    return {
        "proposal": dict(ws.proposal.data),
        "donor": donor_mapping(donor),
        "evidence": EvidenceIndex(ws.evidence),
        "tables": dict(ws.tables),
        "term": term,
        "hierarchy": [{"level": level, "name": term(level)} for level, _ in donor.results_hierarchy],
        "exchange_note": exchange_note(ws.proposal.currency, donor.currency, donor.exchange_rate),
        "budget": variant_budget(ws, donor),
    }
