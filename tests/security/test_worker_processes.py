"""No worker process outlives a build, however the build dies: SIGKILL, which no handler can see, included.

A `build --all` of three donors runs each variant in a worker process, and each variant's render in a
render worker below it. The build is started in a session of its own, killed with SIGKILL while its
workers render a slow template, and then no process of that session may be left running.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..support import write

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc")

SLOW = "{% for i in range(600) %}{{ ('ab ' * 300000)|wordwrap(5)|length }}{% endfor %}\n"


def session_processes(session: int) -> list[int]:
    """The running processes (zombies left out) whose session is `session`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # state, ppid, pgrp, session, ...
        if fields[0] not in ("Z", "X") and int(fields[3]) == session:
            found.append(int(entry.name))
    return found


def slow_build(starter: Path, output: int) -> subprocess.Popen:
    """`build --all` of three donors on a slow template, in a session of its own, once its two variant workers
    and their two render workers are running."""
    for name in ("second-donor", "third-donor"):
        shutil.copy(starter / "templates/donors/example-donor.yaml", starter / f"templates/donors/{name}.yaml")
    write(starter, "templates/sections/summary.md.j2", SLOW)
    command = [sys.executable, "-m", "proposalkit", "build", "--all", "-w", str(starter), "--jobs", "2"]
    build = subprocess.Popen(command, start_new_session=True, stdout=output, stderr=output, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while len(session_processes(build.pid)) < 5:  # the build, two variant workers, two render workers
            assert build.poll() is None, "the build ended before its workers started"
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.1)
    except BaseException:
        os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        raise
    return build


def test_sigkill_of_a_build_leaves_no_worker_running(starter):
    build = slow_build(starter, subprocess.DEVNULL)
    try:
        workers = set(session_processes(build.pid)) - {build.pid}
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 10
        while session_processes(build.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert session_processes(build.pid) == [], f"still running after the build was killed: {workers}"
    finally:
        for pid in session_processes(build.pid):
            os.kill(pid, signal.SIGKILL)


def test_a_variant_worker_killed_from_outside_fails_the_build_plainly(starter):
    """A worker killed from outside (as the system's out-of-memory killer would) fails the build with a plain
    message and exit status 1, not an internal error; the earlier outputs stay as they were."""
    first = subprocess.run(
        [sys.executable, "-m", "proposalkit", "build", "-w", str(starter)], capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    before = {path.name: path.read_bytes() for path in (starter / "outputs").iterdir()}
    build = slow_build(starter, subprocess.PIPE)
    try:
        variant_workers = [pid for pid in session_processes(build.pid) if parent_of(pid) == build.pid]
        os.kill(variant_workers[0], signal.SIGKILL)
        _, err = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
    assert build.returncode == 1, err
    assert b"a worker process making the variants ended without its result" in err
    assert b"internal error" not in err
    assert {path.name: path.read_bytes() for path in (starter / "outputs").iterdir()} == before


def parent_of(pid: int) -> int:
    stat = (Path("/proc") / str(pid) / "stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[1])
