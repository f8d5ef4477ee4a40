"""`proposalkit approve`: an approval bound to the body's fingerprint, the rest of the file untouched."""

from __future__ import annotations

import json

from ..support import snapshot, write

ITEM = "evidence/sector-context.md"


def test_approve_writes_status_and_approval_and_nothing_else(starter, run):
    before = (starter / ITEM).read_text(encoding="utf-8")
    result = run("approve", "sector-context", "--by", "Li Wei", "--on", "2026-01-10", "-w", starter)
    assert result.code == 0, result.err
    after = (starter / ITEM).read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert removed == ["status: draft"]
    assert added[0] == "status: approved" and added[1:4] == ["approved:", '  by: "Li Wei"', "  date: 2026-01-10"]
    assert added[4].startswith("  fingerprint: sha256:") and len(added) == 5
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1]  # the body, byte for byte
    assert run("check", "-w", starter, "--final").code == 0


def test_an_edit_after_approval_warns_in_check_and_fails_final_until_approved_again(starter, run):
    run("approve", "sector-context", "--by", "Li Wei", "--on", "2026-01-10", "-w", starter)
    with (starter / ITEM).open("a", encoding="utf-8") as handle:
        handle.write("A sentence added after the approval.\n")
    checked = run("check", "-w", starter)
    assert checked.code == 0
    assert f"{ITEM}:8:1: warning: 'sector-context' changed after Li Wei approved it on 2026-01-10" in checked.err
    final = run("check", "-w", starter, "--final")
    assert final.code == 1 and "[evidence.changed-since-approval]" in final.err
    assert "review the changes since its approval" in final.out
    listed = json.loads(run("evidence", "-w", starter, "--format", "json").out)
    entry = next(row for row in listed if row["id"] == "sector-context")
    assert entry["approved"] == {"by": "Li Wei", "date": "2026-01-10", "changed_since": True}
    assert "approved (changed since)" in run("evidence", "-w", starter).out
    assert run("approve", "sector-context", "--by", "Li Wei", "--on", "2026-01-12", "-w", starter).code == 0
    assert run("check", "-w", starter, "--final").code == 0
    assert (starter / ITEM).read_text(encoding="utf-8").count("approved:") == 1  # replaced, not added again


def test_windows_line_ends_are_kept(starter, run):
    path = starter / ITEM
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert run("approve", "sector-context", "--by", "Li Wei", "-w", starter).code == 0
    data = path.read_bytes()
    assert b"\r\napproved:\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert run("check", "-w", starter, "--final").code == 0


def test_an_unknown_id_writes_nothing(starter, run):
    before = snapshot(starter)
    result = run("approve", "sector-context", "sector-contxt", "--by", "Li Wei", "-w", starter)
    assert result.code == 1
    assert "error: no evidence item 'sector-contxt' (did you mean 'sector-context'?) [approve.unknown-id]" in result.err
    assert snapshot(starter) == before


def test_an_approval_block_that_is_not_a_mapping_is_located(starter, run):
    text = (starter / ITEM).read_text(encoding="utf-8").replace("status: draft", "status: draft\napproved: yes")
    write(starter, ITEM, text)
    result = run("check", "-w", starter)
    assert result.code == 1 and f"{ITEM}:7:" in result.err and "[evidence.invalid-field]" in result.err
