"""The trace file beside each document names each section's template, cited evidence and tables, with hashes."""

from __future__ import annotations

import hashlib
import json

from proposalkit.pipeline import build, run


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_example_trace_names_every_cited_item_with_its_hash(example, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    result = build(example, out=first)
    assert not result.diagnostics.has_errors, result.diagnostics.lines()
    (document,) = result.outputs
    (trace_path,) = result.traces
    assert trace_path == first / "green-jobs-china-2010-ilo.trace.json"
    trace = json.loads(trace_path.read_text(encoding="utf-8"))

    assert trace["document"] == {"file": document.name, "sha256": sha256(document)}
    assert trace["proposal"]["sha256"] == sha256(example / "templates/proposal.yaml")
    assert trace["donor"]["sha256"] == sha256(example / "templates/donors/ilo.yaml")

    _, ws, (assembly,) = run(example)
    assert [s["id"] for s in trace["sections"]] == [s.id for s in assembly.sections]
    named = set()
    for section in trace["sections"]:
        assert section["template"]["sha256"] == sha256(example / section["template"]["path"])
        for item in section["evidence"]:
            source = ws.evidence[item["id"]]
            assert item["path"] == source.path and item["status"] == source.status
            assert item["sha256"] == sha256(example / item["path"])
            named.add(item["id"])
        for table in section["tables"]:
            assert table["sha256"] == sha256(example / table["path"])
    assert named == set(assembly.cited) == set(trace["cited"])  # every cited item, and only those

    tables = {s["id"]: [t["name"] for t in s["tables"]] for s in trace["sections"]}
    assert tables["budget"] == ["budget", "pilot_funding"]
    assert tables["monitoring"] == ["budget", "indicators"]  # the monitoring plan and the cost of M&E
    assert tables["pilots"] == ["pilot_activities"]
    assert tables["summary"] == ["budget", "results"]  # the total and the objectives, quoted from the tables
    assert tables["context"] == []

    build(example, out=second)  # deterministic: the same inputs give the same bytes
    assert (second / trace_path.name).read_bytes() == trace_path.read_bytes()
    text = trace_path.read_text(encoding="utf-8")
    assert text == json.dumps(trace, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_tables_used_means_read_by_the_template_not_named_in_its_text(starter, tmp_path):
    results = starter / "templates/sections/results.md.j2"
    results.write_text(
        "{# tables.activities is only mentioned here #}\nNo table [@pilot-training].\n", encoding="utf-8"
    )
    summary = starter / "templates/sections/summary.md.j2"
    summary.write_text(
        "Rows: {{ tables['activities'] | length }}; {{ 'activities' in tables }} [@pilot-training].\n", encoding="utf-8"
    )
    result = build(starter, out=tmp_path)
    assert not result.diagnostics.has_errors, result.diagnostics.lines()
    trace = json.loads(result.traces[0].read_text(encoding="utf-8"))
    tables = {s["id"]: [t["name"] for t in s["tables"]] for s in trace["sections"]}
    assert tables == {"summary": ["activities"], "results": []}


def test_a_failed_build_leaves_the_earlier_trace_untouched(starter):
    from click.testing import CliRunner

    from proposalkit.cli import cli

    ok = CliRunner().invoke(cli, ["build", "-w", str(starter)], catch_exceptions=False)
    assert ok.exit_code == 0
    (trace,) = (starter / "outputs").glob("*.trace.json")
    before = trace.read_bytes()
    item = starter / "evidence/pilot-training.md"
    item.write_text(item.read_text().replace("instructors: 12", "instructors: twelve"), encoding="utf-8")
    failed = CliRunner().invoke(cli, ["build", "-w", str(starter)], catch_exceptions=False)
    assert failed.exit_code == 1 and "[evidence.bad-metric]" in failed.stderr
    assert trace.read_bytes() == before
    assert sorted(p.name for p in (starter / "outputs").iterdir()) == sorted(
        [trace.name, trace.name.replace(".trace.json", ".docx")]
    )


def test_a_markdown_build_keeps_its_own_trace_beside_the_docx_trace(starter, tmp_path):
    from proposalkit.pipeline import build

    docx_build = build(starter, out=tmp_path)
    md_build = build(starter, out=tmp_path, fmt="md")
    (docx_trace,), (md_trace,) = docx_build.traces, md_build.traces
    assert docx_trace.name.endswith("-example-donor.trace.json")
    assert md_trace.name.endswith("-example-donor.md.trace.json")
    assert json.loads(docx_trace.read_text(encoding="utf-8"))["document"]["file"].endswith(".docx")
    assert json.loads(md_trace.read_text(encoding="utf-8"))["document"]["file"].endswith(".md")


def test_included_templates_are_traced_with_their_hashes(starter, tmp_path):
    from proposalkit.pipeline import build

    parts = starter / "templates/parts"
    parts.mkdir()
    (parts / "lead.md.j2").write_text('{% include "parts/closing.md.j2" %}\n', encoding="utf-8")
    (parts / "closing.md.j2").write_text("A closing line.\n", encoding="utf-8")
    summary = starter / "templates/sections/summary.md.j2"
    summary.write_text(summary.read_text(encoding="utf-8") + '\n{% include "parts/lead.md.j2" %}\n', encoding="utf-8")
    result = build(starter, out=tmp_path)
    assert not result.diagnostics.has_errors, result.diagnostics.lines()
    trace = json.loads(result.traces[0].read_text(encoding="utf-8"))
    includes = {s["id"]: s["includes"] for s in trace["sections"]}
    assert [i["path"] for i in includes["summary"]] == ["templates/parts/closing.md.j2", "templates/parts/lead.md.j2"]
    assert includes["results"] == []
    for entry in includes["summary"]:
        assert entry["sha256"] == hashlib.sha256((starter / entry["path"]).read_bytes()).hexdigest()
