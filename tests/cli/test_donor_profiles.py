"""Donor profile keys: each bad value is a located error (exit 1, nothing written); limits in `check`."""

from __future__ import annotations

import re

import docx
import pytest

HEAD = "name: Example Foundation\n"
SECTIONS = "sections:\n  - summary\n  - id: results\n    title: Evidence of results\n"
DONOR = "templates/donors/example-donor.yaml"

# (name, donor file text, expected diagnostic line prefix)
CASES = [
    (
        "unknown section",
        HEAD + "sections:\n  - summary\n  - nowhere\n",
        f"{DONOR}:4:5: error: section 'nowhere' is not defined in templates/proposal.yaml (defined: summary, results) "
        "[donor.unknown-section]",
    ),
    (
        "missing reference document",
        HEAD + "reference_docx: styles/house.docx\n" + SECTIONS,
        f"{DONOR}:2:17: error: reference document 'templates/styles/house.docx' does not exist [donor.missing-reference]",
    ),
    (
        "zero max_words",
        HEAD + SECTIONS + "    max_words: 0\n",
        f"{DONOR}:6:16: error: field 'max_words' must be a positive whole number, not '0' [donor.invalid-limit]",
    ),
    (
        "negative max_pages",
        HEAD + SECTIONS + "    max_pages: -2\n",
        f"{DONOR}:6:16: error: field 'max_pages' must be a positive whole number, not '-2' [donor.invalid-limit]",
    ),
    (
        "zero document max_pages",
        HEAD + "max_pages: 0\n" + SECTIONS,
        f"{DONOR}:2:12: error: field 'max_pages' must be a positive whole number, not '0' [donor.invalid-limit]",
    ),
    (
        "unknown currency",
        HEAD + "currency: EUD\n" + SECTIONS,
        f"{DONOR}:2:11: error: unknown currency 'EUD': not an ISO 4217 code (for example USD, EUR, AUD) "
        "[donor.unknown-currency]",
    ),
    (
        "missing rate",
        HEAD + "currency: EUR\n" + SECTIONS,
        f"{DONOR}:2:11: error: currency EUR differs from the proposal's USD: add 'exchange_rate: "
        "{rate: ..., date: YYYY-MM-DD, source: ...}' (1 USD = rate EUR) [donor.missing-rate]",
    ),
    (
        "non-positive rate",
        HEAD + "currency: EUR\nexchange_rate:\n  rate: 0\n  date: 2009-12-01\n  source: ECB\n" + SECTIONS,
        f"{DONOR}:4:9: error: field 'rate' must be a positive number, not '0' [donor.invalid-field]",
    ),
    (
        "rate without date",
        HEAD + "currency: EUR\nexchange_rate:\n  rate: 0.67\n  source: ECB\n" + SECTIONS,
        f"{DONOR}:4:3: error: missing required field 'date' (the day the rate was published) [donor.missing-field]",
    ),
    (
        "rate without source",
        HEAD + "currency: EUR\nexchange_rate: {rate: 0.67, date: 2009-12-01}\n" + SECTIONS,
        f"{DONOR}:3:16: error: missing required field 'source' [donor.missing-field]",
    ),
    (
        "toc not a flag",
        HEAD + "toc: no contents\n" + SECTIONS,
        f"{DONOR}:2:6: error: field 'toc' must be true or false, not 'no contents' [donor.invalid-field]",
    ),
    (
        "cover field failing",
        HEAD + 'cover:\n  fields:\n    - Budget: "{{ budget_total }}"\n' + SECTIONS,
        f"{DONOR}:4:15: error: cover field 'Budget': undefined name: 'budget_total' is undefined [template.undefined]",
    ),
    (
        "annex naming an unknown section",
        HEAD + "annexes:\n  - evidence\n  - logframe\n" + SECTIONS,
        f"{DONOR}:4:5: error: section 'logframe' is not defined in templates/proposal.yaml",
    ),
    (
        "annex repeating a body section",
        HEAD + "annexes:\n  - summary\n" + SECTIONS,
        f"{DONOR}:3:5: error: section 'summary' is listed twice [donor.duplicate-section]",
    ),
    (
        "results hierarchy not text",
        HEAD + "results_hierarchy:\n  output: [a, b]\n" + SECTIONS,
        f"{DONOR}:3:11: error: results_hierarchy: the name for 'output' must be text, or ~ to leave the level out [donor.invalid-field]",
    ),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["build", "check"])
def test_bad_profile_is_located(starter, run, command, name, text, expected):
    (starter / DONOR).write_text(text, encoding="utf-8")
    result = run(command, "-w", starter)
    assert result.code == 1, result.err
    assert any(line.startswith(expected) for line in result.lines), (expected, result.lines)
    assert "Traceback" not in result.err
    assert not (starter / "outputs").exists() or not any((starter / "outputs").iterdir())


def test_unknown_base_currency_in_proposal_is_located(starter, run):
    proposal = starter / "templates/proposal.yaml"
    proposal.write_text(
        proposal.read_text(encoding="utf-8").replace("date: 2026-01-15\n", "date: 2026-01-15\ncurrency: DOLLAR\n"),
        encoding="utf-8",
    )
    result = run("check", "-w", starter)
    assert result.code == 1
    assert any(
        line.startswith("templates/proposal.yaml:6:11: error: unknown currency 'DOLLAR'") for line in result.lines
    ), result.lines


def test_unknown_donor_with_all_known_listed(starter, run):
    result = run("check", "-w", starter, "--donor", "eu")
    assert result.code == 2
    assert "unknown donor 'eu'; known donors: example-donor" in result.err


def words_over(starter, limit: int) -> None:
    text = HEAD + f"sections:\n  - summary\n  - id: results\n    title: Evidence of results\n    max_words: {limit}\n"
    (starter / DONOR).write_text(text, encoding="utf-8")


def test_section_over_its_word_limit_fails_check_at_the_limit_line(starter, run):
    words_over(starter, 20)
    result = run("check", "-w", starter)
    assert result.code == 1
    errors = [line for line in result.lines if "[limit.max-words]" in line]
    assert len(errors) == 1
    assert re.fullmatch(
        rf"{DONOR}:6:16: error: section 'results' has (\d+) words, over the example-donor limit "
        r"of 20 \(max_words\) \[limit\.max-words\]",
        errors[0],
    ), errors


def test_section_within_its_word_limit_passes_check(starter, run):
    words_over(starter, 400)
    result = run("check", "-w", starter)
    assert result.code == 0, result.err


def test_word_limit_is_a_warning_in_build_and_an_error_with_final(starter, run):
    words_over(starter, 20)
    result = run("build", "-w", starter)
    assert result.code == 0
    assert any(": warning: section 'results' has" in line for line in result.lines)
    assert run("build", "-w", starter, "--final").code == 1


def test_cjk_characters_count_as_words(starter, run):
    results = starter / "templates/sections/results.md.j2"
    results.write_text("绿色就业促进可持续发展" * 5 + "\n", encoding="utf-8")  # 55 characters
    words_over(starter, 56)  # the heading "Evidence of results" adds three words
    assert run("check", "-w", starter).code == 1
    words_over(starter, 58)
    assert run("check", "-w", starter).code == 0


def test_section_over_its_estimated_pages_is_located(starter, run):
    results = starter / "templates/sections/results.md.j2"
    results.write_text(results.read_text(encoding="utf-8") + "\n" + "Words on a page. " * 1500 + "\n", encoding="utf-8")
    (starter / DONOR).write_text(HEAD + SECTIONS + "    max_pages: 2\n", encoding="utf-8")
    result = run("check", "-w", starter)
    assert result.code == 1
    assert any(
        re.fullmatch(
            rf"{DONOR}:6:16: error: section 'results' takes about [\d.]+ pages \(estimated\), over "
            r"the example-donor limit of 2 \(max_pages\) \[limit\.max-pages\]",
            line,
        )
        for line in result.lines
    ), result.lines
    (starter / DONOR).write_text(HEAD + SECTIONS + "    max_pages: 9\n", encoding="utf-8")
    assert run("check", "-w", starter).code == 0


def test_reference_document_that_is_not_a_docx_is_located(starter, run):
    (starter / "templates" / "styles").mkdir()
    (starter / "templates" / "styles" / "bad.docx").write_text("not a zip", encoding="utf-8")
    donor = starter / "templates" / "donors" / "example-donor.yaml"
    donor.write_text(donor.read_text() + "reference_docx: styles/bad.docx\n", encoding="utf-8")
    result = run("build", "-w", starter)
    assert result.code == 1
    assert any(
        line.startswith(
            "templates/donors/example-donor.yaml:11:17: error: reference document "
            "'templates/styles/bad.docx' is not a Word (.docx) file [donor.bad-reference]"
        )
        for line in result.lines
    ), result.lines


def test_cover_document_names_what_the_document_is(starter, run):
    (starter / DONOR).write_text(
        HEAD + SECTIONS + "cover:\n  document: Concept note to the Example Foundation\n", encoding="utf-8"
    )
    result = run("build", "-w", starter, "--toc-pages", "estimate")
    assert result.code == 0, result.err
    document = docx.Document(str(next((starter / "outputs").glob("*.docx"))))
    cover = [p.text for p in document.paragraphs if p.style.name == "Cover Field"]
    assert cover[0] == "Concept note to the Example Foundation" and not any("Proposal to" in t for t in cover)
    assert document.core_properties.subject == "Concept note to the Example Foundation"
    (starter / DONOR).write_text(HEAD + SECTIONS, encoding="utf-8")
    assert run("build", "-w", starter, "--toc-pages", "estimate").code == 0
    document = docx.Document(str(next((starter / "outputs").glob("*.docx"))))
    assert (
        next(p.text for p in document.paragraphs if p.style.name == "Cover Field") == "Proposal to Example Foundation"
    )
