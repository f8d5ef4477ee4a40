"""Every diagnostic code proposalkit reports, with its severity and meaning: the registry `docs/diagnostics.md`
documents (a test keeps the two equal), and that `Diagnostics` checks codes against where asked to.

Codes are stable: tests, editors and users match them. A new check registers its codes here first.
"""

from __future__ import annotations

import os

WARNING_OR_ERROR = "warning (error with check and --final)"

CODES: dict[str, tuple[str, str]] = {
    # Reading files
    "io.unreadable": ("error", "the file cannot be read"),
    "io.encoding": ("error", "not UTF-8 (UTF-16 is named as such); at the first bad byte"),
    "io.outside-workspace": (
        "error",
        "an input file or folder that resolves, symlinks followed, outside the workspace; nothing of it is read",
    ),
    "io.not-a-file": ("error", "an input that is a FIFO, a device, a socket or a folder, not a regular file"),
    "io.too-large": ("error", "an input file over the size limit for its kind (docs/security.md)"),
    "text.control-character": ("warning", "characters Word cannot hold were removed; at the first"),
    # YAML
    "yaml.syntax": ("error", "malformed YAML; an unclosed quote or bracket where it opens"),
    "yaml.bad-value": ("error", "a value YAML cannot construct, as the date 2009-02-30"),
    "yaml.not-mapping": ("error", "the file (or front matter) is empty or not a mapping of keys to values"),
    "yaml.duplicate-key": ("error", "a key given twice in one mapping; both positions named"),
    "yaml.too-large": ("error", "aliases expand the document beyond 100,000 values, or refer to themselves"),
    "yaml.too-deep": ("error", "YAML nested deeper than the reader follows"),
    "yaml.tag": ("error", "an explicit tag other than !!str, !!seq and !!map (as !!binary, !!set, !!float, !custom)"),
    "yaml.bad-character": ("error", "an escape making a character XML cannot hold (a lone surrogate, NUL, U+FFFE)"),
    # templates/proposal.yaml
    "proposal.missing-field": ("error", "a required field of proposal.yaml is missing or empty"),
    "proposal.invalid-field": ("error", "a field of proposal.yaml has the wrong type or form"),
    "proposal.bad-id": (
        "error",
        "an id (slug, section id, default donor) that is not lowercase letters, digits and hyphens, or a slug"
        " over 100 characters",
    ),
    "proposal.duplicate-section": ("error", "a section id defined twice"),
    "proposal.unknown-currency": ("error", "`currency` is not an ISO 4217 code"),
    "proposal.unknown-donor": ("error", "`default_donor` names no donor profile"),
    # Donor profiles
    "donor.missing-field": ("error", "a required field of a donor profile is missing or empty"),
    "donor.invalid-field": ("error", "a field of a donor profile has the wrong type or form"),
    "donor.invalid-limit": ("error", "`max_words` or `max_pages` is not a positive whole number"),
    "donor.bad-id": (
        "error",
        "a donor file name or section id that is not a valid id; a file name over 100 characters",
    ),
    "donor.duplicate": ("error", "two profiles for one donor id"),
    "donor.unknown-section": ("error", "a section the proposal does not define"),
    "donor.duplicate-section": ("error", "a section selected twice (in the body or among the annexes)"),
    "donor.unknown-currency": ("error", "`currency` is not an ISO 4217 code"),
    "donor.missing-rate": ("error", "a currency other than the base currency without an `exchange_rate`"),
    "donor.missing-reference": ("error", "`reference_docx` names no file"),
    "donor.bad-reference": (
        "error",
        "`reference_docx` is outside templates/, not a Word package, too large, or damaged (an entry, an XML part)",
    ),
    "donor.unknown-field": ("warning", "a key proposalkit does not know (a typo, most often)"),
    "donor.budget-unknown-key": ("error", "a key of `budget:`, a budget rule or `support_costs` it does not know"),
    "donor.budget-unknown-heading": ("error", "a budget heading in `order` or a rule that `categories` does not give"),
    "donor.unknown-of": ("error", "a budget rule's `of` is neither direct nor total"),
    "donor.unknown-logframe-column": ("error", "a logframe column key that is not one of the known ones"),
    # Evidence items
    "evidence.no-front-matter": ("error", "an evidence file without YAML front matter"),
    "evidence.missing-field": ("error", "a required front-matter field is missing or empty"),
    "evidence.invalid-field": ("error", "a front-matter field has the wrong type or form"),
    "evidence.bad-id": ("error", "an id that is not lowercase letters, digits and hyphens"),
    "evidence.source-after-proposal": ("error", "a source dated after the proposal's date"),
    "translation.invalid": ("error", "a translation file without the header or front matter that names its source"),
    "translation.missing": ("error", "a variant in another language uses a source with no translation into it"),
    "translation.fallback": ("warning", "a source used untranslated where the profile allows it (marked in the text)"),
    "translation.stale": (WARNING_OR_ERROR.replace("check and ", ""), "a translation whose source changed since"),
    "translation.figures": ("warning", "a translation's figures differ from its source's"),
    "translation.glossary": ("warning", "a translation lacks the approved rendering of a term its source uses"),
    "review.comment": ("note", "a reviewer's comment, at the source of the text it is anchored to"),
    "review.change": ("note", "a tracked change, at the source it changes; typed text goes into the patch"),
    "review.generated": ("warning", "a tracked change to generated text, pointed at what makes it; never patched"),
    "review.unmapped": ("warning", "a comment or change whose text no source was found for, with its text"),
    "review.unpatched": ("warning", "a tracked change to typed text that could not be made into a hunk"),
    "review.source-changed": ("warning", "a source changed since the build the reviewer read"),
    "approve.unknown-id": ("error", "proposalkit approve names an evidence id the workspace does not have"),
    "evidence.unknown-kind": ("error", "a kind the proposal does not know"),
    "evidence.unknown-status": ("error", "a status other than draft, reviewed and approved"),
    "evidence.duplicate-id": ("error", "two items with one id; both files named"),
    "evidence.bad-metric": ("error", "a metric that is not a number"),
    "evidence.unknown-field": ("warning", "a key proposalkit does not know (a typo, most often)"),
    "evidence.changed-since-approval": (
        WARNING_OR_ERROR.replace("check and ", ""),
        "a cited item's body changed after its approval",
    ),
    "evidence.draft-cited": (WARNING_OR_ERROR.replace("check and ", ""), "a cited item is still a draft"),
    "evidence.uncited": ("note", "no variant checked cites the item"),
    # Tables and their schemas
    "table.empty": ("error", "a CSV file with no header row"),
    "table.unreadable": ("error", "pandas cannot read the CSV"),
    "table.unnamed-column": ("warning", "a header with an empty column name"),
    "table.delimiter": ("error", "a CSV separated by semicolons, tabs or vertical bars instead of commas"),
    "table.duplicate-column": ("error", "a header that names a column twice"),
    "table.bad-row": ("error", "a data row with more fields than the header"),
    "table.short-row": ("warning", "a data row with fewer fields than the header (the rest read as empty)"),
    "table.too-large": ("error", "a number that cannot be computed with exactly (beyond a float, or too many digits)"),
    "table.missing-column": ("error", "a column the schema (or a template function) requires is absent"),
    "table.unknown-column": ("error", "a column the schema does not declare"),
    "table.bad-type": ("error", "a cell that is not of its column's declared type"),
    "table.bad-date": ("error", "a cell that is not a date written YYYY-MM-DD (or, in an activity table, a month)"),
    "table.not-allowed": ("error", "a cell outside its column's allowed values"),
    "table.out-of-range": ("error", "a number below its column's min or above its max"),
    "table.blank": ("error", "an empty cell in a column that may not be blank"),
    "table.duplicate-key": ("error", "two rows with the same key"),
    "table.end-before-start": ("error", "an activity that ends before it starts"),
    "schema.invalid-field": ("error", "a schema field of the wrong type or form"),
    "schema.unknown-key": ("error", "a schema key proposalkit does not know"),
    "schema.unknown-type": ("error", "a column type other than string, integer, number, date and boolean"),
    "schema.bad-value": ("error", "an allowed value, min or max that does not fit its column's type"),
    "schema.unknown-key-column": ("error", "a key column the schema does not declare"),
    "schema.missing-columns": ("error", "a schema that declares no columns"),
    "schema.unknown-table": ("error", "a schema in proposal.yaml for a table that does not exist"),
    "schema.declared-twice": ("error", "a table with a schema both in its file and in proposal.yaml"),
    # Templates
    "template.syntax": ("error", "a Jinja syntax error, in the template where it is"),
    "template.undefined": ("error", "an undefined name, or an evidence id no item has"),
    "template.missing": ("error", "a template or included template that does not exist"),
    "template.outside": ("error", "a template or include that resolves outside templates/"),
    "template.sandbox": ("error", "something the sandbox does not allow (internal attributes, changing data)"),
    "template.runtime": ("error", "a template expression failed, as md_table of more than 2,000 rows"),
    "template.limit": ("error", "a template went past one of its render limits"),
    "template.too-long": ("error", "a section, string or number past its size limit, refused before it is built"),
    "template.too-large": (
        "error",
        "a section (or cover field) whose rendering needed more memory than the render worker may use",
    ),
    "template.chart-too-large": ("error", "gantt() of a table of more rows than the 200 a chart may draw"),
    "template.too-slow": ("error", "a section (or cover field) past its step or time limit"),
    "template.empty": ("warning", "a section's template produced no text"),
    # Markdown
    "citation.unknown-id": ("error", "`[@id]` of no evidence item"),
    "citation.unknown-source": ("error", "`[@item/source]` naming a source the item does not have"),
    "markdown.flattened": (
        "warning",
        "Markdown nested deeper than 100 levels; what is deeper is kept as plain text; once a section, where it starts",
    ),
    "markdown.outside-workspace": ("error", "an image that names a file outside the workspace"),
    "markdown.link-outside-workspace": (
        "warning",
        "a link to a `file:` URL or a path outside the workspace, which the document's reader will not have",
    ),
    # Checks
    "content.placeholder": (
        WARNING_OR_ERROR.replace("check and ", ""),
        'a placeholder (TODO, "to be stated", ...) in the text',
    ),
    "layout.cover-overflow": ("warning", "a cover too long for its page even without the space above its title"),
    "limit.max-words": (WARNING_OR_ERROR, "a section over its donor's word limit"),
    "limit.max-chars": (WARNING_OR_ERROR, "a section over its donor's character limit (with or without spaces)"),
    "limit.max-pages": (WARNING_OR_ERROR, "a section or the document over its donor's page limit"),
    "metrics.literal-figure": ("warning", "a typed figure equal to a cited item's metric, which could be quoted"),
    "metrics.contradiction": ("warning", "a typed figure that differs from the cited item's metric of that unit"),
    "budget.bad-table": ("error", "the budget table cannot be used: a column missing, an amount not a number"),
    "budget.unmapped-category": ("error", "a budget category with no heading in the donor's `categories`"),
    "budget.over-limit": ("error", "a budget heading over the donor's share of direct costs or the total"),
    "budget.over-ceiling": ("error", "the budget total over the donor's ceiling"),
    "window.outside": (
        WARNING_OR_ERROR,
        "an activity outside its funder's window (always an error for the donor's own)",
    ),
    "window.unknown-funder": ("warning", "a funding window of a funder no activity table names"),
    "review.no-author": ("error", "a review copy's evidence paragraph with no reviewer to sign its comment"),
    # Writing and converting
    "write.content": (
        "warning",
        "the writer's remarks: a table too wide, an unknown cross-reference, an image it cannot embed",
    ),
    "convert.pdf": ("error", "LibreOffice failed to convert a variant"),
    "diff.unreadable": ("error", "a file given to diff that is not a Word document"),
}

STRICT = [bool(os.environ.get("PROPOSALKIT_STRICT_CODES"))]  # a cell, so tests can turn it on after import


class UnknownCode(AssertionError):
    """A diagnostic with a code the registry does not hold: a bug in proposalkit."""


def check_code(code: str) -> None:
    """With PROPOSALKIT_STRICT_CODES set (as the tests set it), refuse a code the registry does not hold."""
    if STRICT[0] and code not in CODES:
        raise UnknownCode(f"diagnostic code '{code}' is not registered in proposalkit/base/codes.py")
