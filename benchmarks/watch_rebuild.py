#!/usr/bin/env python3
"""How soon after a reviewer saves an evidence file `proposalkit watch` has the new document in place.

The script copies the repository's example workspace to a temporary folder, starts
`proposalkit watch` there (the default variant, as `proposalkit build` builds it), waits for
the first build, then edits a cited evidence item several times. For each edit it measures
the time from the save to the moment the rebuilt .docx has replaced the old one, and reads
the rebuild's own duration from the watcher's output. For scale it also times a cold
`proposalkit build` of the same workspace, run by run between the edits.

    python benchmarks/watch_rebuild.py            # 7 edits
    python benchmarks/watch_rebuild.py --runs 11 --donor eu
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EDITED = "evidence/research/calss-survey.md"  # cited by the strategy section of every full variant
BUILT = re.compile(r"built in ([0-9.]+) s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--donor", help="watch this donor's variant instead of the default one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("templates", "evidence"):
            shutil.copytree(REPO / name, root / name)
        donor = ["--donor", args.donor] if args.donor else []
        kit = [sys.executable, "-m", "proposalkit"]
        proc = subprocess.Popen(
            kit + ["watch", "-w", str(root), *donor],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
        lines: list[str] = []
        threading.Thread(target=lambda: lines.extend(line.rstrip() for line in proc.stderr), daemon=True).start()

        def wait_built(count: int) -> None:
            deadline = time.monotonic() + 120
            while sum(bool(BUILT.search(line)) for line in lines) < count:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("watch stopped or stalled:\n" + "\n".join(lines))
                time.sleep(0.005)

        try:
            wait_built(1)
            (document,) = (root / "outputs").glob("*.docx")
            item = root / EDITED
            latencies, cold = [], []
            for n in range(1, args.runs + 1):
                before = document.stat().st_ino, document.stat().st_mtime_ns
                time.sleep(0.3)  # let the watcher settle into waiting
                start = time.perf_counter()
                item.write_text(item.read_text(encoding="utf-8") + f"\nEdit number {n}.\n", encoding="utf-8")
                while (document.stat().st_ino, document.stat().st_mtime_ns) == before:
                    time.sleep(0.002)
                latencies.append(time.perf_counter() - start)
                wait_built(n + 1)
                started = time.perf_counter()
                subprocess.run(
                    kit + ["build", "-w", str(root), "--out", str(root / "cold"), *donor],
                    check=True,
                    capture_output=True,
                )
                cold.append(time.perf_counter() - started)
        finally:
            proc.terminate()
            proc.wait()
    rebuilds = [float(m.group(1)) for line in lines for m in [BUILT.search(line)] if m][1:]
    print(f"edits: {args.runs}; variant: {args.donor or 'default'}")
    print(
        f"save -> new document in place (median): {statistics.median(latencies):.2f} s "
        f"(min {min(latencies):.2f}, max {max(latencies):.2f})"
    )
    if rebuilds:
        print(f"rebuild inside the watcher (median):    {statistics.median(rebuilds):.2f} s")
    print(f"cold `proposalkit build` (median):       {statistics.median(cold):.2f} s")


if __name__ == "__main__":
    main()
