"""`proposalkit watch`: a real watcher process sees an evidence edit and rewrites the document."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import docx
import pytest
from watchfiles import Change

from proposalkit.commands.watch import Dependencies, plan, relevant, settled

from ..support import all_text

TIMEOUT = 60


class Watcher:
    """A `proposalkit watch` subprocess whose standard error is collected line by line."""

    def __init__(self, root: Path, *args: str) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "proposalkit", "watch", "-w", str(root), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, count: int = 1) -> None:
        deadline = time.monotonic() + TIMEOUT
        while sum(text in line for line in self.lines) < count:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {count} x {text!r} in watch output:\n" + "\n".join(self.lines))
            time.sleep(0.05)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(TIMEOUT)
        finally:
            self.proc.kill() if self.proc.poll() is None else None


@pytest.fixture
def watcher(starter):
    w = Watcher(starter)
    yield w
    if w.proc.poll() is None:
        w.proc.kill()
        w.proc.wait()


def test_an_evidence_edit_rebuilds_the_document(starter, watcher):
    watcher.wait_for("built in")
    (document,) = (starter / "outputs").glob("*.docx")
    before = document.read_bytes()
    assert "corrected after review" not in all_text(docx.Document(str(document)))
    item = starter / "evidence/pilot-training.md"  # its body is in the document
    item.write_text(item.read_text(encoding="utf-8") + "\nA sentence corrected after review.\n", encoding="utf-8")
    watcher.wait_for("built in", count=2)
    assert any(f"changed: {item.relative_to(starter).as_posix()}" in line for line in watcher.lines)
    assert document.read_bytes() != before
    assert "corrected after review" in all_text(docx.Document(str(document)))
    assert watcher.stop() == 0
    assert "stopped watching" in watcher.lines[-1]
    assert not any("Traceback" in line for line in watcher.lines)


def test_a_broken_edit_reports_and_keeps_the_last_good_document(starter, watcher):
    watcher.wait_for("built in")
    (document,) = (starter / "outputs").glob("*.docx")
    good = document.read_bytes()
    item = next((starter / "evidence").rglob("*.md"))
    item.write_text("---\nkind: [unclosed\n---\nbody\n", encoding="utf-8")
    watcher.wait_for("build failed")
    rel = item.relative_to(starter).as_posix()
    assert any(line.startswith(f"{rel}:2:") and ": error: " in line for line in watcher.lines), watcher.lines
    assert document.read_bytes() == good
    assert watcher.proc.poll() is None  # still watching


def test_editor_temp_files_are_not_changes():
    assert relevant("evidence/pilots/gbo.md")
    assert relevant("templates/sections/summary.md.j2")
    for name in (
        "evidence/.gbo.md.swp",
        "evidence/gbo.md~",
        "evidence/.#gbo.md",
        "outputs/.x.docx.1.tmp",
        "templates/__pycache__/x.pyc",
    ):
        assert not relevant(name), name


def test_a_file_that_came_and_went_in_one_batch_is_ignored(tmp_path):
    kept = tmp_path / "kept.md"
    kept.write_text("x")
    batch = {
        (Change.added, str(tmp_path / "sedX1Y2")),
        (Change.deleted, str(tmp_path / "sedX1Y2")),
        (Change.modified, str(kept)),
    }
    assert settled(batch) == [str(kept)]


def test_only_the_affected_variants_are_rebuilt(example):
    deps = Dependencies(example, (), True)
    assert set(deps.donors) == {"ilo", "mdgf", "eu", "ausaid", "mohrss"}
    eu = plan(deps, example, [str(example / "templates/donors/eu.yaml")])
    assert eu.donors == ("eu",)
    eu_only = next(p for p in (example / "templates/sections/eu").glob("*.md.j2"))
    assert plan(deps, example, [str(eu_only)]).donors == ("eu",)
    reference = plan(deps, example, [str(example / "templates/styles/mdgf.docx")])
    assert reference.donors == ("mdgf", "mohrss")  # the Chinese brief is set in the UN form's styles too
    evidence = next((example / "evidence").rglob("*.md"))
    assert set(plan(deps, example, [str(evidence)]).donors) == set(deps.donors)
    assert set(plan(deps, example, [str(example / "templates/proposal.yaml")]).donors) == set(deps.donors)
    assert plan(deps, example, [str(example / "outputs/x.docx")]) is None


def test_a_template_included_by_another_rebuilds_every_variant(example):
    deps = Dependencies(example, ("eu", "ilo"), False)
    shared = example / "templates/sections/eu/shared-part.md.j2"
    shared.write_text("shared text\n", encoding="utf-8")
    user = next(p for p in (example / "templates/sections/eu").glob("*.md.j2") if p != shared)
    user.write_text(
        user.read_text(encoding="utf-8") + '\n{% include "sections/eu/shared-part.md.j2" %}\n', encoding="utf-8"
    )
    assert set(plan(deps, example, [str(shared)]).donors) == {"eu", "ilo"}


@pytest.mark.parametrize("rel", ["evidence/built", "templates/out"])
def test_watch_refuses_an_out_folder_among_its_inputs_before_building(starter, run, rel):
    result = run("watch", "-w", starter, "--out", starter / rel)
    assert result.code == 1
    assert result.lines == [
        f"proposalkit: error: --out {starter / rel} is inside the workspace's {rel.split('/')[0]}/ folder, which "
        "the build reads its inputs from; choose a folder outside templates/ and evidence/ (the default is outputs/)"
    ]
    assert not (starter / rel).exists()
    assert not any((starter / "outputs").iterdir())  # nothing built


def test_watch_never_rebuilds_on_a_file_its_own_build_wrote(starter):
    """Should a build's output land among the inputs all the same, writing it sets off no rebuild: the one
    rebuild is for the reviewer's edit, and names that file alone."""
    from proposalkit.commands.watch import watch

    own = starter / "evidence/built-by-watch.md"
    edited = starter / "evidence/pilot-training.md"
    stop = threading.Event()
    first_build_done = threading.Event()
    builds: list[tuple[str, ...] | None] = []
    announced: list[tuple[str, ...]] = []

    def rebuild(ids):
        builds.append(ids)
        own.write_text(f"---\nkind: context\ntitle: Build {len(builds)}\n---\nwritten by the build\n", encoding="utf-8")
        first_build_done.set()
        if len(builds) == 2:
            stop.set()
        return [own]

    def announce(todo):
        announced.append(todo.changed)

    thread = threading.Thread(target=watch, args=(starter, rebuild, announce), kwargs={"stop": stop}, daemon=True)
    thread.start()
    assert first_build_done.wait(TIMEOUT)
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert announced == [("evidence/pilot-training.md",)]
    assert len(builds) == 2
