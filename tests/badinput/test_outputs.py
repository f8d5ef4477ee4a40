"""Outputs that cannot be written: a clear error, exit status 1, earlier output intact, no temporary file left."""

from __future__ import annotations

import errno
import os

import pytest

from proposalkit.base import atomic

from .conftest import invoke, snapshot

SECOND_DONOR = "name: Second Foundation\nsections: [summary]\n"


def assert_failed_cleanly(result, folder, before):
    assert result.code == 1, result.err
    assert "proposalkit: error: cannot write the build into" in result.err
    assert "Traceback" not in result.err + result.out and "internal error" not in result.err
    assert snapshot(folder) == before  # earlier files byte for byte, and no .tmp file left


def test_out_below_a_regular_file(workspace, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder is needed")
    before = snapshot(workspace / "outputs")
    result = invoke("build", "-w", workspace, "--out", blocker / "sub")
    assert result.code == 1 and "cannot write the build into" in result.err and "Not a directory" in result.err
    assert blocker.read_text() == "a file where a folder is needed"
    assert snapshot(workspace / "outputs") == before


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason="root writes into read-only folders; test_out_below_a_regular_file covers an unwritable --out",
)
def test_read_only_output_folder(workspace):
    folder = workspace / "outputs"
    before = snapshot(folder)
    folder.chmod(0o555)
    try:
        result = invoke("build", "-w", workspace)
    finally:
        folder.chmod(0o755)
    assert_failed_cleanly(result, folder, before)


def test_output_file_name_taken_by_a_folder(workspace, tmp_path):
    folder = tmp_path / "out"
    (folder / "skills-for-green-jobs-example-donor.docx").mkdir(parents=True)
    before = snapshot(folder)
    result = invoke("build", "-w", workspace, "--out", folder)
    assert_failed_cleanly(result, folder, before)
    assert [p.name for p in folder.iterdir()] == ["skills-for-green-jobs-example-donor.docx"]


class FullDisk:
    """Files opened by os.fdopen accept `allowed` writes, then fail as a full disk does."""

    def __init__(self, allowed: int = 0):
        self.allowed = allowed
        self.real = os.fdopen

    def __call__(self, fd, mode="r", *args, **kwargs):
        handle = self.real(fd, mode, *args, **kwargs)
        if "w" not in mode:
            return handle
        disk = self

        class Handle:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def flush(self):
                handle.flush()

            def fileno(self):
                return handle.fileno()

            def write(self, data):
                if disk.allowed <= 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                disk.allowed -= 1
                return handle.write(data)

        return Handle()


def test_full_disk(workspace, monkeypatch):
    folder = workspace / "outputs"
    before = snapshot(folder)
    monkeypatch.setattr(atomic.os, "fdopen", FullDisk())
    result = invoke("build", "-w", workspace)
    assert_failed_cleanly(result, folder, before)
    assert "No space left on device" in result.err


def test_full_disk_on_the_second_variant_keeps_the_first(workspace, monkeypatch):
    (workspace / "templates/donors/second.yaml").write_text(SECOND_DONOR)
    assert invoke("build", "-w", workspace, "--all", "-j", "1").code == 0
    folder = workspace / "outputs"
    before = snapshot(folder)
    (workspace / "templates/sections/summary.md.j2").write_text("A changed summary.\n")
    monkeypatch.setattr(atomic.os, "fdopen", FullDisk(allowed=1))
    result = invoke("build", "-w", workspace, "--all", "-j", "1")
    assert_failed_cleanly(result, folder, before)


def test_output_files_are_readable_as_ordinary_new_files(workspace):
    (path,) = (workspace / "outputs").glob("*.docx")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
