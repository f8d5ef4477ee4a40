"""Every example of the CommonMark spec builds: each is a section of one workspace made by `proposalkit init`,
and `proposalkit build` of that workspace exits 0 with a Word file python-docx opens, every example's section
in it, in order.

tests/write/test_commonmark_spec.py checks the writer's text for each example; this test runs the whole
build (render, parse, checks, write), so a check that refuses what CommonMark allows (a link to `/url`) fails
here. Warnings are allowed, but only the kinds the examples call for: raw HTML and images the writer cannot
embed (`write.content`), links to paths outside the workspace, and the starter's draft evidence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from proposalkit.cli import cli
from proposalkit.commands.init import create_workspace

SPEC = json.loads((Path(__file__).parents[1] / "data" / "commonmark-spec.json").read_text(encoding="utf-8"))
EXAMPLES = SPEC["examples"]
DIAGNOSTIC = re.compile(r"^(?P<path>[^:\n]+):\d+:\d+: (?P<severity>error|warning|note): .+ \[(?P<code>[a-z0-9.-]+)\]$")
EXPECTED_WARNINGS = {"write.content", "markdown.link-outside-workspace", "evidence.draft-cited"}


def title(number: int) -> str:
    return f"Spec example {number}"


def template(number: int) -> str:
    return f"templates/sections/spec-{number}.md.j2"


@pytest.fixture(scope="module")
def spec_build(tmp_path_factory):
    """The workspace, its build's exit code and diagnostic lines, and the document."""
    root = tmp_path_factory.mktemp("spec") / "ws"
    create_workspace(root)
    proposal = root / "templates/proposal.yaml"
    donor = root / "templates/donors/example-donor.yaml"
    sections, chosen = [], []
    for example in EXAMPLES:
        number = example["example"]
        (root / template(number)).write_text(example["markdown"], encoding="utf-8")
        sections.append(
            f"  - id: spec-{number}\n    title: {title(number)}\n    template: sections/spec-{number}.md.j2\n"
        )
        chosen.append(f"  - spec-{number}\n")
    proposal.write_text(proposal.read_text(encoding="utf-8") + "".join(sections), encoding="utf-8")
    profile = donor.read_text(encoding="utf-8")
    assert "\nterms:" in profile
    donor.write_text(profile.replace("\nterms:", "\n" + "".join(chosen) + "terms:"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-w", str(root)], catch_exceptions=False)
    lines = result.stderr.splitlines()
    (path,) = (root / "outputs").glob("*.docx") if result.exit_code == 0 else (None,)
    return result.exit_code, lines, path


def test_the_examples_are_template_text():
    """Each example goes into a template as it is, so none may hold Jinja syntax."""
    for example in EXAMPLES:
        assert not re.search(r"\{[{%#]|[}%#]\}", example["markdown"]), example["example"]


def test_the_workspace_builds_and_python_docx_opens_it(spec_build):
    code, lines, path = spec_build
    assert code == 0, "\n".join(line for line in lines if ": error: " in line)
    assert path is not None and path.stat().st_size > 0
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1" and p.text.startswith("Spec ")]
    assert headings == [title(e["example"]) for e in EXAMPLES]


def test_every_line_is_a_diagnostic_of_an_expected_kind(spec_build):
    _code, lines, _path = spec_build
    diagnostics = [DIAGNOSTIC.match(line) for line in lines]
    assert all(diagnostics), [line for line, found in zip(lines, diagnostics) if not found]
    unexpected = [
        m.group(0) for m in diagnostics if m and m["severity"] != "note" and m["code"] not in EXPECTED_WARNINGS
    ]
    assert unexpected == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"example-{e['example']}")
def test_the_example_has_no_error(spec_build, example):
    _code, lines, _path = spec_build
    prefix = template(example["example"]) + ":"
    assert [line for line in lines if line.startswith(prefix) and ": error: " in line] == []
