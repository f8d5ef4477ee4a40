"""Frozen value objects passed between the pipeline stages."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import TEMPLATES_DIR

EVIDENCE_KINDS = ("pilot-result", "research-finding", "lesson-learned", "context")
EVIDENCE_STATUSES = ("draft", "reviewed", "approved")
CITATION_STYLES = ("notes", "notes-ibid", "author-date")  # see parse/citing.py


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file: path relative to the workspace, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class SectionSpec:
    """A canonical section of proposal.yaml."""

    id: str
    title: str
    template: str
    position: Position


@dataclass(frozen=True)
class FundingWindow:
    """The period a funder pays for: activities it funds must start and end inside it."""

    funder: str | None  # None: the donor's own window, for the proposal's own activities
    start: _dt.date | None
    end: _dt.date | None
    position: Position


@dataclass(frozen=True)
class LogframeSpec:
    """A donor's logframe: its columns (a content key and the heading shown), caption and page orientation."""

    columns: tuple[tuple[str, str], ...]
    title: str = "Logical framework"
    landscape: bool | None = None  # None: landscape when the table has more than four columns
    activities: bool = True  # False: the table stops at the level above the activities


@dataclass(frozen=True)
class Activity:
    """One dated row of an activity table (a table with start and end columns)."""

    label: str
    start: _dt.date | None
    end: _dt.date | None
    funder: str  # the row's funder or programme cell; "" for the proposal's own activities
    group: str
    position: Position


@dataclass(frozen=True)
class Proposal:
    """The proposal's identity, from templates/proposal.yaml."""

    title: str
    slug: str
    organisation: str
    date: _dt.date | None
    default_donor: str | None
    sections: tuple[SectionSpec, ...]
    evidence_kinds: tuple[str, ...]
    data: Mapping[str, Any]
    position: Position
    currency: str = "USD"  # the base currency every amount in the evidence and templates is written in
    review_author: str | None = None  # who signs a review copy's comments on items that name no reviewer
    language: str = "en-US"  # BCP 47 tag of the language the sources are written in
    funding_windows: tuple[FundingWindow, ...] = ()
    placeholders: tuple[str, ...] = ()  # text that marks a draft, beyond check/placeholders.py's own list

    def section(self, section_id: str) -> SectionSpec | None:
        for spec in self.sections:
            if spec.id == section_id:
                return spec
        return None


@dataclass(frozen=True)
class DonorSection:
    """One section as a donor profile selects it: the heading it shows and its limits."""

    id: str
    title: str
    template: str
    max_words: int | None
    position: Position
    limit_position: Position | None = None
    max_pages: int | None = None
    pages_position: Position | None = None
    annex: bool = False  # placed after the body as a numbered annex
    max_chars: int | None = None  # characters of the section's text, counted as the donor's count_spaces says
    chars_position: Position | None = None
    source: str = ""  # the donor's guideline its limits come from, quoted with what they raise


@dataclass(frozen=True)
class ExchangeRate:
    """1 unit of the proposal's base currency = `rate` units of the donor's currency, on `date`; `dated` gives
    the rates of other days, for amounts tied to a day of their own (a past grant)."""

    rate: float
    date: _dt.date | None
    source: str
    assumed: bool
    position: Position
    dated: tuple[tuple[_dt.date, float], ...] = ()

    def on(self, day: _dt.date) -> float | None:
        """The rate the profile gives for `day`: that day's, else one of the same month; None without one."""
        for when, rate in self.dated:
            if when == day:
                return rate
        for when, rate in self.dated:
            if (when.year, when.month) == (day.year, day.month):
                return rate
        return None


@dataclass(frozen=True)
class CoverField:
    """A label and a Jinja expression-bearing value shown on a donor's cover page."""

    label: str
    value: str
    position: Position


@dataclass(frozen=True)
class Donor:
    """A donor profile, from templates/donors/<id>.yaml."""

    id: str
    name: str
    currency: str
    sections: tuple[DonorSection, ...]
    terms: Mapping[str, str]
    reference_docx: Path | None
    data: Mapping[str, Any]
    position: Position
    exchange_rate: ExchangeRate | None = None
    results_hierarchy: tuple[tuple[str, str], ...] = ()  # (the proposal's level, the donor's name), top down
    omitted_levels: tuple[str, ...] = ()  # the proposal's levels this donor's results chain leaves out
    cover_fields: tuple[CoverField, ...] = ()
    cover_page_break: bool = True
    cover_document: str = ""  # the cover's line saying what the document is and for whom; "" gives "Proposal to ..."
    toc: bool = True
    evidence_annex: bool = True
    max_pages: int | None = None  # the whole document, cover included
    pages_position: Position | None = None
    budget: BudgetProfile | None = None  # the profile's `budget:` mapping
    funding_window: FundingWindow | None = None  # the period this donor funds
    logframe: LogframeSpec | None = None
    reference_position: Position | None = None  # where `reference_docx` is written
    language: str | None = None  # BCP 47 tag of this variant's language; None: the proposal's
    citation_style: str = "notes"  # notes | notes-ibid | author-date
    annex_label: str = "Annex"  # the word that numbers annexes ("Appendix 2")
    name_in_text: str = ""  # the donor's name as a sentence uses it ("the ILO"); "" uses `name`
    title: str = ""  # the variant's own title (a translation's); "" uses the proposal's
    organisation: str = ""  # the applicant's name as the variant gives it; "" uses the proposal's
    heading_numbers: bool = False  # the donor's documents number their sections
    count_spaces: bool = True  # max_chars counts spaces, as Word's "characters (with spaces)"
    translation_fallback: bool = False  # an untranslated source may stand in, marked and warned


@dataclass(frozen=True)
class Source:
    """One published source an evidence item rests on, as a citation names it.

    A source given in full has a title and, as known, its author (a person or an organisation), publisher,
    date, document number, pages and address; the `source:` shorthand of an item is kept as `text`,
    printed as written.
    """

    key: str  # the citation key: the item's id, or "item/source" for one source of several
    item: str  # the evidence id
    title: str = ""
    author: str = ""
    publisher: str = ""
    date: str = ""  # as printed: "20 June 2008", "March 2009", "30–31 March 2009"
    issued: _dt.date | None = None  # the earliest day `date` can mean, for checks against the proposal's
    latest: _dt.date | None = None  # the latest day of the dates it names (a line of text may name several)
    exact: str = ""  # "day" or "month" when `date` was written as one, so it prints in a variant's language
    year: str = ""  # for author-date citations; "" when the date gives none
    number: str = ""  # a report or document number
    url: str = ""
    pages: str = ""
    short: str = ""  # a short title for later citations, when the title's first words will not do
    text: str = ""  # a source written as one line of text (the item's `source:`), printed as written
    language: str = ""  # the BCP 47 tag of the language it is written in; "" when in the proposal's language
    position: Position = Position("")

    @property
    def identity(self) -> tuple[str, ...]:
        """What makes two sources one publication, whichever items cite it: its text, else author, title, date."""
        if self.text:
            return (" ".join(self.text.lower().split()),)
        return (self.author.lower(), " ".join(self.title.lower().split()), self.date)


@dataclass(frozen=True)
class Approval:
    """Who approved an item's body, on what day, and the body's fingerprint then (`approved:`)."""

    by: str
    on: _dt.date | None
    fingerprint: str
    position: Position


@dataclass(frozen=True)
class EvidenceItem:
    """An evidence item: validated front matter plus its Markdown body."""

    id: str
    kind: str
    title: str
    source: str | None
    date: _dt.date | None
    status: str
    tags: tuple[str, ...]
    metrics: Mapping[str, Any]
    missing: tuple[str, ...]
    url: str | None
    body: str
    path: str
    body_line: int
    position: Position
    status_position: Position | None = None
    reviewer: str | None = None  # who reviewed the item; a review copy's comments carry this name
    metric_units: Mapping[str, str] = field(default_factory=dict)  # metric name -> unit, where one is given
    sources: tuple[Source, ...] = ()  # what the item rests on; from `sources:`, else the `source:` shorthand
    approval: Approval | None = None  # `approved:`, as `proposalkit approve` records it
    sha256: str | None = None  # of the file's bytes as loaded, in hex: what the build's trace records

    @property
    def changed_since_approval(self) -> bool:
        """An approval is on record and the body is no longer the one approved."""
        from .fingerprints import body_fingerprint

        return self.approval is not None and self.approval.fingerprint != body_fingerprint(self.body)


@dataclass(frozen=True)
class Translation:
    """A translation beside its source: `NAME.LANG.md` of an evidence item (title and body) or
    `NAME.LANG.md.j2` of a template; `fingerprint` is the source's when it was translated."""

    source: str  # the evidence id, or the template's name under templates/ ("sections/summary.md.j2")
    language: str  # BCP 47
    path: str  # workspace-relative
    fingerprint: str
    fingerprint_position: Position
    title: str = ""
    body: str = ""
    body_line: int = 1


@dataclass(frozen=True)
class Workspace:
    """Everything loaded from a workspace folder."""

    root: Path
    proposal: Proposal
    donors: Mapping[str, Donor]
    evidence: Mapping[str, EvidenceItem]
    tables: Mapping[str, Any] = field(default_factory=dict)
    translations: Mapping[tuple[str, str], Translation] = field(default_factory=dict)  # (source, language)

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR


@dataclass(frozen=True)
class RenderedSection:
    """A section's Markdown after its template ran, with where it came from."""

    id: str
    title: str
    markdown: str
    template: Position
    max_words: int | None
    limit_position: Position | None
    max_pages: int | None = None
    pages_position: Position | None = None
    figures: Mapping[str, Any] = field(default_factory=dict)  # Markdown image path -> a chart drawn on demand
    tables_used: tuple[str, ...] = ()  # stems of the tables the template read while rendering, sorted
    sources: Any = None  # base.sourcemap.SourceMap: where each offset of `markdown` was written


@dataclass(frozen=True)
class SectionSources:
    """What one section of a variant was made from: its template, the evidence it cites, the tables it read."""

    id: str
    template: str  # path relative to the workspace
    cited: tuple[str, ...]  # evidence ids, in order of first citation
    tables: tuple[str, ...]  # table stems, sorted


@dataclass(frozen=True)
class ParsedSection:
    """A section's Markdown parsed to a markdown-it syntax tree."""

    id: str
    title: str
    tree: Any  # parse.tree.Node
    source: Position
    annex: bool = False  # one of the donor's annexes: starts a new page, outside the whole-document page limit
    markdown: str = ""  # the rendered Markdown the tree was parsed from
    sources: Any = None  # base.sourcemap.SourceMap of `markdown`


@dataclass(frozen=True)
class AnnexRow:
    """One cited evidence item as the evidence annex lists it."""

    id: str
    kind: str
    title: str
    source: str
    date: str
    status: str


@dataclass(frozen=True)
class Assembly:
    """A whole proposal variant ready for a writer."""

    title: str
    organisation: str
    donor_id: str
    donor_name: str
    date: _dt.date | None
    sections: tuple[ParsedSection, ...]
    cited: tuple[str, ...]  # evidence ids, in order of first citation
    annex: tuple[AnnexRow, ...]  # the evidence behind the variant, for a review copy
    reference_docx: Path | None
    root: Path
    slug: str = "proposal"
    # Donor page set-up, for the writer (see the README's "Donor variants"):
    cover_fields: tuple[tuple[str, str], ...] = ()  # (label, text) lines shown on the cover, in order
    cover_page_break: bool = True  # False: the first section follows the cover on the same page
    toc: bool = True  # False: no "Contents" heading and no TOC field
    currency: str = "USD"  # the currency amounts are shown in
    exchange_note: str = ""  # "Amounts converted from USD at ..." or "" when no conversion
    figures: Mapping[str, Any] = field(default_factory=dict)  # generated images by Markdown path, drawn on demand
    sources: tuple[SectionSources, ...] = ()  # per section, for the trace file written beside the document
    language: str = "en-US"  # BCP 47 tag of the variant's language
    references: tuple[str, ...] = ()  # the list of sources the document ends with, in the citation style
    references_title: str = ""  # its annex heading ("Annex 3: Sources"); "" for no list
    evidence_title: str = ""  # the heading of a review copy's evidence table ("Annex 4: Evidence base ...")
    notes: bool = True  # citations are footnotes (False: text in the running text, an author-date style)
    donor_in_text: str = ""  # the donor's name as a sentence uses it ("the ILO")
    cover_document: str = ""  # the donor's `cover.document`; "" gives "Proposal to <donor>"
    heading_numbers: bool = False  # headings of levels 1-3 numbered "1", "1.1", "1.1.1" by Word

    def addressed(self, proposal_to: str = "Proposal to {donor}") -> str:
        """The cover's line naming the document and its addressee ("" when there is no donor)."""
        donor = self.donor_in_text or self.donor_name
        return self.cover_document or (proposal_to.format(donor=donor) if donor else "")


COLUMN_TYPES = ("string", "integer", "number", "date", "boolean")


@dataclass(frozen=True)
class ColumnSchema:
    """One declared column of a table: its type and what its cells may hold."""

    name: str
    type: str = "string"
    required: bool = True  # the header row must have the column
    blank: bool = False  # empty cells allowed
    values: tuple[Any, ...] | None = None  # allowed values, typed
    min: float | None = None
    max: float | None = None
    position: Position = Position("")
    missing: tuple[str, ...] = ()  # cells written so (as "NA") are missing values, allowed even where blanks are not


@dataclass(frozen=True)
class TableSchema:
    """A table's declared columns, unique key and whether undeclared columns are allowed."""

    table: str
    columns: tuple[ColumnSchema, ...]
    key: tuple[str, ...] = ()
    extra_columns: bool = False
    position: Position = Position("")
    key_position: Position | None = None

    def column(self, name: str) -> ColumnSchema | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None


@dataclass(frozen=True)
class BudgetRule:
    """A donor's budget limit: a heading at most `max_percent` of direct costs or the total, or a ceiling."""

    position: Position
    heading: str | None = None
    max_percent: float | None = None
    of: str = "direct"  # direct | total
    max_total: float | None = None  # in the donor's currency
    source: str = ""  # the donor's guideline the rule comes from, quoted with what it raises


@dataclass(frozen=True)
class BudgetProfile:
    """How a donor wants the budget: its headings for the base categories, their order and its rules."""

    table: str
    categories: tuple[tuple[str, str], ...]  # (base category, the donor's heading)
    order: tuple[str, ...]
    rules: tuple[BudgetRule, ...]
    position: Position
    categories_position: Position | None = None
    support: SupportCosts | None = None  # programme support costs the donor's rate adds to the table's lines


@dataclass(frozen=True)
class SupportCosts:
    """Programme support costs as a donor charges them: `rate` percent of the table's line items, each year."""

    rate: float
    heading: str
    output: str
    position: Position
