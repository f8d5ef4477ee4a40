"""Donor profiles from templates/donors/*.yaml, checked against the proposal's sections."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import replace
from pathlib import Path

from ..base.diagnostics import Diagnostics, did_you_mean
from ..base.inputs import InputRefused, checked, input_files
from ..base.model import (
    CITATION_STYLES,
    CoverField,
    Donor,
    DonorSection,
    ExchangeRate,
    Position,
    Proposal,
)
from ..base.paths import DONORS_DIR, PROPOSAL_FILE, TEMPLATES_DIR, resolves_inside
from ..base.strings import strings_for
from .budget import load_budget_profile
from .currencies import is_currency
from .fields import ID_PATTERN, FieldReader, too_long_id
from .packages import package_problem
from .plans import logframe_spec, own_window
from .source import load_mapping_file

KNOWN_FIELDS = {
    "name",
    "currency",
    "exchange_rate",
    "results_hierarchy",
    "sections",
    "terms",
    "reference_docx",
    "max_pages",
    "toc",
    "cover",
    "annexes",
    "annex_label",
    "budget",
    "logframe",
    "funding_window",
    "language",
    "citation_style",
    "name_in_text",
    "heading_numbers",
    "count_spaces",
    "translation_fallback",
    "title",
    "organisation",
}


def load_donors(root: Path, proposal: Proposal | None, diags: Diagnostics) -> dict[str, Donor]:
    """Every donor profile by id (file stem), in id order."""
    folder = root / DONORS_DIR
    donors: dict[str, Donor] = {}
    if not folder.is_dir():
        return donors
    for path in input_files(root, DONORS_DIR, "*.y*ml", diags, recursive=False):
        if path.suffix not in (".yaml", ".yml"):
            continue
        rel = path.relative_to(root).as_posix()
        if not ID_PATTERN.match(path.stem):
            diags.error(
                Position(rel),
                "donor.bad-id",
                f"donor file name '{path.stem}' is not a valid id: use lowercase letters, digits and hyphens",
            )
            continue
        if (long := too_long_id(path.stem)) is not None:
            diags.error(Position(rel), "donor.bad-id", f"donor file name {long}")
            continue
        if path.stem in donors:
            diags.error(Position(rel), "donor.duplicate", f"donor '{path.stem}' is defined twice")
            continue
        donor = load_donor(root, path, rel, proposal, diags)
        if donor is not None:
            donors[donor.id] = donor
    if proposal is not None:
        _check_default(proposal, donors, diags)
    return donors


def _check_default(proposal: Proposal, donors: dict[str, Donor], diags: Diagnostics) -> None:
    position = Position(PROPOSAL_FILE)
    default = proposal.default_donor
    if default is None:
        if donors:
            diags.error(
                position,
                "proposal.missing-field",
                "missing required field 'default_donor' (the workspace has donor profiles)",
            )
    elif donors and default not in donors:
        diags.error(
            position,
            "proposal.unknown-donor",
            f"default_donor '{default}' has no profile{did_you_mean(default, donors)}; known: {', '.join(donors)}",
        )


# A reference document is opened only when its zip central directory promises a small package: these bound
# what reading it can cost, whatever its entries really hold. Word's own templates are far below each.
REFERENCE_MAX_ENTRIES = 1_000
REFERENCE_MAX_BYTES = 50 * 1024 * 1024  # uncompressed, each entry and all together
REFERENCE_MAX_RATIO = 100  # uncompressed : compressed, for entries of 64 KiB and more


def _not_a_word_document(path: Path) -> str | None:
    """Why `path` cannot serve as a reference document, or None when it is a Word package with styles.

    Only the zip's central directory is read: nothing is extracted.
    """
    try:
        if not zipfile.is_zipfile(path):
            return "is not a Word (.docx) file"
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return "is not a Word (.docx) file"
    if len(entries) > REFERENCE_MAX_ENTRIES:
        return f"has {len(entries):,} zip entries, over the limit of {REFERENCE_MAX_ENTRIES:,}"
    total = 0
    for entry in entries:
        size = entry.file_size
        total += size
        if size > REFERENCE_MAX_BYTES or total > REFERENCE_MAX_BYTES:
            return (
                f"would unpack to more than {REFERENCE_MAX_BYTES // (1024 * 1024)} MB "
                f"(entry '{entry.filename}' declares {size:,} bytes)"
            )
        if size >= 65_536 and size > REFERENCE_MAX_RATIO * max(entry.compress_size, 1):
            return (
                f"entry '{entry.filename}' is compressed {size // max(entry.compress_size, 1):,} to 1, "
                f"over the limit of {REFERENCE_MAX_RATIO} to 1 (a zip bomb?)"
            )
    names = {entry.filename for entry in entries}
    missing = [name for name in ("[Content_Types].xml", "word/document.xml", "word/styles.xml") if name not in names]
    return f"lacks {', '.join(missing)}" if missing else package_problem(path)


def _refused(path: Path, root: Path) -> str | None:
    """Why the reference document at `path` is not a file of the workspace to open (base/inputs.py), or None."""
    try:
        checked(path, root, ".docx")
    except InputRefused as exc:
        return str(exc)
    return None


def load_donor(root: Path, path: Path, rel: str, proposal: Proposal | None, diags: Diagnostics) -> Donor | None:
    """One donor profile, or None when its file cannot be used."""
    loaded = load_mapping_file(path, rel, diags, "a donor profile")
    if loaded is None:
        return None
    doc, data = loaded
    f = FieldReader(doc, data, (), "donor", diags)
    for key in data:
        if str(key) not in KNOWN_FIELDS:
            diags.warning(
                doc.key_pos(key),
                "donor.unknown-field",
                f"unknown field '{key}'"
                f"{did_you_mean(key, KNOWN_FIELDS) or ' (known: ' + ', '.join(sorted(KNOWN_FIELDS)) + ')'}",
            )
    name = f.text("name", required=True) or path.stem
    base = proposal.currency if proposal is not None else "USD"
    currency = _currency(f, base)
    hierarchy, omitted_levels = _results_hierarchy(f)
    terms = {}
    for word, term in f.mapping_of("terms").items():
        if word is None or isinstance(word, (bool, dict, list)):
            f.diags.error(f.pos("terms"), "donor.invalid-field", "each word under 'terms' must be text")
        elif isinstance(term, (bool, dict, list)):
            kind = "a mapping" if isinstance(term, dict) else "a list" if isinstance(term, list) else "true/false"
            f.diags.error(
                f.doc.pos(*f.path, "terms", word), "donor.invalid-field", f"term '{word}' must be text, not {kind}"
            )
        elif term is not None:
            terms[str(word)] = f.written(term, "terms", word)
    reference = None
    ref_text = f.text("reference_docx")
    if ref_text:
        reference = root / TEMPLATES_DIR / ref_text
        if not resolves_inside(reference, root / TEMPLATES_DIR):
            f.error("reference_docx", "bad-reference", f"reference document '{ref_text}' resolves outside templates/")
            reference = None
        elif not reference.exists():
            f.error("reference_docx", "missing-reference", f"reference document 'templates/{ref_text}' does not exist")
            reference = None
        elif (refused := _refused(reference, root)) is not None:
            f.error("reference_docx", "bad-reference", f"reference document 'templates/{ref_text}': {refused}")
            reference = None
        elif (problem := _not_a_word_document(reference)) is not None:
            f.error("reference_docx", "bad-reference", f"reference document 'templates/{ref_text}' {problem}")
            reference = None
    cover = f.child("cover") if f.present("cover") else None
    if f.present("cover") and cover is None:
        f.error("cover", "invalid-field", "field 'cover' must be a mapping with 'fields', 'page_break' and 'document'")
    sections = _donor_sections(f, proposal, diags)
    annex_sections, evidence_annex = _annexes(f, proposal, {s.id for s in sections}, diags)
    max_pages = f.positive_int("max_pages")
    return Donor(
        id=path.stem,
        name=name,
        currency=currency,
        sections=sections + annex_sections,
        terms=terms,
        reference_docx=reference,
        reference_position=f.pos("reference_docx") if reference is not None else None,
        data=data,
        position=doc.pos(),
        exchange_rate=_exchange_rate(f, currency, base),
        results_hierarchy=hierarchy,
        omitted_levels=omitted_levels,
        cover_fields=_cover_fields(cover) if cover is not None else (),
        cover_page_break=cover.flag("page_break", True) if cover is not None else True,
        cover_document=(cover.text("document") or "") if cover is not None else "",
        toc=f.flag("toc", True),
        evidence_annex=evidence_annex,
        max_pages=max_pages,
        pages_position=f.pos("max_pages") if max_pages else None,
        budget=load_budget_profile(f),
        funding_window=own_window(f),
        logframe=logframe_spec(f),
        language=f.language("language"),
        citation_style=f.choice("citation_style", CITATION_STYLES, default="notes") or "notes",
        annex_label=f.text("annex_label") or "",  # "": the variant's language's word (base/strings.py)
        name_in_text=f.text("name_in_text") or "",
        heading_numbers=f.flag("heading_numbers", False),
        count_spaces=f.flag("count_spaces", True),
        translation_fallback=f.flag("translation_fallback", False),
        title=f.text("title") or "",
        organisation=f.text("organisation") or "",
    )


def _currency(f: FieldReader, base: str) -> str:
    currency = (f.text("currency") or base).upper()
    if not is_currency(currency):
        f.error(
            "currency",
            "unknown-currency",
            f"unknown currency '{currency}': not an ISO 4217 code (for example USD, EUR, AUD)",
        )
        return base
    return currency


# Units of the donor's currency to one of the base currency: far above any real rate (a few hundred thousand),
# and low enough that converted amounts stay ordinary numbers.
MAX_RATE = 1e9


def _exchange_rate(f: FieldReader, currency: str, base: str) -> ExchangeRate | None:
    """The profile's rate from the base currency; required when the donor's currency is another."""
    if not f.present("exchange_rate"):
        if currency != base:
            f.error(
                "currency",
                "missing-rate",
                f"currency {currency} differs from the proposal's {base}: add "
                f"'exchange_rate: {{rate: ..., date: YYYY-MM-DD, source: ...}}' (1 {base} = rate {currency})",
            )
        return None
    rate = f.child("exchange_rate")
    if rate is None:
        f.error("exchange_rate", "invalid-field", "field 'exchange_rate' must be a mapping with rate, date and source")
        return None
    value = rate.positive_number("rate", required=True, maximum=MAX_RATE)
    day = rate.date("date")
    if rate.mapping.get("date") is None:
        rate.error(None, "missing-field", "missing required field 'date' (the day the rate was published)")
    source = rate.text("source", required=True)
    assumed = rate.flag("assumed", False)
    if value is None or day is None or source is None:
        return None
    if currency == base and value != 1:
        rate.error("rate", "invalid-field", f"the donor's currency is the base currency {base}: the rate must be 1")
        return None
    return ExchangeRate(value, day, source, assumed, rate.pos(), _dated_rates(rate))


def _dated_rates(rate: FieldReader) -> tuple[tuple[dt.date, float], ...]:
    """`exchange_rate.dated`: the rates of other days, `[{date: 2008-06-20, rate: 1.19, source: ...}]`, for
    amounts tied to a day of their own."""
    found = []
    for index, _ in enumerate(rate.list_of("dated")):
        entry = rate.child("dated", index)
        if entry is None:
            rate.error("dated", "invalid-field", "each entry of 'dated' is a mapping with date, rate and source")
            continue
        value, day, source = (
            entry.positive_number("rate", required=True, maximum=MAX_RATE),
            entry.date("date"),
            entry.text("source"),
        )
        if day is None:
            entry.error(None, "missing-field", "missing required field 'date' (the day of this rate)")
        if source is None:
            entry.error(None, "missing-field", "missing required field 'source' (where this rate comes from)")
        if value is not None and day is not None and source is not None:
            found.append((day, value))
    return tuple(found)


def _results_hierarchy(f: FieldReader) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(the proposal's level, this donor's name for it), top level first, and the levels the donor leaves
    out (written with an empty name: `purpose: ~`)."""
    levels = []
    omitted = []
    for key, value in f.mapping_of("results_hierarchy").items():
        if value is None:
            omitted.append(str(key))
            continue
        if isinstance(value, (dict, list, bool)):
            f.diags.error(
                f.doc.pos("results_hierarchy", key),
                "donor.invalid-field",
                f"results_hierarchy: the name for '{key}' must be text, or ~ to leave the level out",
            )
            continue
        levels.append((key, f.written(value, "results_hierarchy", key).strip()))
    return tuple(levels), tuple(omitted)


def _cover_fields(cover: FieldReader) -> tuple[CoverField, ...]:
    fields = []
    for index, entry in enumerate(cover.list_of("fields")):
        position = cover.doc.pos(*cover.path, "fields", index)
        if isinstance(entry, dict) and set(entry) == {"label", "value"}:
            label, value = entry["label"], entry["value"]
            label, value_at = cover.written(label, "fields", index, "label"), "value"
            position = cover.doc.pos(*cover.path, "fields", index, "value")
        elif isinstance(entry, dict) and len(entry) == 1:
            ((label, value),) = entry.items()
            label = value_at = str(label)
            position = cover.doc.pos(*cover.path, "fields", index, label)
        else:
            cover.diags.error(
                position, "donor.invalid-field", "a cover field is 'Label: value' or a mapping with 'label' and 'value'"
            )
            continue
        if value is None or isinstance(value, (dict, list)):
            cover.diags.error(position, "donor.invalid-field", f"cover field '{label}' must have a text value")
            continue
        fields.append(CoverField(label, cover.written(value, "fields", index, value_at), position))
    return tuple(fields)


def _annexes(
    f: FieldReader, proposal: Proposal | None, in_body: set[str], diags: Diagnostics
) -> tuple[tuple[DonorSection, ...], bool]:
    """Sections placed after the body as numbered annexes, and whether the evidence annex is kept."""
    if not f.present("annexes"):
        return (), True
    words = strings_for(f.language("language") or (proposal.language if proposal else "en"))
    label = f.text("annex_label") or words.annex
    evidence = False
    chosen: list[DonorSection] = []
    for index, entry in enumerate(f.list_of("annexes")):
        if entry == "evidence":
            evidence = True
            continue
        if proposal is None or not proposal.sections:
            continue
        section = _section_entry(f, "annexes", index, entry, proposal, in_body, diags)
        if section is None:
            continue
        number = len(chosen) + 1
        title = words.annex_title.format(label=label, number=number, title=section.title)
        chosen.append(replace(section, title=title, annex=True))
    return tuple(chosen), evidence


def _section_entry(
    f: FieldReader, key: str, index: int, entry, proposal: Proposal, seen: set[str], diags: Diagnostics
) -> DonorSection | None:
    """One entry of `sections` or `annexes`: a bare id or a mapping with id, title and limits."""
    position = f.doc.pos(key, index)
    title = max_words = limit_position = max_pages = pages_position = max_chars = chars_position = None
    source = ""
    if isinstance(entry, dict):
        item = f.child(key, index)
        assert item is not None  # a mapping entry always gives a reader
        section_id = item.identifier("id", required=True)
        title = item.text("title")
        max_words = item.positive_int("max_words")
        limit_position = item.pos("max_words") if max_words else None
        max_pages = item.positive_int("max_pages")
        pages_position = item.pos("max_pages") if max_pages else None
        max_chars = item.positive_int("max_chars")
        chars_position = item.pos("max_chars") if max_chars else None
        source = item.text("source") or ""
        position = item.pos("id")
    elif isinstance(entry, str):
        section_id = entry.strip()
    else:
        diags.error(position, "donor.invalid-field", "a donor section is a section id or a mapping with 'id'")
        return None
    if section_id is None:
        return None
    spec = proposal.section(section_id)
    if spec is None:
        known = ", ".join(s.id for s in proposal.sections)
        diags.error(
            position,
            "donor.unknown-section",
            f"section '{section_id}' is not defined in templates/proposal.yaml"
            f"{did_you_mean(section_id, (s.id for s in proposal.sections))} (defined: {known})",
        )
        return None
    if section_id in seen:
        diags.error(position, "donor.duplicate-section", f"section '{section_id}' is listed twice")
        return None
    seen.add(section_id)
    return DonorSection(
        section_id,
        title or spec.title,
        spec.template,
        max_words,
        position,
        limit_position,
        max_pages,
        pages_position,
        max_chars=max_chars,
        chars_position=chars_position,
        source=source,
    )


def _donor_sections(f: FieldReader, proposal: Proposal | None, diags: Diagnostics) -> tuple[DonorSection, ...]:
    if proposal is None or not proposal.sections:  # proposal.yaml's own error says why
        return ()
    if not f.present("sections"):
        return tuple(DonorSection(s.id, s.title, s.template, None, f.pos()) for s in proposal.sections)
    chosen: list[DonorSection] = []
    seen: set[str] = set()
    for index, entry in enumerate(f.list_of("sections")):
        section = _section_entry(f, "sections", index, entry, proposal, seen, diags)
        if section is not None:
            chosen.append(section)
    return tuple(chosen)
