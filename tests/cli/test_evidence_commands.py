"""`proposalkit evidence` filters and summary; `proposalkit new evidence` writes an item that loads cleanly."""

from __future__ import annotations

import datetime as dt
import json

import yaml

from proposalkit.load.evidence import split_front_matter


def test_new_evidence_round_trip(example, run):
    result = run(
        "new",
        "evidence",
        "-w",
        example,
        "research-finding",
        "Green skills: a survey of 2010 (draft)",
        "--date",
        "2009-12-15",
    )
    assert result.code == 0, result.err
    path = example / "evidence/research/green-skills-a-survey-of-2010-draft.md"
    assert path.is_file(), result.out
    front = yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8"))[0])
    assert front == {
        "id": "green-skills-a-survey-of-2010-draft",
        "kind": "research-finding",
        "title": "Green skills: a survey of 2010 (draft)",
        "source": "to be completed",
        "date": dt.date(2009, 12, 15),
        "status": "draft",
        "tags": [],
        "metrics": {},
        "missing": ["source"],
    }
    check = run("check", "-w", example)
    assert check.code == 0, check.err
    assert not any(l.startswith(path.relative_to(example).as_posix()) and ": error:" in l for l in check.lines)
    listed = json.loads(
        run("evidence", "-w", example, "--status", "draft", "--kind", "research-finding", "--format", "json").out
    )
    assert "green-skills-a-survey-of-2010-draft" in [row["id"] for row in listed]
    # A new context item no template names is listed as uncited, as check notes it.
    assert run("new", "evidence", "-w", example, "context", "Provincial note", "--source", "Notes").code == 0
    assert (example / "evidence/context/provincial-note.md").is_file()
    uncited = run("evidence", "-w", example, "--uncited", "--format", "json")
    uncited_ids = [row["id"] for row in json.loads(uncited.out)]
    assert "provincial-note" in uncited_ids
    noted = {line.split(":")[0] for line in run("check", "-w", example, "--all").lines if "[evidence.uncited]" in line}
    assert "evidence/context/provincial-note.md" in noted

    before = path.read_bytes()
    again = run("new", "evidence", "-w", example, "research-finding", "Green skills: a survey of 2010 (draft)")
    assert again.code == 1 and "already used by evidence/research/green-skills-a-survey-of-2010-draft.md" in again.err
    assert path.read_bytes() == before


def test_new_evidence_uses_todays_date_and_the_kind_folder_and_quotes_yaml_words(starter, run):
    result = run("new", "evidence", "-w", starter, "lesson-learned", "Yes", "--source", "Field notes: 2025")
    assert result.code == 0, result.err
    (path,) = list((starter / "evidence").rglob("yes.md"))
    front = yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8"))[0])
    assert front["id"] == "yes" and front["title"] == "Yes" and front["source"] == "Field notes: 2025"
    assert front["date"] == dt.date.today() and front["missing"] == []
    assert run("check", "-w", starter).code == 0


def test_new_evidence_bad_input_is_a_clear_error(starter, run):
    wrong = run("new", "evidence", "-w", starter, "pilot-reslt", "A pilot")
    assert wrong.code == 2 and "unknown kind 'pilot-reslt'; did you mean 'pilot-result'?" in wrong.err
    bad_date = run("new", "evidence", "-w", starter, "context", "A pilot", "--date", "2025-02-30")
    assert bad_date.code == 2 and "is not a date written YYYY-MM-DD" in bad_date.err
    no_id = run("new", "evidence", "-w", starter, "context", "—")
    assert no_id.code == 1 and "give one with --id" in no_id.err
    bad_id = run("new", "evidence", "-w", starter, "context", "T", "--id", "Bad Id")
    assert bad_id.code == 1 and "not a valid id" in bad_id.err
    for r in (wrong, bad_date, no_id, bad_id):
        assert "Traceback" not in r.err
    assert sorted(p.name for p in (starter / "evidence").glob("*.md")) == [
        "lesson-partners.md",
        "pilot-training.md",
        "sector-context.md",
    ]


def test_evidence_filters_and_summary(example, run):
    from proposalkit.base.diagnostics import Diagnostics
    from proposalkit.load.evidence import load_evidence
    from proposalkit.load.workspace import load_proposal

    items = load_evidence(example, load_proposal(example, Diagnostics()), Diagnostics()).values()
    tagged = json.loads(run("evidence", "-w", example, "--tag", "enterprise", "--format", "json").out)
    assert [r["id"] for r in tagged] == [i.id for i in items if "enterprise" in i.tags]
    cited = {r["id"] for r in json.loads(run("evidence", "-w", example, "--cited", "--format", "json").out)}
    uncited = {r["id"] for r in json.loads(run("evidence", "-w", example, "--uncited", "--format", "json").out)}
    assert cited and not cited & uncited and cited | uncited == {i.id for i in items}  # every item is one or other

    summary = json.loads(run("evidence", "-w", example, "--summary", "--format", "json").out)
    assert summary["total"] == len(items)
    for kind in {i.kind for i in items}:
        for status in ("draft", "reviewed", "approved"):
            assert summary["by_kind"][kind][status] == sum(1 for i in items if i.kind == kind and i.status == status)
    text = run("evidence", "-w", example, "--summary", "--status", "draft").out.splitlines()
    assert text[0].split() == ["KIND", "DRAFT", "REVIEWED", "APPROVED", "TOTAL"]
    assert text[-1].split() == [
        "total",
        str(sum(1 for i in items if i.status == "draft")),
        "0",
        "0",
        str(sum(1 for i in items if i.status == "draft")),
    ]
    wrong = run("evidence", "-w", example, "--kind", "lesson")
    assert wrong.code == 2 and "did you mean 'lesson-learned'?" in wrong.err


def test_new_evidence_never_writes_through_a_name_already_there(starter, run, tmp_path):
    """A dangling symlink where the new item would go is refused and left as it was (nothing is written
    where it points), and a successful item leaves no staging file beside it."""
    outside = tmp_path / "elsewhere.md"
    folder = starter / "evidence"  # where the starter keeps its lessons
    (folder / "a-lesson.md").symlink_to(outside)
    refused = run("new", "evidence", "-w", starter, "lesson-learned", "A lesson")
    assert refused.code == 1, refused.err
    assert "already exists" in refused.err
    assert (folder / "a-lesson.md").is_symlink() and not outside.exists()
    made = run("new", "evidence", "-w", starter, "lesson-learned", "Another lesson")
    assert made.code == 0, made.err
    written = sorted(p.name for p in folder.iterdir())
    assert "another-lesson.md" in written
    assert [name for name in written if name.endswith(".tmp")] == []
