#!/usr/bin/env python3
"""Time `proposalkit diff` on documents of many short paragraphs: 1,000, 4,000 and 16,000 by default.

For each size the script makes a starter workspace (`proposalkit init`) whose summary section holds that
many short paragraphs that repeat their words (the text that made difflib's alignment quadratic), adds a
second donor profile that renames the section (so the two built files' sections must be matched by their
text), builds both variants once, then times `proposalkit diff FILE_A FILE_B` and `proposalkit diff --donor
A --donor B`, each as its own process, alternating run by run. It prints the median of each size and the
marginal cost, seconds per 1,000 paragraphs more than the size before (start-up and loading the workspace
are paid once at every size): a linear diff keeps the marginal cost flat as the size grows, a quadratic one
multiplies it by the size ratio.

    python benchmarks/diff_speed.py                       # 1,000 / 4,000 / 16,000 paragraphs, 5 runs each
    python benchmarks/diff_speed.py --sizes 2000 8000 --runs 7
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROPOSALKIT = str(Path(sys.executable).with_name("proposalkit"))


def make_workspace(root: Path, paragraphs: int) -> tuple[Path, Path]:
    """A starter workspace with `paragraphs` short paragraphs in its summary, built for two donors; returns
    the two .docx files."""
    subprocess.run([PROPOSALKIT, "init", str(root)], check=True, capture_output=True)
    body = "\n\n".join(f"Paragraph {n} of the summary has a dozen short words in it." for n in range(paragraphs))
    (root / "templates/sections/summary.md.j2").write_text(body + "\n", encoding="utf-8")
    donors = root / "templates/donors"
    profile = (donors / "example-donor.yaml").read_text(encoding="utf-8")
    renamed = profile.replace("  - summary\n", "  - id: summary\n    title: Overview\n")
    (donors / "renamed.yaml").write_text(renamed, encoding="utf-8")
    env_out = root / "outputs"
    subprocess.run(
        [PROPOSALKIT, "build", "-w", str(root), "--all", "--toc-pages", "estimate"], check=True, capture_output=True
    )
    first, second = sorted(env_out.glob("*.docx"))
    return first, second


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True)
    took = time.perf_counter() - start
    if result.returncode != 0 or "renamed" not in result.stdout:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="diff-speed-"))
    try:
        print(f"{'paragraphs':>10}  {'diff files (s)':>14}  {'marginal':>8}  {'diff donors (s)':>15}  {'marginal':>8}")
        last = None
        for size in options.sizes:
            root = folder / f"ws-{size}"
            first, second = make_workspace(root, size)
            files, donors = [], []
            for _ in range(options.runs):
                files.append(timed([PROPOSALKIT, "diff", str(first), str(second)]))
                donors.append(
                    timed([PROPOSALKIT, "diff", "-w", str(root), "--donor", "example-donor", "--donor", "renamed"])
                )
            f, d = statistics.median(files), statistics.median(donors)
            if last is None:
                slope_f = slope_d = "-"
            else:
                extra = (size - last[0]) / 1000
                slope_f, slope_d = f"{(f - last[1]) / extra:.3f}", f"{(d - last[2]) / extra:.3f}"
            print(f"{size:>10,}  {f:>14.2f}  {slope_f:>8}  {d:>15.2f}  {slope_d:>8}", flush=True)
            last = (size, f, d)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
