"""Every file a command reads from the workspace resolves inside it and is a regular file of bounded size,
checked before it is opened: a symlink out of the workspace, a symlink to /dev/zero, a FIFO or a huge file
is a located error, never a hang, a memory blow-up or the outside file's content in the document. Names
from the workspace's own files never build a path outside it, and outputs never go where inputs are read.

The cases that could hang run the command as a process with a timeout, as a safety net only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from proposalkit.base.inputs import IMAGE_LIMIT, TEXT_LIMIT, YAML_LIMIT

from ..support import built, fails_located, snapshot, write

SECRET = "proposalkit-outside-secret-5c1e"
ITEM = "evidence/pilot-training.md"
SUMMARY = "templates/sections/summary.md.j2"
DONOR = "templates/donors/example-donor.yaml"
SAFETY_NET = 120  # seconds: only so that a regression fails instead of hanging the suite


def outside(tmp_path: Path) -> dict[str, bytes]:
    """Everything beside the workspace (tmp_path/ws), with its bytes: what nothing may write to."""
    return {rel: data for rel, data in snapshot(tmp_path).items() if not rel.startswith("ws/")}


def outside_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "elsewhere" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def link(root: Path, rel: str, target: Path | str) -> None:
    """Make `rel` in the workspace a symlink to `target`, replacing what is there."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    path.symlink_to(target)


def item_text(title: str) -> str:
    return f"---\nkind: context\ntitle: {title}\nsource: A report, 2025\nstatus: reviewed\n---\n{SECRET} body.\n"


def run_process(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`proposalkit ARGS -w ROOT` as a process, killed after the safety net's time."""
    return subprocess.run(
        [sys.executable, "-m", "proposalkit", *args, "-w", str(root)],
        capture_output=True,
        text=True,
        timeout=SAFETY_NET,
    )


def fails_in_process(root: Path, before: dict[str, bytes], prefix: str, code: str) -> str:
    """Build as a process: exit 1, the located diagnostic, outputs as they were."""
    result = run_process(root, "build")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    hits = [line for line in result.stderr.splitlines() if line.startswith(prefix) and line.endswith(f"[{code}]")]
    assert hits, (prefix, code, result.stderr)
    assert snapshot(root / "outputs") == before
    return hits[0]


# -- symlinks out of the workspace ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel,text",
    [
        ("evidence/outside.md", item_text("Outside item")),
        ("evidence/pilot-training.zh-CN.md", f"---\ntitle: x\nsource_fingerprint: sha256:00\n---\n{SECRET}\n"),
        ("evidence/data/outside.csv", f"name,value\n{SECRET},1\n"),
        ("evidence/data/activities.schema.yaml", f"description: {SECRET}\ncolumns:\n  activity: {{type: string}}\n"),
        ("templates/donors/other.yaml", f"name: {SECRET}\nsections: [summary]\n"),
        ("templates/proposal.yaml", f"title: {SECRET}\nsections: []\n"),
    ],
    ids=["evidence item", "translation", "csv", "table schema", "donor profile", "proposal.yaml"],
)
def test_a_file_symlinked_out_of_the_workspace_is_refused(starter, run, tmp_path, rel, text):
    before = built(run, starter)
    target = outside_file(tmp_path, Path(rel).name, text)
    link(starter, rel, target)
    elsewhere = outside(tmp_path)
    prefix = f"{rel}:1:1: error: the file is a symlink to {target}, outside the workspace"
    (line,) = fails_located(run, starter, before, prefix, "io.outside-workspace")
    assert SECRET not in line
    assert outside(tmp_path) == elsewhere


def test_a_reference_document_symlinked_out_of_the_workspace_is_refused(starter, run, tmp_path):
    before = built(run, starter)
    target = tmp_path / "elsewhere" / "styles.docx"
    target.parent.mkdir()
    with zipfile.ZipFile(target, "w") as package:
        for name in ("[Content_Types].xml", "word/document.xml", "word/styles.xml"):
            package.writestr(name, f"<x>{SECRET}</x>")
    link(starter, "templates/styles/ref.docx", target)
    donor = starter / DONOR
    donor.write_text(donor.read_text(encoding="utf-8") + "reference_docx: styles/ref.docx\n", encoding="utf-8")
    line = len(donor.read_text(encoding="utf-8").splitlines())
    fails_located(run, starter, before, f"{DONOR}:{line}:17: error: reference document", "donor.bad-reference")


def test_a_folder_symlinked_out_of_the_workspace_is_refused_and_not_walked(starter, run, tmp_path):
    before = built(run, starter)
    outside_file(tmp_path, "shared/item.md", item_text("Shared item"))
    outside_file(tmp_path, "shared/deeper/other.md", item_text("Deeper item"))
    link(starter, "evidence/shared", tmp_path / "elsewhere" / "shared")
    prefix = f"evidence/shared:1:1: error: folder evidence/shared/ resolves to {tmp_path / 'elsewhere' / 'shared'}"
    (line,) = fails_located(run, starter, before, prefix, "io.outside-workspace")
    assert "nothing in it is read" in line
    result = run("evidence", "-w", starter)
    assert "shared" not in result.out and SECRET not in result.out


@pytest.mark.parametrize("rel", ["evidence/data", "templates/donors"])
def test_an_input_folder_itself_symlinked_out_is_refused(starter, run, tmp_path, rel):
    before = built(run, starter)
    moved = tmp_path / "elsewhere" / Path(rel).name
    shutil.copytree(starter / rel, moved)
    link(starter, rel, moved)
    fails_located(run, starter, before, f"{rel}:1:1: error: folder {rel}/ resolves to {moved}", "io.outside-workspace")


def test_a_symlinked_folder_inside_the_workspace_is_followed_once(starter, run):
    write(starter, "notes/extra/more.md", item_text("More context").replace(SECRET, "Inside"))
    link(starter, "evidence/extra", starter / "notes" / "extra")
    link(starter, "evidence/again", starter / "evidence" / "extra")  # the same folder twice, and a loop
    link(starter, "notes/extra/loop", starter / "notes")
    result = run("evidence", "-w", starter, "--format", "json")
    assert result.code == 0, result.err
    assert result.out.count('"more"') == 1


# -- what is not a regular file ------------------------------------------------------------------------


@pytest.mark.parametrize("rel", ["evidence/data/zero.csv", "evidence/zero.md", SUMMARY])
def test_a_symlink_to_dev_zero_is_refused_without_reading_it(starter, run, rel):
    before = built(run, starter)
    link(starter, rel, "/dev/zero")
    if rel == SUMMARY:  # a template is confined to templates/ first
        fails_in_process(
            starter, before, f"templates/proposal.yaml:10:15: error: template '{rel[10:]}'", "template.outside"
        )
    else:
        fails_in_process(
            starter, before, f"{rel}:1:1: error: the file is a symlink to /dev/zero", "io.outside-workspace"
        )


@pytest.mark.parametrize(
    "rel",
    [
        "evidence/data/pipe.csv",
        "evidence/pipe.md",
        "evidence/data/activities.schema.yaml",
        "templates/donors/pipe.yaml",
    ],
)
def test_a_fifo_is_refused_and_the_build_does_not_hang(starter, run, rel):
    before = built(run, starter)
    os.mkfifo(starter / rel)
    line = fails_in_process(starter, before, f"{rel}:1:1: error: it is a named pipe (FIFO)", "io.not-a-file")
    assert "not a regular file" in line


def test_a_section_template_or_an_include_that_is_a_fifo_is_refused(starter, run):
    before = built(run, starter)
    os.mkfifo(starter / "templates/sections/pipe.md.j2")
    write(starter, "templates/sections/results.md.j2", "Results.\n\n{% include 'sections/pipe.md.j2' %}\n")
    line = fails_in_process(starter, before, "templates/sections/results.md.j2:3:1: error: template", "io.not-a-file")
    assert "named pipe" in line
    os.unlink(starter / "templates/sections/results.md.j2")
    os.mkfifo(starter / "templates/sections/results.md.j2")
    prefix = "templates/sections/results.md.j2:1:1: error: it is a named pipe"
    fails_in_process(starter, before, prefix, "io.not-a-file")


def test_an_include_the_build_never_renders_is_not_read_for_the_trace(starter, run):
    """The trace lists the templates a section may include; a symlink to /dev/zero among them is not read."""
    link(starter, "templates/sections/zero.md.j2", "/dev/zero")
    write(starter, SUMMARY, "Summary.\n\n{% if false %}{% include 'sections/zero.md.j2' %}{% endif %}\n")
    result = run_process(starter, "build")
    assert result.returncode == 0, result.stderr


# -- sizes ---------------------------------------------------------------------------------------------


def sparse(path: Path, size: int, head: bytes = b"") -> None:
    """A file of `size` bytes that takes no room on disk: `head`, then a hole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)


@pytest.mark.parametrize(
    "rel,size,kind",
    [
        ("evidence/huge.md", TEXT_LIMIT + 1, "32 MB limit for Markdown and template files"),
        ("evidence/data/huge.csv", TEXT_LIMIT + 1, "32 MB limit for CSV tables"),
        ("templates/donors/huge.yaml", YAML_LIMIT + 1, "4.0 MB limit for YAML files"),
    ],
    ids=["evidence item", "csv", "donor profile"],
)
def test_a_file_over_its_kinds_limit_is_refused_before_it_is_read(starter, run, rel, size, kind):
    before = built(run, starter)
    sparse(starter / rel, size, b"---\n")
    (line,) = fails_located(
        run, starter, before, f"{rel}:1:1: error: the file is larger than the {kind}", "io.too-large"
    )
    assert f"{size:,} bytes" in line


def test_an_image_over_the_limit_is_an_error_at_its_line(starter, run):
    before = built(run, starter)
    sparse(starter / "evidence/big.png", IMAGE_LIMIT + 1, b"\x89PNG\r\n\x1a\n")
    write(starter, SUMMARY, "Summary.\n\n![chart](evidence/big.png)\n")
    fails_located(
        run, starter, before, f"{SUMMARY}:3:10: error: image 'evidence/big.png': the file is larger", "io.too-large"
    )


def test_a_ten_megabyte_evidence_item_still_loads(starter, run):
    words = ("Instructors trained in the module. " * 300_000)[: 10 * 1024 * 1024]
    write(starter, "evidence/long.md", item_text("Long record").replace(f"{SECRET} body.", words))
    result = run("check", "-w", starter)
    assert result.code == 0, result.err
    assert "io.too-large" not in result.err


# -- names that would build paths outside --------------------------------------------------------------


def test_an_evidence_kind_that_is_a_path_is_refused(starter, run, tmp_path):
    before = built(run, starter)
    proposal = starter / "templates/proposal.yaml"
    proposal.write_text(proposal.read_text(encoding="utf-8") + "evidence_kinds: [survey, ../../x]\n", encoding="utf-8")
    line = len(proposal.read_text(encoding="utf-8").splitlines())
    elsewhere = outside(tmp_path)
    prefix = f"templates/proposal.yaml:{line}:26: error: evidence kind '../../x' is not a valid name"
    fails_located(run, starter, before, prefix, "proposal.bad-id")
    result = run("new", "evidence", "../../x", "Escape", "-w", starter)
    assert result.code == 1
    assert "kind '../../x' is not a valid name" in result.err and prefix in result.err
    assert outside(tmp_path) == elsewhere
    assert not (tmp_path / "x").exists() and not (starter.parent.parent / "x").exists()
    assert snapshot(starter / "outputs") == before


def test_new_evidence_never_writes_through_a_folder_symlinked_out(starter, run, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    link(starter, "evidence/context", tmp_path / "elsewhere")
    (starter / "evidence/sector-context.md").unlink()  # no item of the kind: new ones go to evidence/context/
    result = run("new", "evidence", "context", "Labour market note", "-w", starter)
    assert result.code == 1
    assert "evidence/context/ resolves outside evidence/" in result.err
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_new_translation_of_a_template_outside_is_refused(starter, run, tmp_path):
    outside_file(tmp_path, "x.md.j2", SECRET)
    (tmp_path / "x.md.j2").write_text(SECRET, encoding="utf-8")
    result = run("new", "translation", "../../x.md.j2", "--lang", "zh-CN", "-w", starter)
    assert result.code == 1
    assert "resolves outside templates/" in result.err
    assert not (tmp_path / "x.zh-CN.md.j2").exists()


# -- outputs apart from inputs -------------------------------------------------------------------------


@pytest.mark.parametrize("rel", ["evidence/built", "templates", "templates/sections/out", "link-to-evidence"])
def test_out_inside_an_input_folder_is_refused_before_anything_is_built(starter, run, rel):
    before = built(run, starter)
    inputs = {name: snapshot(starter / name) for name in ("templates", "evidence")}
    if rel == "link-to-evidence":
        (starter / rel).symlink_to(starter / "evidence")
    result = run("build", "-w", starter, "--out", starter / rel, "--review")
    assert result.code == 1
    assert "Traceback" not in result.err
    (line,) = result.lines
    folder = rel.split("/")[0] if rel != "link-to-evidence" else "evidence"
    assert line.startswith(
        f"proposalkit: error: --out {(starter / rel).resolve()} is inside the workspace's {folder}/ folder"
    )
    assert {name: snapshot(starter / name) for name in ("templates", "evidence")} == inputs
    assert snapshot(starter / "outputs") == before


def test_a_patch_file_inside_templates_is_refused(starter, run):
    built(run, starter)
    document = next((starter / "outputs").glob("*.docx"))
    template = (starter / SUMMARY).read_bytes()
    result = run("review", "import", document, "-w", starter, "--patch", starter / SUMMARY)
    assert result.code == 1
    assert "--patch" in result.err and "templates/ folder" in result.err
    assert (starter / SUMMARY).read_bytes() == template


@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize("command", ["review", "diff"])
def test_a_word_file_named_on_the_command_line_must_be_a_regular_file(starter, run, kind, command, tmp_path):
    """`review import` and `diff` read files that may lie anywhere, but never a device or a FIFO: refused at
    once, exit 1, instead of a read that waits forever or fills the memory."""
    built(run, starter)
    (document,) = sorted((starter / "outputs").glob("*.docx"))
    if kind == "fifo":
        named = tmp_path / "reviewed.docx"
        os.mkfifo(named)
    else:
        named = Path("/dev/zero")
    args = ["review", "import", str(named)] if command == "review" else ["diff", str(document), str(named)]
    result = run_process(starter, *args)
    assert result.returncode == 1, result.stderr
    what = "a named pipe (FIFO)" if kind == "fifo" else "a device"
    assert f"it is {what}, not a regular file" in result.stderr
    assert "Traceback" not in result.stderr
