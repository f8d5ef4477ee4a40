"""`check --final` ends with the work that stands between the draft and a submission, grouped to hand out."""

from __future__ import annotations

from ..support import write


def test_the_worklist_groups_drafts_placeholders_and_limits(starter, run):
    summary = starter / "templates/sections/summary.md.j2"
    write(starter, "templates/sections/summary.md.j2", summary.read_text(encoding="utf-8") + "\nBudget: TBD.\n")
    donor = starter / "templates/donors/example-donor.yaml"
    write(starter, "templates/donors/example-donor.yaml", donor.read_text(encoding="utf-8").replace("800", "5"))
    result = run("check", "-w", starter, "--final")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == "What stands between this draft and a submission:"
    at = lines.index("Evidence to complete and approve (1 item)")
    assert lines[at + 1] == (
        "  evidence/sector-context.md: collect number of vacancies needing green skills, then approve "
        "(cited in 1 place)"
    )
    at = lines.index("Placeholders to replace (1 in 1 file)")
    assert lines[at + 1] == "  templates/sections/summary.md.j2: line 9 'TBD'"
    at = lines.index("Limits and budget rules to meet (1)")
    assert lines[at + 1].startswith("  templates/donors/example-donor.yaml:8: section 'results' has ")
    assert "[" not in result.out  # the worklist restates no diagnostic codes: those are on standard error


def test_a_check_without_final_prints_no_worklist(starter, run):
    result = run("check", "-w", starter)
    assert result.code == 0 and result.out == ""
