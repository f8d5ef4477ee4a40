"""Diagnostics for people and programs: did-you-mean hints, one JSON document, colour only on terminals."""

from __future__ import annotations

import io
import json

import pytest

from proposalkit.base.diagnostics import Diagnostics, did_you_mean
from proposalkit.base.model import Position
from proposalkit.cli import use_colour

from ..badinput.conftest import apply_changes, edit

HINTS = [
    (
        "citation",
        {"templates/sections/summary.md.j2": "See [@pilot-trainig].\n"},
        "templates/sections/summary.md.j2:1:5: error: citation of unknown evidence id 'pilot-trainig' "
        "(did you mean 'pilot-training'?) [citation.unknown-id]",
    ),
    (
        "citation in evidence",
        {"evidence/extra.md": "---\nkind: context\ntitle: T\n---\nSee [@sector-contxt].\n"},
        "evidence/extra.md:5:5: error: citation of unknown evidence id 'sector-contxt' "
        "(did you mean 'sector-context'?) [citation.unknown-id]",
    ),
    (
        "front matter key",
        {"evidence/extra.md": "---\nkind: context\ntitel: T\ntitle: T\n---\nBody.\n"},
        "evidence/extra.md:3:1: warning: unknown field 'titel' (did you mean 'title'?) [evidence.unknown-field]",
    ),
    (
        "kind",
        {"evidence/extra.md": "---\nkind: pilot-results\ntitle: T\n---\nBody.\n"},
        "evidence/extra.md:2:7: error: unknown kind 'pilot-results' (did you mean 'pilot-result'?)",
    ),
    (
        "profile key",
        {"templates/donors/example-donor.yaml": lambda t: t + "max_page: 5\n"},
        "templates/donors/example-donor.yaml:11:1: warning: unknown field 'max_page' (did you mean 'max_pages'?) "
        "[donor.unknown-field]",
    ),
    (
        "section",
        {"templates/donors/example-donor.yaml": edit("  - summary\n", "  - sumary\n")},
        "templates/donors/example-donor.yaml:5:5: error: section 'sumary' is not defined in templates/proposal.yaml "
        "(did you mean 'summary'?)",
    ),
    (
        "template",
        {"templates/proposal.yaml": edit("sections/results.md.j2", "sections/result.md.j2")},
        "templates/proposal.yaml:13:15: error: template file 'templates/sections/result.md.j2' of section 'results' "
        "does not exist (did you mean 'sections/results.md.j2'?) [template.missing]",
    ),
    (
        "included template",
        {"templates/sections/summary.md.j2": "{% include 'sections/result.md.j2' %}\n"},
        "templates/sections/summary.md.j2:1:1: error: included template 'sections/result.md.j2' does not exist "
        "(did you mean 'sections/results.md.j2'?) [template.missing]",
    ),
]


@pytest.mark.parametrize("changes,expected", [h[1:] for h in HINTS], ids=[h[0] for h in HINTS])
def test_did_you_mean(starter, run, changes, expected):
    apply_changes(starter, changes)
    result = run("check", "-w", starter)
    assert any(line.startswith(expected) for line in result.lines), result.lines


def test_unknown_donor_suggests_the_closest(starter, run):
    result = run("build", "-w", starter, "-d", "exampel-donor")
    assert result.code == 2
    assert "unknown donor 'exampel-donor' (did you mean 'example-donor'?)" in result.err


def test_no_hint_when_nothing_is_close():
    assert did_you_mean("zzz", ["summary", "results"]) == ""
    assert did_you_mean("ilx", ["ilo", "eu", "mdgf"]) == " (did you mean 'ilo'?)"


BROKEN = {
    "evidence/z.md": "---\nkind: context\ntitle: T\nstatus: final\n---\nBody.\n",
    "evidence/a.md": "---\nkind: context\n---\nSee [@nowhere].\n",
}


@pytest.mark.parametrize(
    "command",
    [
        ("check", "--format", "json"),
        ("check", "--diagnostics-format", "json"),
        ("build", "--diagnostics-format", "json"),
    ],
)
def test_json_diagnostics(starter, run, command):
    apply_changes(starter, BROKEN)
    text = run(command[0], "-w", starter)
    result = run(*command, "-w", starter)
    assert result.code == 1 and result.err == ""
    document = json.loads(result.out)
    assert document["command"] == command[0] and document["ok"] is False
    items = document["diagnostics"]
    assert all(set(d) == {"severity", "code", "message", "path", "line", "column"} for d in items)
    assert document["errors"] == sum(d["severity"] == "error" for d in items) >= 2
    shown = [f"{d['path']}:{d['line']}:{d['column']}: {d['severity']}: {d['message']} [{d['code']}]" for d in items]
    assert shown == [line for line in text.lines if line.count(":") >= 3 and "[" in line]
    assert items == sorted(items, key=lambda d: (d["path"], d["line"], d["column"]))
    assert not list((starter / "outputs").glob("*")) if (starter / "outputs").exists() else True


def test_json_after_a_good_build_lists_the_files(starter, run):
    result = run("build", "-w", starter, "--diagnostics-format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["ok"] is True and document["errors"] == 0
    (path,) = document["outputs"]
    assert path.endswith("skills-for-green-jobs-example-donor.docx")


def test_colour_only_in_formatting_when_asked():
    diags = Diagnostics()
    diags.error(Position("a.md", 2, 3), "yaml.syntax", "bad")
    diags.warning(Position("a.md", 1, 1), "template.empty", "odd")
    plain = diags.lines()
    coloured = diags.lines(colour=True)
    assert plain == ["a.md:1:1: warning: odd [template.empty]", "a.md:2:3: error: bad [yaml.syntax]"]
    assert "\x1b[31m" in coloured[1] and "\x1b[33m" in coloured[0]
    assert [
        line.replace("\x1b[1m", "").replace("\x1b[0m", "").replace("\x1b[31m", "").replace("\x1b[33m", "")
        for line in coloured
    ] == plain


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_on_terminals_unless_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(FakeTerminal()) is True
    assert use_colour(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(FakeTerminal()) is False


def test_no_colour_in_pipes(starter, run, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    apply_changes(starter, BROKEN)
    result = run("check", "-w", starter)
    assert result.code == 1 and "\x1b[" not in result.err


QUOTING = {
    "evidence/line\nbreak.md": (
        '---\nkind: context\ntitle: T\nsource: S\nstatus: reviewed\nmetrics:\n  "jobs\\x1eall\\Lx\\Ny": lots\n---\n'
        "Body.\n"
    )
}


def test_a_quoted_name_cannot_split_a_diagnostic_line(starter, run):
    apply_changes(starter, QUOTING)
    for command in ("check", "build"):
        result = run(command, "-w", starter)
        assert result.code == 1
        lines = result.err.splitlines()  # splits at U+001E, U+2028 and NEL too, as editors and tools do
        assert (
            "evidence/line\\nbreak.md:2:1: error: 'line\\nbreak' is not a valid id: use lowercase letters, "
            "digits and hyphens [evidence.bad-id]"
        ) in lines
        assert (
            "evidence/line\\nbreak.md:7:24: error: metric 'jobs\\x1eall\\u2028x\\x85y' must be a number, not 'lots' "
            "[evidence.bad-metric]"
        ) in lines


@pytest.mark.parametrize("command", [("check", "--format", "json"), ("build", "--diagnostics-format", "json")])
def test_json_keeps_the_quoted_characters(starter, run, command):
    apply_changes(starter, QUOTING)
    result = run(*command, "-w", starter)
    assert result.code == 1
    assert result.out.splitlines() == result.out.split("\n")[:-1]  # its own line ends alone
    items = json.loads(result.out)["diagnostics"]
    metric = next(d for d in items if d["code"] == "evidence.bad-metric")
    assert metric["message"] == "metric 'jobs\x1eall\u2028x\x85y' must be a number, not 'lots'"
    assert metric["path"] == "evidence/line\nbreak.md"
