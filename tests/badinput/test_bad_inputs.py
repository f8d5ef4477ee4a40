"""Bad inputs of every kind: each is reported at its file and line with a stable code, exit status 1,
no traceback, and the output of the earlier good build left byte for byte as it was."""

from __future__ import annotations

import gzip

import pytest

from .conftest import Case, apply_changes, edit, error, invoke, snapshot

P = "templates/proposal.yaml"
D = "templates/donors/example-donor.yaml"
S = "templates/sections/summary.md.j2"
R = "templates/sections/results.md.j2"
CSV = "evidence/data/activities.csv"
E = "evidence/extra.md"


def item(front: str, body: str = "Body.\n") -> str:
    """An evidence file: front matter lines (without fences) and a body; the body starts on line N+3."""
    return f"---\n{front}---\n{body}"


OK_FRONT = "kind: context\ntitle: T\nstatus: reviewed\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"

YAML = [
    Case(
        "yaml-proposal-tab-indent",
        {P: edit("  - id: results\n", "\t- id: results\n")},
        (error(P, 11, 1, "yaml.syntax"),),
    ),
    Case(
        "yaml-proposal-unclosed-quote",
        {P: edit("organisation: Example Organisation", 'organisation: "Example')},
        (error(P, 4, 15, "yaml.syntax"),),
    ),
    Case(
        "yaml-donor-sections",
        {D: edit("  - id: results\n", "  - id: results\n   - stray\n")},
        (error(D, 7, 4, "yaml.syntax"),),
    ),
    Case(
        "yaml-donor-terms",
        {D: edit("outcome: expected result", "outcome: [expected result")},
        (error(D, 10, 12, "yaml.syntax"),),
    ),
    Case(
        "yaml-donor-exchange-rate",
        {D: lambda t: t + "exchange_rate: {rate: 1, date: 2009-12-01\n"},
        (error(D, 11, 16, "yaml.syntax"),),
    ),
    Case(
        "yaml-donor-cover",
        {D: lambda t: t + "cover:\n  fields:\n    - Location: China: Beijing\n"},
        (error(D, 13, None, "yaml.syntax"),),
    ),
    Case("yaml-front-matter-indent", {E: item("kind: context\n  title: T\n")}, (error(E, 3, None, "yaml.syntax"),)),
    Case(
        "yaml-front-matter-unclosed",
        {E: "---\nkind: context\ntitle: T\nBody.\n"},
        (error(E, 1, 1, "evidence.no-front-matter"),),
    ),
    Case("yaml-front-matter-not-mapping", {E: item("- kind\n- title\n")}, (error(E, 2, 1, "yaml.not-mapping"),)),
    Case("yaml-character-not-allowed", {E: item("kind: context\ntitle: T\x90x\n")}, (error(E, 3, 9, "yaml.syntax"),)),
    Case(
        "csv-unclosed-quote",
        {CSV: 'activity,start,end\n"Instructor training,2025-09-01,2025-11-30\nx,1,2\n'},
        (error(CSV, 2, None, "table.unreadable"),),
    ),
]

TYPES = [
    Case(
        "proposal-title-list",
        {P: edit("title: Skills for Green Jobs", "title: [Skills, Jobs]")},
        (error(P, 2, 8, "proposal.invalid-field"),),
    ),
    Case(
        "proposal-date-number", {P: edit("date: 2026-01-15", "date: 2026")}, (error(P, 5, 7, "proposal.invalid-field"),)
    ),
    Case(
        "proposal-date-text",
        {P: edit("date: 2026-01-15", "date: mid January")},
        (error(P, 5, 7, "proposal.invalid-field"),),
    ),
    Case(
        "proposal-sections-mapping",
        {P: lambda t: t[: t.index("sections:")] + "sections:\n  summary: sections/summary.md.j2\n"},
        (error(P, 8, 3, "proposal.invalid-field"),),
    ),
    Case(
        "proposal-section-entry-text",
        {P: edit("  - id: summary\n    title: Summary\n    template: sections/summary.md.j2\n", "  - summary\n")},
        (error(P, 8, 5, "proposal.invalid-field"),),
    ),
    Case(
        "proposal-template-list",
        {P: edit("template: sections/summary.md.j2", "template: [sections/summary.md.j2]")},
        (error(P, 10, 15, "proposal.invalid-field"),),
    ),
    Case(
        "proposal-default-donor-list",
        {P: edit("default_donor: example-donor", "default_donor: [example-donor]")},
        (error(P, 6, 16, "proposal.invalid-field"),),
    ),
    Case(
        "proposal-evidence-kinds-mapping",
        {P: lambda t: t + "evidence_kinds: {survey: yes}\n"},
        (error(P, 14, 17, "proposal.invalid-field"),),
    ),
    Case(
        "donor-name-list",
        {D: edit("name: Example Foundation", "name: [Example]")},
        (error(D, 2, 7, "donor.invalid-field"),),
    ),
    Case(
        "donor-sections-mapping",
        {D: lambda t: t[: t.index("sections:")] + "sections:\n  summary: yes\n"},
        (error(D, 5, 3, "donor.invalid-field"),),
    ),
    Case(
        "donor-section-entry-number", {D: edit("  - summary\n", "  - 42\n")}, (error(D, 5, 5, "donor.invalid-field"),)
    ),
    Case(
        "donor-max-words-text",
        {D: edit("max_words: 800", "max_words: many")},
        (error(D, 8, 16, "donor.invalid-limit"),),
    ),
    Case("donor-max-pages-list", {D: lambda t: t + "max_pages: [5]\n"}, (error(D, 11, 12, "donor.invalid-limit"),)),
    Case(
        "donor-terms-list",
        {D: edit("terms:\n  outcome: expected result", "terms: [outcome, expected result]")},
        (error(D, 9, 8, "donor.invalid-field"),),
    ),
    Case("donor-cover-list", {D: lambda t: t + "cover: [Location]\n"}, (error(D, 11, 8, "donor.invalid-field"),)),
    Case(
        "donor-cover-page-break-text",
        {D: lambda t: t + "cover:\n  page_break: sometimes\n"},
        (error(D, 12, 15, "donor.invalid-field"),),
    ),
    Case(
        "donor-cover-fields-mapping",
        {D: lambda t: t + "cover:\n  fields: {Location: China}\n"},
        (error(D, 12, 11, "donor.invalid-field"),),
    ),
    Case("donor-toc-number", {D: lambda t: t + "toc: 3\n"}, (error(D, 11, 6, "donor.invalid-field"),)),
    Case(
        "donor-rate-text",
        {D: edit("currency: USD", "currency: EUR\nexchange_rate: {rate: high, date: 2009-12-01, source: ECB}")},
        (error(D, 4, 23, "donor.invalid-field"),),
    ),
    Case(
        "donor-rate-date-number",
        {D: edit("currency: USD", "currency: EUR\nexchange_rate: {rate: 0.7, date: 2009, source: ECB}")},
        (error(D, 4, 34, "donor.invalid-field"),),
    ),
    Case("donor-annexes-text", {D: lambda t: t + "annexes: evidence\n"}, (error(D, 11, 10, "donor.invalid-field"),)),
    Case(
        "donor-hierarchy-list",
        {D: lambda t: t + "results_hierarchy: [output, activity]\n"},
        (error(D, 11, 20, "donor.invalid-field"),),
    ),
    Case(
        "evidence-title-list", {E: item("kind: context\ntitle: [a, b]\n")}, (error(E, 3, 8, "evidence.invalid-field"),)
    ),
    Case(
        "evidence-title-mapping",
        {E: item("kind: context\ntitle: {a: b}\n")},
        (error(E, 3, 8, "evidence.invalid-field"),),
    ),
    Case("evidence-date-number", {E: item(OK_FRONT + "date: 2009\n")}, (error(E, 5, 7, "evidence.invalid-field"),)),
    Case("evidence-date-impossible", {E: item(OK_FRONT + "date: 2009-02-30\n")}, (error(E, 5, 7, "yaml.bad-value"),)),
    Case(
        "donor-rate-date-impossible",
        {D: edit("currency: USD", "currency: EUR\nexchange_rate: {rate: 0.7, date: 2009-13-01, source: ECB}")},
        (error(D, 4, 34, "yaml.bad-value"),),
    ),
    Case(
        "evidence-date-list", {E: item(OK_FRONT + "date: [2009-01-01]\n")}, (error(E, 5, 7, "evidence.invalid-field"),)
    ),
    Case("evidence-tags-mapping", {E: item(OK_FRONT + "tags: {a: b}\n")}, (error(E, 5, 7, "evidence.invalid-field"),)),
    Case("evidence-tags-nested", {E: item(OK_FRONT + "tags: [[a]]\n")}, (error(E, 5, 7, "evidence.invalid-field"),)),
    Case(
        "evidence-metrics-list", {E: item(OK_FRONT + "metrics: [1, 2]\n")}, (error(E, 5, 10, "evidence.invalid-field"),)
    ),
    Case(
        "evidence-missing-mapping",
        {E: item(OK_FRONT + "missing: {a: b}\n")},
        (error(E, 5, 10, "evidence.invalid-field"),),
    ),
    Case(
        "evidence-status-list",
        {E: item("kind: context\ntitle: T\nstatus: [draft]\n")},
        (error(E, 4, 9, "evidence.invalid-field"),),
    ),
    Case("evidence-kind-number", {E: item("kind: 5\ntitle: T\n")}, (error(E, 2, 7, "evidence.unknown-kind"),)),
    Case(
        "evidence-source-mapping", {E: item(OK_FRONT + "source: {a: b}\n")}, (error(E, 5, 9, "evidence.invalid-field"),)
    ),
    Case("evidence-url-list", {E: item(OK_FRONT + "url: [a, b]\n")}, (error(E, 5, 6, "evidence.invalid-field"),)),
    Case("evidence-id-number-bad", {E: item(OK_FRONT + "id: 3.5\n")}, (error(E, 5, 5, "evidence.bad-id"),)),
]

ENCODING = [
    Case("binary-evidence-png", {"evidence/image.md": PNG}, (error("evidence/image.md", 1, 1, "io.encoding"),)),
    Case("binary-template-gzip", {S: gzip.compress(b"Hello", mtime=0)}, (error(S, 1, 2, "io.encoding"),)),
    Case("binary-csv-gzip", {CSV: gzip.compress(b"a,b\n1,2\n", mtime=0)}, (error(CSV, 1, 2, "io.encoding"),)),
    Case(
        "latin1-csv",
        {CSV: "activity,start,end\nCaf\xe9,2025-09-01,2025-11-30\n".encode("latin-1")},
        (error(CSV, 2, 4, "io.encoding"),),
    ),
    Case("latin1-proposal", {P: "# x\ntitle: Caf\xe9\n".encode("latin-1")}, (error(P, 2, 11, "io.encoding"),)),
    Case("latin1-donor", {D: "name: Fondation \xe9t\xe9\n".encode("latin-1")}, (error(D, 1, 17, "io.encoding"),)),
    Case("utf16-evidence", {E: item(OK_FRONT).encode("utf-16")}, (error(E, 1, 1, "io.encoding"),)),
]


def crlf(text: str) -> bytes:
    return ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")


BOM_CRLF = [
    Case(
        "bom-crlf-evidence",
        {E: crlf(item("kind: context\ntitle: T\nstatus: nope\n"))},
        (error(E, 4, 9, "evidence.unknown-status"),),
    ),
    Case(
        "bom-crlf-evidence-citation",
        {E: crlf(item(OK_FRONT, "One.\nTwo [@nowhere].\n"))},
        (error(E, 7, 5, "citation.unknown-id"),),
    ),
    Case(
        "bom-crlf-proposal",
        {P: lambda t: crlf(t.replace("date: 2026-01-15", "date: soon")).decode("utf-8")},
        (error(P, 5, 7, "proposal.invalid-field"),),
    ),
    Case(
        "bom-crlf-donor",
        {D: lambda t: crlf(t.replace("max_words: 800", "max_words: lots")).decode("utf-8")},
        (error(D, 8, 16, "donor.invalid-limit"),),
    ),
    Case("bom-crlf-template", {S: crlf("One\nTwo\n{{ nothing_here }}\n")}, (error(S, 3, 1, "template.undefined"),)),
    Case("bom-crlf-template-citation", {S: crlf("See [@nowhere] here.\n")}, (error(S, 1, 5, "citation.unknown-id"),)),
    Case("bom-crlf-csv", {CSV: crlf("activity,start,end\nA,1,2\nB,1,2,3\n")}, (error(CSV, 3, 7, "table.bad-row"),)),
]

EMPTY = [
    Case("empty-evidence", {E: ""}, (error(E, 1, 1, "evidence.no-front-matter"),)),
    Case("empty-front-matter", {E: "---\n---\nBody.\n"}, (error(E, 2, 1, "evidence.missing-field"),)),
    Case("empty-proposal", {P: ""}, (error(P, 1, 1, "yaml.not-mapping"),)),
    Case("empty-donor", {D: ""}, (error(D, 1, 1, "yaml.not-mapping"),)),
    Case("empty-csv", {CSV: ""}, (error(CSV, 1, 1, "table.empty"),)),
]

LARGE = [
    Case(
        "csv-100000-rows-in-table",
        {CSV: "activity,start,end\n" + "".join(f"Task {i},2025-01-01,2025-02-01\n" for i in range(100_000))},
        (error(R, 8, 1, "template.runtime"),),
    ),
]

CASES = YAML + TYPES + ENCODING + BOM_CRLF + EMPTY + LARGE


@pytest.mark.parametrize("case", [c.param for c in CASES])
def test_bad_input(workspace, case: Case):
    outputs = workspace / "outputs"
    before = snapshot(outputs)
    apply_changes(workspace, case.changes)
    result = invoke("build", "-w", workspace)
    assert result.code == case.status, result.err
    for expected in case.expect:
        assert any(expected.matches(line) for line in result.lines), (expected, result.lines)
    assert "Traceback" not in result.err + result.out and "internal error" not in result.err
    assert "build failed:" in result.err and "nothing written" in result.err
    assert snapshot(outputs) == before
