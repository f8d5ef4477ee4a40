"""A build killed or interrupted while writing never leaves a half-written file, and no temporary file
survives the next build.

These tests run real `proposalkit build` processes on a generated workspace with many donor variants, so
that writing the outputs takes long enough to be caught in the act.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import REPO
from ..support import snapshot

VARIANTS = 12


def generated(root: Path) -> Path:
    spec = importlib.util.spec_from_file_location("build_speed", REPO / "benchmarks" / "build_speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make_workspace(root, 10)
    donors = root / "templates/donors"
    (first,) = sorted(donors.glob("*.yaml"))[:1]
    for n in range(VARIANTS):
        shutil.copy(first, donors / f"variant-{n:02d}.yaml")
    return root


def build(root: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "proposalkit", "build", "-w", str(root), "--all", "-j", "1", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def finished(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=600)
    return process.returncode, err


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return generated(tmp_path_factory.mktemp("atomic") / "ws")


def change_a_template(root: Path) -> None:
    template = sorted((root / "templates/sections").glob("*.md.j2"))[0]
    template.write_text(
        template.read_text(encoding="utf-8") + "\nA sentence added after the first build.\n", encoding="utf-8"
    )


def test_sigkill_while_writing_leaves_every_output_whole(workspace, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(workspace, root)
    code, err = finished(build(root))
    assert code == 0, err
    outputs = root / "outputs"
    old = snapshot(outputs)
    assert sum(name.endswith(".docx") for name in old) == VARIANTS + 1  # each with its trace file beside it
    change_a_template(root)
    code, err = finished(build(root, "--out", str(tmp_path / "new")))
    assert code == 0, err
    new = snapshot(tmp_path / "new")
    assert all(new[name] != old[name] for name in old)

    caught = None
    for _ in range(5):  # the first temporary file is normally caught at once; retry if the build outran the poll
        process = build(root)
        while process.poll() is None:
            found = temporaries(outputs)
            if found:
                process.send_signal(signal.SIGKILL)
                caught = found
                break
        process.communicate(timeout=600)
        if caught:
            break
        shutil.rmtree(outputs)
        shutil.copytree(tmp_path / "new", outputs)  # not reached in practice; keeps the retry honest
        old = snapshot(outputs)
    assert caught, "no temporary file was seen while the build wrote"
    after = snapshot(outputs)
    whole = {name: data for name, data in after.items() if not name.endswith(".tmp")}
    assert set(whole) == set(old)
    for name, data in whole.items():
        assert data in (old[name], new[name]), f"{name} is neither the earlier nor the new file"
    assert any(whole[name] == old[name] for name in whole), "the kill came after every file was replaced"

    code, err = finished(build(root))
    assert code == 0, err
    assert temporaries(outputs) == []
    assert snapshot(outputs) == new


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sigterm_and_sigint_exit_cleanly_and_remove_temporaries(workspace, tmp_path, signum):
    root = tmp_path / "ws"
    shutil.copytree(workspace, root)
    code, err = finished(build(root))
    assert code == 0, err
    outputs = root / "outputs"
    old = snapshot(outputs)
    change_a_template(root)

    process = build(root)
    while process.poll() is None and not temporaries(outputs):
        pass
    process.send_signal(signum)
    code, err = finished(process)
    if code == 0:
        pytest.skip("the build finished before the signal arrived")
    assert code == 128 + signum, err
    assert "Traceback" not in err
    assert f"proposalkit: interrupted ({signal.Signals(signum).name})" in err
    assert temporaries(outputs) == []
    after = snapshot(outputs)
    assert set(after) == set(old)


def test_a_stale_temporary_file_of_a_live_process_is_left_alone(workspace, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(workspace, root)
    outputs = root / "outputs"
    outputs.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = outputs / f".x.docx.pk{dead.pid}.abcdefgh.tmp"
    live = outputs / f".x.docx.pk{os.getpid()}.abcdefgh.tmp"
    stale.write_bytes(b"half")
    live.write_bytes(b"being written")
    code, err = finished(build(root))
    assert code == 0, err
    assert not stale.exists() and live.exists()
