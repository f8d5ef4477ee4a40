"""Property tests: any Markdown body and any front matter either builds a Word file python-docx opens, or
fails with located diagnostics and writes nothing; never an unhandled exception.

The default `dev` profile runs 50 derandomised examples, light enough for a contributor's every run;
HYPOTHESIS_PROFILE=ci (as .ci/run sets it) runs 500, also derandomised, so a failure in CI reproduces
anywhere; HYPOTHESIS_PROFILE=explore runs 500 with a random seed, printed on failure.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proposalkit import pipeline
from proposalkit.commands.init import create_workspace

from ..badinput.conftest import invoke

settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=50,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore",
    max_examples=500,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

DIAGNOSTIC = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning|note): [^\n]+ \[[a-z0-9]+(?:[.-][a-z0-9]+)*\]$")
ITEM = "evidence/fuzzed.md"

# Text: letters, digits, punctuation Markdown cares about, CJK, and control characters Word cannot hold.
text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcXYZ019 .,;:!?-_*`~#>|[](){}<>@\\/\"'=+&%$^\t")),
        st.sampled_from(list("绿色就业中国试点")),
        st.sampled_from(
            [
                "\x00",
                "\x01",
                "\x07",
                "\x0b",
                "\x0c",
                "\x1b",
                "\x7f",
                "\x85",
                "\u00a0",
                "\u200b",
                "\ufeff",
                "\ufffe",
                "\r",
            ]
        ),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=30,
)
cite_id = st.sampled_from(["pilot-training", "sector-context", "lesson-partners", "fuzzed", "nowhere", "x"])
inline = st.one_of(
    text,
    text.map(lambda t: f"*{t}*"),
    text.map(lambda t: f"**{t}**"),
    text.map(lambda t: f"`{t}`"),
    text.map(lambda t: f"~~{t}~~"),
    cite_id.map(lambda i: f"[@{i}]"),
    st.tuples(cite_id, cite_id).map(lambda p: f"[@{p[0]}; @{p[1]}, p. 4]"),
    st.sampled_from(
        [
            "@tbl-a",
            "@fig-a",
            "\\@tbl-a",
            "[a link](https://example.org)",
            "<https://example.org>",
            "![an image](missing.png)",
            "<b>html</b>",
            "\\",
            "[",
            "]",
            "[@",
            "*",
            "_",
        ]
    ),
)
paragraph = st.lists(inline, min_size=1, max_size=6).map(" ".join)
TABLE = "| Year | Amount |\n|---|--:|\n| 2010 | 1,000 |\n| 2011 | 2,000 |"
leaf = st.one_of(
    paragraph,
    st.tuples(st.integers(1, 7), paragraph).map(lambda h: "#" * h[0] + " " + h[1]),
    st.sampled_from(
        [
            "\\newpage",
            "\\pagebreak",
            "<!-- pagebreak -->",
            "---",
            "***",
            "```\ncode [@x]\n```",
            "    indented code",
            "<div>block html</div>",
            TABLE,
            "Table: Budget by year { #tbl-a }\n\n" + TABLE,
            TABLE + "\nTable: Costs {#tbl-b}",
            "Table: A caption with no table {#tbl-c}",
            "![Map](map.png){ #fig-a }",
            ":::",
            "::: landscape",
        ]
    ),
)


def _nest(children):
    return st.one_of(
        st.lists(children, min_size=1, max_size=4).map(
            lambda items: "\n".join("- " + i.replace("\n", "\n  ") for i in items)
        ),
        st.lists(children, min_size=1, max_size=4).map(
            lambda items: "\n".join(f"{n}. " + i.replace("\n", "\n   ") for n, i in enumerate(items, 1))
        ),
        children.map(lambda c: "> " + c.replace("\n", "\n> ")),
        st.lists(children, min_size=1, max_size=3).map(lambda items: "::: landscape\n" + "\n\n".join(items) + "\n:::"),
    )


block = st.recursive(leaf, _nest, max_leaves=12)
body = st.tuples(st.lists(block, max_size=8), st.sampled_from(["\n\n", "\n"])).map(lambda b: b[1].join(b[0]))

scalar = st.one_of(
    text,
    st.integers(-5, 3000),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.dates().map(str),
    st.just([]),
    st.just({}),
)
value = st.one_of(scalar, st.lists(scalar, max_size=3), st.dictionaries(text, scalar, max_size=3))
fields = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.one_of(st.sampled_from(["pilot-result", "research-finding", "lesson-learned", "context"]), value),
        "title": st.one_of(text, value),
        "source": st.one_of(text, value),
        "date": st.one_of(st.dates().map(str), st.dates(), value),
        "status": st.one_of(st.sampled_from(["draft", "reviewed", "approved"]), value),
        "tags": st.one_of(st.lists(text, max_size=3), value),
        "metrics": st.one_of(st.dictionaries(st.sampled_from(["jobs", "trainees"]), st.integers(0, 10**6)), value),
        "missing": st.one_of(st.lists(text, max_size=2), value),
        "url": value,
        "id": st.one_of(st.sampled_from(["fuzzed", "pilot-training", "Bad Id", "x-1"]), value),
        "surprise": value,
    },
)


def front_matter(data: dict, breakage: str | None) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False) if data else ""
    if breakage:
        text += breakage + "\n"
    return text


evidence_file = st.tuples(
    st.one_of(st.just({"kind": "pilot-result", "title": "Fuzzed", "status": "reviewed"}), fields),
    st.one_of(
        st.none(),
        st.sampled_from(
            [
                "title: [unclosed",
                "\tkind: context",
                "kind: : :",
                "- a list item",
                "date: 2009-02-30",
                "kind: context\nkind: context",
            ]
        ),
    ),
    body,
    st.booleans(),  # CRLF line ends
).map(lambda t: ("---\n" + front_matter(t[0], t[1]) + "---\n" + t[2] + "\n").replace("\n", "\r\n" if t[3] else "\n"))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "ws"
    create_workspace(root)
    return root


def check_outcome(result: pipeline.Result, out: Path) -> None:
    lines = result.diagnostics.lines()
    for line in lines:
        assert DIAGNOSTIC.match(line), line
    written = sorted(out.glob("*")) if out.exists() else []
    if result.diagnostics.has_errors:
        assert not written, (written, lines)
        return
    (path,) = [p for p in written if p.suffix == ".docx"]  # beside its trace file
    document = docx.Document(str(path))
    assert document.paragraphs


@given(evidence=evidence_file, template=st.one_of(st.none(), body))
def test_any_evidence_builds_or_fails_with_diagnostics(base, tmp_path_factory, evidence, template):
    (base / ITEM).write_bytes(evidence.encode("utf-8", "surrogatepass"))
    summary = base / "templates/sections/summary.md.j2"
    original = summary.read_bytes()
    if template is not None:  # a section template whose text holds no template syntax
        summary.write_text("{% raw %}" + template.replace("{% endraw %}", "") + "{% endraw %}\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    try:
        result = pipeline.build(base, out=out, jobs=1)
    finally:
        summary.write_bytes(original)
        (base / ITEM).unlink()
    check_outcome(result, out)
    shutil.rmtree(out)


@settings(max_examples=15)
@given(evidence=evidence_file)
def test_cli_exit_status_is_0_or_1(base, tmp_path_factory, evidence):
    (base / ITEM).write_bytes(evidence.encode("utf-8", "surrogatepass"))
    out = tmp_path_factory.mktemp("out")
    try:
        for command in (("check",), ("build", "--out", out)):
            result = invoke(*command, "-w", base)
            assert result.code in (0, 1), result.err
            assert "Traceback" not in result.err and "internal error" not in result.err
            for line in result.lines:
                assert DIAGNOSTIC.match(line) or line.startswith(("check: ", "build failed: ")), line
    finally:
        (base / ITEM).unlink()
        shutil.rmtree(out)
