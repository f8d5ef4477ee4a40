"""documents.in_child, and a single variant built with its checks in a second process (the default on a
machine with two CPUs) against the same build in one process (`-j 1`)."""

from __future__ import annotations

import os
from pathlib import Path

from proposalkit.documents import in_child


def test_the_work_runs_in_another_process_and_its_result_comes_back() -> None:
    here = os.getpid()
    child, text = in_child(lambda: (os.getpid(), "result"))()
    assert child != here and text == "result"


def test_work_that_fails_in_the_child_is_done_here() -> None:
    here = os.getpid()

    def work() -> str:
        if os.getpid() != here:
            raise RuntimeError("not in the child")
        return "done here"

    assert in_child(work)() == "done here"


def _build(run, root: Path, out: Path, *extra: str):
    return run("build", "-w", root, "-d", "ilo", "--out", out, "--toc-pages", "estimate", *extra)


def test_checks_beside_the_write_give_the_same_document_and_diagnostics(run, example: Path, tmp_path: Path) -> None:
    beside = _build(run, example, tmp_path / "beside")
    alone = _build(run, example, tmp_path / "alone", "-j", "1")
    assert beside.code == alone.code == 0
    assert beside.lines == alone.lines and any("draft" in line for line in beside.lines)
    name = "green-jobs-china-2010-ilo.docx"
    assert (tmp_path / "beside" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes()


def test_an_error_the_checks_find_still_stops_the_write(run, example: Path, tmp_path: Path) -> None:
    beside = _build(run, example, tmp_path / "beside", "--final")
    alone = _build(run, example, tmp_path / "alone", "--final", "-j", "1")
    assert beside.code == alone.code == 1
    assert beside.lines == alone.lines and any("error" in line for line in beside.lines)
    assert not list((tmp_path / "beside").glob("*.docx")) and not list((tmp_path / "alone").glob("*.docx"))
