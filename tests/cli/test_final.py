"""`build --final` refuses draft evidence, naming each item and every place it is cited."""

from __future__ import annotations

import re


def status_of(path) -> str:
    return re.search(r"^status: (\w+)", path.read_text(encoding="utf-8"), re.M).group(1)


def test_final_fails_on_draft_evidence_then_succeeds_once_approved(example, run):
    from proposalkit.pipeline import run as assemble

    items = sorted(
        p for p in (example / "evidence").rglob("*.md") if not re.search(r"\.[a-z]{2}-[A-Z]{2}\.md$", p.name)
    )
    _, _, (assembly,) = assemble(example)  # the default variant, the one `build --final` builds
    all_drafts = {p for p in items if status_of(p) == "draft"}
    drafts = {p for p in all_drafts if p.stem in assembly.cited}
    assert drafts, "the example's default variant cites draft evidence"

    result = run("build", "-w", example, "--final")
    assert result.code == 1
    assert "nothing written" in result.err
    assert not (example / "outputs").exists()
    for path in drafts:
        rel = path.relative_to(example).as_posix()
        item_id = path.stem
        status_line = next(n for n, l in enumerate(path.read_text().split("\n"), 1) if l.startswith("status:"))
        assert any(
            l.startswith(f"{rel}:{status_line}:1: error: cited evidence '{item_id}' is a draft: a final build")
            for l in result.lines
        ), (rel, result.lines)
    # Each citation written in a template is named at its own line and column.
    summary = example / "templates/sections/summary.md.j2"
    lines = summary.read_text(encoding="utf-8").split("\n")
    # the ilo variant's summary is the template's last branch ({% else %}): its citation, not another donor's
    branch = max(n for n, l in enumerate(lines, 1) if l.startswith("{% else"))
    n, line = next((n, l) for n, l in enumerate(lines, 1) if "[@gbo-pilot]" in l and n > branch)
    where = f"templates/sections/summary.md.j2:{n}:{line.index('[@gbo-pilot]') + 1}"
    assert (
        f"{where}: error: cites evidence 'gbo-pilot' (evidence/pilots/gbo-pilot.md), which is a draft "
        "[evidence.draft-cited]"
    ) in result.lines, result.lines
    reviewed = [l for l in result.lines if "error" in l and "is reviewed" in l]
    assert reviewed == []  # reviewed evidence passes a final build; only drafts are refused
    for path in all_drafts - drafts:  # drafts that only other variants cite do not stop this one
        rel = path.relative_to(example).as_posix()
        assert not any(l.startswith(f"{rel}:") for l in result.lines), (rel, result.lines)

    for path in all_drafts:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^status: \w+", "status: approved", text, count=1, flags=re.M), encoding="utf-8")
    result = run("build", "-w", example, "--final")
    assert result.code == 0, result.err
    assert not any("[evidence." in l for l in result.lines), result.lines
    assert (example / "outputs/green-jobs-china-2010-ilo.docx").is_file()


def test_check_warns_once_per_draft_and_notes_uncited_evidence(starter, run):
    (starter / "evidence/unused.md").write_text(
        "---\nkind: context\ntitle: Unused\nstatus: approved\n---\nText.\n", encoding="utf-8"
    )
    result = run("check", "-w", starter)
    assert result.code == 0, result.err
    assert (
        "evidence/unused.md:1:1: note: evidence 'unused' is cited by none of the variants checked "
        "(example-donor) [evidence.uncited]"
    ) in result.lines
    drafts = [l for l in result.lines if "[evidence.draft-cited]" in l]
    assert len(drafts) == len({l.split(":")[0] for l in drafts}) >= 1
    assert result.err.rstrip().endswith("1 note")
