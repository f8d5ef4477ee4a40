"""Command-line arguments and template failures that once ended in an internal error or named Python's
classes: non-UTF-8 text, `init` where no folder can be, an unknown donor beside --all, messages in the
workspace's words."""

from __future__ import annotations

import pytest

from proposalkit.commands.init import create_workspace

from .conftest import invoke

S = "templates/sections/summary.md.j2"
NOT_UTF8 = b"\xff".decode("utf-8", "surrogateescape")  # how Python hands over the byte 0xff in argv


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("build", "--donor", NOT_UTF8), "--donor"),
        (("check", "--donor", NOT_UTF8), "--donor"),
        (("new", "evidence", "context", "Title", "--source", NOT_UTF8), "--source"),
        (("new", "evidence", "context", NOT_UTF8), "TITLE"),
        (("approve", "pilot-training", "--by", NOT_UTF8), "--by"),
        (("evidence", "--tag", NOT_UTF8), "--tag"),
    ],
)
def test_text_arguments_that_are_not_utf8_are_usage_errors(workspace, args, option):
    before = sorted(p.relative_to(workspace) for p in workspace.rglob("*"))
    result = invoke(*args, "-w", workspace)
    assert result.code == 2, result.err
    assert option in result.err and "'\\xff' is not UTF-8 text" in result.err, result.err
    assert sorted(p.relative_to(workspace) for p in workspace.rglob("*")) == before  # nothing half-written


def test_an_output_folder_that_is_not_utf8_builds(workspace, tmp_path):
    out = tmp_path / f"out-{NOT_UTF8}"
    result = invoke("build", "-w", workspace, "--out", out)
    assert result.code == 0, result.err
    assert list(out.glob("*.docx"))


def test_a_workspace_that_is_not_utf8_is_named_as_typed(tmp_path):
    result = invoke("check", "-w", tmp_path / NOT_UTF8)
    assert result.code == 2 and "\\xff is not a workspace" in result.err, result.err


def test_init_below_a_regular_file_is_an_error(tmp_path):
    (tmp_path / "notes.txt").write_text("a file\n")
    result = invoke("init", tmp_path / "notes.txt" / "ws")
    assert result.code == 1
    assert (
        result.err.strip()
        == f"proposalkit: error: {tmp_path}/notes.txt/ws cannot be made: {tmp_path}/notes.txt is a file, not a folder"
    )


def test_init_on_a_file_and_on_a_name_too_long_are_errors(tmp_path):
    (tmp_path / "notes.txt").write_text("a file\n")
    assert invoke("init", tmp_path / "notes.txt").code == 2  # click: a DIRECTORY that is a file
    result = invoke("init", tmp_path / ("w" * 300))
    assert result.code == 1 and "cannot create the workspace" in result.err and "File name too long" in result.err


def test_check_of_a_workspace_path_too_long_is_not_a_workspace(tmp_path):
    result = invoke("check", "-w", tmp_path / ("w" * 300))
    assert result.code == 2 and "is not a workspace" in result.err, result.err


def test_an_unknown_donor_beside_all_is_an_error(tmp_path):
    root = tmp_path / "ws"
    create_workspace(root)
    for command in ("build", "check"):
        result = invoke(command, "-w", root, "--all", "--donor", "exmaple-donor")
        assert result.code == 2, result.err
        assert "unknown donor 'exmaple-donor' (did you mean 'example-donor'?)" in result.err
    assert not list((root / "outputs").glob("*.docx"))


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ tables.nosuch }}", "undefined name: no table 'nosuch' (none was read from evidence/data/nosuch.csv)"),
        ("{{ tables.activities.nosuch }}", "undefined name: the table has no column 'nosuch'"),
        ("{{ proposal.nosuch }}", "undefined name: the mapping has no field 'nosuch'"),
        ("{{ [][3] }}", "undefined name: the list has no item 3"),
        ("{{ 1/0 }}", "template failed: division by zero"),
        ("{{ gantt(3) }}", "template failed: gantt() needs a table from `tables`"),
    ],
)
def test_template_failures_name_no_python_class(workspace, template, message):
    (workspace / S).write_text(template + "\n", encoding="utf-8")
    result = invoke("check", "-w", workspace)
    assert result.code == 1
    (hit,) = [line for line in result.lines if line.startswith(f"{S}:1:1: error: ")]
    assert message in hit, hit
    for python in ("TableAccess", "DataFrame", "dict object", "list object", "Error:", "proposalkit."):
        assert python not in hit, hit
