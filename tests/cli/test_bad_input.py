"""Each kind of bad input gives a located diagnostic, exit status 1, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

EVIDENCE_OK = """---
kind: pilot-result
title: A pilot
source: Records
status: reviewed
---
Body.
"""

# (name, {relative path: new content (str, or bytes)}, expected diagnostic line prefixes)
CASES = [
    (
        "front matter yaml",
        {"evidence/bad.md": "---\nkind: pilot-result\ntitle: [unclosed\n---\nBody\n"},
        ["evidence/bad.md:3:8: error: malformed YAML"],
    ),
    (
        "proposal yaml",
        {"templates/proposal.yaml": "title: A\nsections:\n  - id: x\n   title: bad indent\n"},
        ["templates/proposal.yaml:4:"],
    ),
    (
        "donor yaml",
        {"templates/donors/example-donor.yaml": "name: X\nsections: [summary\n"},
        ["templates/donors/example-donor.yaml:"],
    ),
    (
        "missing title",
        {"evidence/no-title.md": "---\nkind: context\nsource: S\n---\nBody\n"},
        ["evidence/no-title.md:2:1: error: missing required field 'title' [evidence.missing-field]"],
    ),
    (
        "missing source for research",
        {"evidence/r.md": "---\nkind: research-finding\ntitle: T\n---\nBody\n"},
        ["evidence/r.md:2:1: error: missing required field 'source' [evidence.missing-field]"],
    ),
    (
        "unknown kind",
        {"evidence/k.md": "---\ntitle: T\nkind: anecdote\n---\nBody\n"},
        ["evidence/k.md:3:7: error: unknown kind 'anecdote'"],
    ),
    (
        "unknown status",
        {"evidence/s.md": "---\ntitle: T\nkind: context\nstatus: final\n---\nBody\n"},
        ["evidence/s.md:4:9: error: unknown status 'final'"],
    ),
    (
        "duplicate id",
        {"evidence/dup.md": "---\nid: pilot-training\nkind: context\ntitle: T\n---\nBody\n"},
        ["evidence/pilot-training.md:1:1: error: evidence id 'pilot-training' is already used by evidence/dup.md:2"],
    ),
    (
        "unknown citation in template",
        {"templates/sections/summary.md.j2": "Intro.\n\nAs shown [@no-such-item].\n"},
        [
            "templates/sections/summary.md.j2:3:10: error: citation of unknown evidence id 'no-such-item' [citation.unknown-id]"
        ],
    ),
    (
        "unknown citation in evidence",
        {"evidence/c.md": "---\nkind: context\ntitle: T\n---\nFirst line.\nSee [@nowhere].\n"},
        ["evidence/c.md:6:5: error: citation of unknown evidence id 'nowhere' [citation.unknown-id]"],
    ),
    (
        "template syntax",
        {"templates/sections/summary.md.j2": "Line one\n{% if x %}\nno end\n"},
        ["templates/sections/summary.md.j2:2:1: error: template syntax error"],
    ),
    (
        "undefined name",
        {"templates/sections/summary.md.j2": "One\nTwo {{ budget_total }}\n"},
        [
            "templates/sections/summary.md.j2:2:1: error: undefined name: 'budget_total' is undefined [template.undefined]"
        ],
    ),
    (
        "unknown evidence in template",
        {"templates/sections/summary.md.j2": "{{ evidence['nope'].title }}\n"},
        ["templates/sections/summary.md.j2:1:1: error: undefined name: no evidence item 'nope' [template.undefined]"],
    ),
    (
        "donor section unknown",
        {"templates/donors/example-donor.yaml": "name: X\nsections:\n  - summary\n  - budget\n"},
        ["templates/donors/example-donor.yaml:4:5: error: section 'budget' is not defined in templates/proposal.yaml"],
    ),
    (
        "missing template",
        {"templates/sections/results.md.j2": None},
        [
            "templates/proposal.yaml:13:15: error: template file 'templates/sections/results.md.j2' of section 'results' does not exist [template.missing]"
        ],
    ),
    (
        "bad csv",
        {"evidence/data/activities.csv": "a,b\n1,2\n3,4,5\n"},
        ["evidence/data/activities.csv:3:1: error: pandas cannot read this CSV"],
    ),
    (
        "non utf-8 evidence",
        {"evidence/latin1.md": "---\nkind: context\ntitle: Caf\xe9\n---\n".encode("latin-1")},
        ["evidence/latin1.md:3:11: error: file is not valid UTF-8"],
    ),
    (
        "non utf-8 template",
        {"templates/sections/summary.md.j2": b"ok\n\xff\n"},
        ["templates/sections/summary.md.j2:2:1: error: file is not valid UTF-8"],
    ),
    (
        "unclosed jinja comment",
        {"templates/sections/summary.md.j2": "Budget {#tbl-budget}\n"},
        ["templates/sections/summary.md.j2:1:1: error: template syntax error: Missing end of comment tag"],
    ),
]


def apply(root: Path, changes: dict) -> None:
    for rel, content in changes.items():
        path = root / rel
        if content is None:
            path.unlink()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("name,changes,expected", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["build", "check"])
def test_bad_input_is_located(starter, run, command, name, changes, expected):
    apply(starter, changes)
    result = run(command, "-w", starter)
    assert result.code == 1, result.err
    for prefix in expected:
        assert any(line.startswith(prefix) for line in result.lines), (prefix, result.lines)
    assert "Traceback" not in result.err
    assert not any((starter / "outputs").glob("*.docx"))


def test_all_problems_reported_in_one_run(starter, run):
    for _, changes, _ in CASES[3:7] + CASES[10:11] + CASES[13:14]:
        apply(starter, changes)
    result = run("check", "-w", starter)
    assert result.code == 1
    errors = [line for line in result.lines if ": error: " in line]
    paths = {line.split(":")[0] for line in errors}
    assert {
        "evidence/no-title.md",
        "evidence/r.md",
        "evidence/k.md",
        "evidence/s.md",
        "templates/donors/example-donor.yaml",
    } <= paths, errors
    assert errors == sorted(errors, key=lambda l: (l.split(":")[0], int(l.split(":")[1])))


def test_failed_build_leaves_earlier_output_untouched(starter, run):
    first = run("build", "-w", starter)
    assert first.code == 0, first.err
    (docx,) = (starter / "outputs").glob("*.docx")
    (trace,) = (starter / "outputs").glob("*.trace.json")
    before = docx.read_bytes(), trace.read_bytes()
    apply(starter, {"templates/sections/summary.md.j2": "{{ undefined_thing }}\n"})
    second = run("build", "-w", starter)
    assert second.code == 1
    assert (docx.read_bytes(), trace.read_bytes()) == before
    assert sorted(p.name for p in (starter / "outputs").iterdir()) == sorted([docx.name, trace.name])


def test_inputs_never_modified(starter, run):
    snapshot = {p: p.read_bytes() for p in starter.rglob("*") if p.is_file()}
    assert run("build", "-w", starter).code == 0
    assert run("check", "-w", starter).code == 0
    for path, data in snapshot.items():
        assert path.read_bytes() == data, path


def test_unknown_donor_is_usage_error_listing_known(starter, run):
    result = run("build", "-w", starter, "--donor", "nobody")
    assert result.code == 2
    assert "unknown donor 'nobody'" in result.err and "example-donor" in result.err


def test_no_workspace_is_usage_error(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.code == 2
    assert "no workspace found" in result.err


def test_unwritable_output_folder_is_a_clear_error(starter, run, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder is needed")
    result = run("build", "-w", starter, "--out", blocker / "sub")
    assert result.code == 1
    assert "proposalkit: error: cannot write the build into" in result.err and "Traceback" not in result.err
