"""A failed build writes nothing and leaves earlier outputs as they were (the located diagnostics of each kind
of bad input are data: tests/diagnostics/cases/)."""

from __future__ import annotations

from pathlib import Path


def apply(root: Path, changes: dict) -> None:
    for rel, content in changes.items():
        path = root / rel
        if content is None:
            path.unlink()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


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
