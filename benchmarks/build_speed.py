#!/usr/bin/env python3
"""Time `proposalkit build` against Pandoc on generated proposals of several shapes and lengths.

For each shape (see benchmarks/shapes.py) and size the script writes a workspace, assembles its
Markdown once with `proposalkit build --format md`, then alternates, run by run, a cold
`proposalkit build` (docx, on a fresh copy of the workspace each run) and
`pandoc -f markdown -t docx` on that same Markdown, so both see the same machine load. The
contents' page numbers come from the page model (`--toc-pages estimate`): Pandoc lays out no pages
either. It prints medians, the ratio of the medians, and each side's peak resident memory
(ru_maxrss of the child). The first row is the fixed cost: the `proposalkit init` workspace
against Pandoc on its one-page Markdown.

    python benchmarks/build_speed.py                          # base and mixed, 75 and 300 pages, 5 runs
    python benchmarks/build_speed.py --shapes mixed --pages 75 150 300 --runs 7
    python benchmarks/build_speed.py --shapes links footnotes --pages 300 --runs 3
    python benchmarks/build_speed.py --pages 300 --runs 1 --stages        # where the time goes
    python benchmarks/build_speed.py --keep --digest          # SHA-256 of each built document
    python benchmarks/build_speed.py --floor                  # also a process that only imports the libraries
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shapes import SHAPES, make_workspace

KIT: list[str] = []  # --kit: another command to time as proposalkit (an older checkout, say)

# --floor: what every build pays before it reads a file, the libraries the design names (pandas for tables,
# python-docx, Jinja2's sandbox, markdown-it-py, click, PyYAML), imported as a build imports them (one
# BLAS thread), in a fresh interpreter and nothing else.
FLOOR = "import pandas, docx, jinja2.sandbox, markdown_it, click, yaml"


def kit_command() -> list[str]:
    """The installed console script beside this Python, else `python -m proposalkit`."""
    if KIT:
        return KIT
    script = Path(sys.executable).parent / "proposalkit"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "proposalkit"]


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, float]:
    """Wall seconds, peak resident memory (MB) and CPU seconds (user and system) of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    assert proc.stderr is not None
    errors = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{errors}")
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def compile_package() -> None:
    """Python's bytecode for proposalkit's modules, as `pip install` writes it: without it (an editable install
    run with PYTHONDONTWRITEBYTECODE set) every run would first compile a hundred modules."""
    import proposalkit

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(proposalkit.__file__).parent)], check=True)


def stage_times(root: Path) -> dict[str, float]:
    """Seconds spent in each pipeline stage of one in-process build of the workspace at `root`."""
    marks = [("start", time.perf_counter())]
    from proposalkit import pipeline
    from proposalkit.base.diagnostics import Diagnostics
    from proposalkit.check.pages import estimate_pages
    from proposalkit.check.variant import check_variant
    from proposalkit.load.workspace import load_workspace
    from proposalkit.parse.assemble import assemble_variant
    from proposalkit.parse.sections import parse_sections
    from proposalkit.render.sections import render_cover, render_sections
    from proposalkit.write.document import write_docx
    from proposalkit.write.trace import build_trace

    marks.append(("imports", time.perf_counter()))
    diags = Diagnostics()
    ws = load_workspace(root, diags)
    assert ws is not None
    marks.append(("load", time.perf_counter()))
    donor = pipeline.select_donors(ws, (), False)[0]
    rendered = render_sections(ws, donor, diags)
    cover = render_cover(ws, donor, diags)
    marks.append(("render", time.perf_counter()))
    parsed = parse_sections(ws, donor, rendered, diags)
    assembly = assemble_variant(ws, donor, rendered, parsed, cover, set(), diags)
    marks.append(("parse", time.perf_counter()))
    pages = estimate_pages(assembly)
    check_variant(ws, donor, rendered, assembly, pages, diags, final=False, limits_are_errors=False)
    marks.append(("checks", time.perf_counter()))
    docx = write_docx(assembly, pages=pages.headings, cover_excess=pages.cover_excess)
    marks.append(("write", time.perf_counter()))
    build_trace(ws, donor, assembly, "bench.docx", docx)
    marks.append(("trace", time.perf_counter()))
    return {name: round(t - marks[i][1], 3) for i, (name, t) in enumerate(marks[1:])}


def init_workspace(root: Path) -> dict:
    """The workspace `proposalkit init` makes, at `root`."""
    if root.exists():
        shutil.rmtree(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(kit_command() + ["init", str(root)], check=True, capture_output=True)
    return {"items": len(list((root / "evidence").glob("*.md"))), "tables": 1}


def measure(name: str, pristine: Path, shape: dict, runs: int, keep: bool, floor: bool = False) -> dict:
    """Alternating cold builds of a fresh copy of `pristine` and Pandoc runs on its Markdown."""
    kit = kit_command()
    pandoc = shutil.which("pandoc")
    subprocess.run(kit + ["build", "-w", str(pristine), "--format", "md"], check=True, capture_output=True)
    markdown = next((pristine / "outputs").glob("*.md"))
    words = len(markdown.read_text(encoding="utf-8").split())
    fresh = pristine.with_name(pristine.name + "-run")
    kit_runs, pandoc_runs, floor_runs = [], [], []
    for _ in range(runs):
        if fresh.exists():
            shutil.rmtree(fresh)
        shutil.copytree(pristine, fresh, ignore=shutil.ignore_patterns("outputs"))
        (fresh / "outputs").mkdir()
        kit_runs.append(timed(kit + ["build", "-w", str(fresh), "--toc-pages", "estimate"], fresh))
        if pandoc:
            target = pristine / "outputs" / "pandoc.docx"
            pandoc_runs.append(
                timed([pandoc, "-f", "markdown", "-t", "docx", str(markdown), "-o", str(target)], pristine)
            )
        if floor:
            floor_runs.append(timed([sys.executable, "-c", FLOOR], pristine))
    built = next((fresh / "outputs").glob("*.docx"))
    row = {
        "shape": name,
        "words": words,
        **shape,
        "proposalkit_s": statistics.median(t for t, _, _ in kit_runs),
        "proposalkit_cpu": statistics.median(c for _, _, c in kit_runs),
        "proposalkit_mb": max(m for _, m, _ in kit_runs),
        "sha256": hashlib.sha256(built.read_bytes()).hexdigest(),
    }
    if pandoc_runs:
        row["pandoc_s"] = statistics.median(t for t, _, _ in pandoc_runs)
        row["pandoc_cpu"] = statistics.median(c for _, _, c in pandoc_runs)
        row["pandoc_mb"] = max(m for _, m, _ in pandoc_runs)
        row["ratio"] = row["proposalkit_s"] / row["pandoc_s"]
        row["cpu_ratio"] = row["proposalkit_cpu"] / row["pandoc_cpu"]
    if floor_runs:
        row["floor_cpu"] = statistics.median(c for _, _, c in floor_runs)
        if pandoc_runs:
            row["floor_ratio"] = row["floor_cpu"] / row["pandoc_cpu"]
    if not keep:
        shutil.rmtree(fresh)
    return row


def print_table(results: list[dict], runs: int, digest: bool) -> None:
    print(f"medians of {runs} alternating runs (cold builds, fresh copy each run); peak RSS of each child;")
    print("wall seconds, then CPU seconds (user + system), which other work on the machine disturbs less")
    head = (
        f"{'shape':<12} {'pages':>5} {'words':>7} {'items':>5} {'tables':>6} {'proposalkit':>11} {'cpu':>6} {'MB':>4}"
        f" {'pandoc':>7} {'cpu':>6} {'MB':>4} {'ratio':>6} {'cpu':>5}"
    )
    print(head + ("  sha256 of the docx" if digest else ""))
    for r in results:
        pandoc_part = (
            f"{r['pandoc_s']:>6.2f}s {r['pandoc_cpu']:>5.2f}s {r['pandoc_mb']:>4} {r['ratio']:>6.2f} {r['cpu_ratio']:>5.2f}"
            if "pandoc_s" in r
            else f"{'n/a':>7}"
        )
        print(
            f"{r['shape']:<12} {r['pages']:>5} {r['words']:>7} {r['items']:>5} {r['tables']:>6} "
            f"{r['proposalkit_s']:>10.2f}s {r['proposalkit_cpu']:>5.2f}s {r['proposalkit_mb']:>4} {pandoc_part}"
            + (f"  {r['sha256'][:16]}" if digest else "")
        )
    floors = [r for r in results if "floor_ratio" in r]
    if floors:
        print("floor: a fresh Python that only imports the libraries a build needs, CPU seconds and ratio to Pandoc's")
        for r in floors:
            print(f"  {r['shape']:<12} {r['pages']:>5}  {r['floor_cpu']:.2f}s  {r['floor_ratio']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", default=["base", "mixed"], choices=sorted(SHAPES))
    parser.add_argument("--pages", type=int, nargs="+", default=[75, 300])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / "work")
    parser.add_argument("--no-fixed", action="store_true", help="leave out the `init` workspace's row")
    parser.add_argument("--keep", action="store_true", help="keep the last run's copy (<work>/<name>-run)")
    parser.add_argument("--digest", action="store_true", help="show the start of each document's SHA-256")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--floor", action="store_true", help="also time a process that only imports the libraries")
    parser.add_argument(
        "--stages",
        action="store_true",
        help="also time each pipeline stage of one in-process build of each shape's largest size",
    )
    parser.add_argument(
        "--kit", help="the command that runs proposalkit, as one string (default: the console script beside Python)"
    )
    args = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the command line sets it, for the floor's imports
    if args.kit:
        KIT.extend(shlex.split(args.kit))
    compile_package()
    results, stages = [], {}
    if not args.no_fixed:
        root = args.work / "init"
        shape = init_workspace(root)
        results.append({"pages": 1, **measure("init", root, shape, args.runs, args.keep, args.floor)})
    for name in args.shapes:
        for pages in args.pages:
            root = args.work / f"{name}-p{pages}"
            shape = make_workspace(root, pages, name)
            results.append({"pages": pages, **measure(name, root, shape, args.runs, args.keep, args.floor)})
        if args.stages:
            stages[name] = stage_times(args.work / f"{name}-p{max(args.pages)}")
    if args.json:
        print(json.dumps({"runs": results, "stages": stages}, indent=2))
        return
    print_table(results, args.runs, args.digest)
    for name, times in stages.items():
        print(
            f"stages of one in-process build, {name} at {max(args.pages)} pages (seconds): "
            + ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in times.items())
        )


if __name__ == "__main__":
    main()
