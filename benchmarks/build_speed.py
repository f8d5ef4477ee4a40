#!/usr/bin/env python3
"""Time `proposalkit build` against Pandoc on generated proposals of 75, 150 and 300 pages.

For each size the script writes a workspace (evidence items with nested lists and
citations, CSV tables), assembles its Markdown once with `proposalkit build --format md`,
then alternates, run by run, the full `proposalkit build` (docx) and
`pandoc -f markdown -t docx` on that same Markdown, so both see the same machine load.
It prints medians, the ratio, and each side's peak resident memory.

    python benchmarks/build_speed.py                 # 75, 150, 300 pages, 5 runs each
    python benchmarks/build_speed.py --pages 300 --runs 3
    python benchmarks/build_speed.py --pages 300 --runs 1 --stages   # where the time goes
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# Calibrated so that the docx of a generated "300-page" proposal runs to about 300 pages in LibreOffice.
WORDS_PER_PAGE = 240
VOCAB = (
    "green jobs enterprise training policy employment skills transition emissions province "
    "workers pilot survey partners capacity social dialogue results indicator baseline target "
    "programme ministry institution network budget evaluation climate energy value chain "
    "sector household income women youth rural urban service industry"
).split()
SECTIONS = 10


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(VOCAB) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 18))
        out.append(sentence(rng, n))
        left -= n
    return " ".join(out)


def make_workspace(root: Path, pages: int, seed: int = 7) -> dict:
    """A workspace of about `pages` pages: 1,000 evidence items and 100 tables at 300 pages."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "templates/sections").mkdir(parents=True)
    (root / "templates/donors").mkdir()
    (root / "evidence/items").mkdir(parents=True)
    (root / "evidence/data").mkdir()
    items = max(10, round(1000 * pages / 300))
    tables = max(SECTIONS, round(100 * pages / 300))
    words_per_item = (pages * WORDS_PER_PAGE - tables * 60) // items
    kinds = ("pilot-result", "research-finding", "lesson-learned", "context")
    for i in range(items):
        nested = i % 4 == 0  # every fourth item carries a nested list of about 22 words
        prose = max(16, words_per_item - (22 if nested else 0))
        body = [paragraph(rng, prose) + f" See also [@item-{(i * 7 + 3) % items:04d}]."]
        if nested:
            body.append(f"- {sentence(rng, 6)}\n  1. {sentence(rng, 5)}\n  2. {sentence(rng, 5)}\n- {sentence(rng, 6)}")
        front = (
            f"---\nkind: {kinds[i % 4]}\ntitle: Finding {i} on {rng.choice(VOCAB)} {rng.choice(VOCAB)}\n"
            f"source: Generated source {i}\ndate: 2009-{1 + i % 12:02d}-{1 + i % 28:02d}\nstatus: reviewed\n"
            f"tags: [s{i % SECTIONS}]\n---\n"
        )
        (root / f"evidence/items/item-{i:04d}.md").write_text(front + "\n\n".join(body) + "\n", encoding="utf-8")
    for t in range(tables):
        rows = ["activity,partner,year,amount_usd"]
        for r in range(12):
            rows.append(f"{sentence(rng, 3)[:-1]},{rng.choice(VOCAB)},{2010 + r % 3},{rng.randint(1000, 900000)}")
        (root / f"evidence/data/t{t:03d}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    sections = []
    for s in range(SECTIONS):
        table_refs = "".join(
            f"### Table {t}\n\n{{{{ tables.t{t:03d} | md_table }}}}\n" for t in range(tables) if t % SECTIONS == s
        )
        (root / f"templates/sections/s{s}.md.j2").write_text(
            f"{{% for item in evidence.tagged('s{s}') %}}\n{{% if loop.index % 10 == 1 %}}## Group {{{{ loop.index // 10 + 1 }}}}\n\n{{% endif %}}**{{{{ item.title }}}}.** "
            f"*{{{{ item.source }}}}* [@{{{{ item.id }}}}]. {{{{ item.body }}}}\n{{% endfor %}}\n" + table_refs,
            encoding="utf-8",
        )
        sections.append(f"  - id: s{s}\n    title: Section {s + 1}\n    template: sections/s{s}.md.j2\n")
    (root / "templates/proposal.yaml").write_text(
        "title: Benchmark proposal\nslug: bench\norganisation: Benchmark Office\ndate: 2009-12-01\n"
        "default_donor: bench\nsections:\n" + "".join(sections),
        encoding="utf-8",
    )
    (root / "templates/donors/bench.yaml").write_text("name: Benchmark Donor\n", encoding="utf-8")
    return {"items": items, "tables": tables}


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MB) of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    proc.stderr.close()
    return elapsed, usage.ru_maxrss // 1024


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

    marks.append(("imports", time.perf_counter()))
    diags = Diagnostics()
    ws = load_workspace(root, diags)
    marks.append(("load", time.perf_counter()))
    donor = pipeline.select_donors(ws, (), False)[0]
    rendered = render_sections(ws, donor, diags)
    cover = render_cover(ws, donor, diags)
    marks.append(("render", time.perf_counter()))
    parsed = parse_sections(ws, donor, rendered, diags)
    assembly = assemble_variant(ws, donor, rendered, parsed, cover, set(), diags)
    marks.append(("parse", time.perf_counter()))
    check_variant(ws, donor, rendered, assembly, estimate_pages(assembly), diags, final=False, limits_are_errors=False)
    marks.append(("checks", time.perf_counter()))
    write_docx(assembly)
    marks.append(("write", time.perf_counter()))
    return {name: round(t - marks[i][1], 3) for i, (name, t) in enumerate(marks[1:])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[75, 150, 300])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / "work")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--stages",
        action="store_true",
        help="also time each pipeline stage of one in-process build of the largest size",
    )
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    kit = [sys.executable, "-m", "proposalkit"]
    results = []
    for pages in args.pages:
        root = args.work / f"p{pages}"
        shape = make_workspace(root, pages)
        subprocess.run(kit + ["build", "-w", str(root), "--format", "md"], check=True, capture_output=True)
        markdown = root / "outputs/bench-bench.md"
        words = len(markdown.read_text(encoding="utf-8").split())
        kit_runs, pandoc_runs = [], []
        for _ in range(args.runs):
            kit_runs.append(timed(kit + ["build", "-w", str(root)], root))
            if pandoc:
                pandoc_runs.append(
                    timed(
                        [
                            pandoc,
                            "-f",
                            "markdown",
                            "-t",
                            "docx",
                            str(markdown),
                            "-o",
                            str(root / "outputs/pandoc.docx"),
                        ],
                        root,
                    )
                )
        row = {
            "pages": pages,
            "words": words,
            **shape,
            "proposalkit_s": statistics.median(t for t, _ in kit_runs),
            "proposalkit_mb": max(m for _, m in kit_runs),
        }
        if pandoc_runs:
            row["pandoc_s"] = statistics.median(t for t, _ in pandoc_runs)
            row["pandoc_mb"] = max(m for _, m in pandoc_runs)
            row["ratio"] = row["proposalkit_s"] / row["pandoc_s"]
        results.append(row)
    stages = stage_times(args.work / f"p{max(args.pages)}") if args.stages else None
    if args.json:
        print(json.dumps({"runs": results, "stages": stages} if stages else results, indent=2))
        return
    print(f"medians of {args.runs} runs, alternating; peak RSS per tool")
    print(
        f"{'pages':>5} {'words':>7} {'items':>5} {'tables':>6} {'proposalkit':>12} {'MB':>5} {'pandoc':>8} {'MB':>5} {'ratio':>6}"
    )
    for r in results:
        pandoc_part = (
            f"{r['pandoc_s']:>7.2f}s {r['pandoc_mb']:>5} {r['ratio']:>6.2f}"
            if "pandoc_s" in r
            else f"{'n/a':>8} {'':>5} {'':>6}"
        )
        print(
            f"{r['pages']:>5} {r['words']:>7} {r['items']:>5} {r['tables']:>6} {r['proposalkit_s']:>11.2f}s "
            f"{r['proposalkit_mb']:>5} {pandoc_part}"
        )
    if stages:
        print(
            f"stages of one in-process build at {max(args.pages)} pages (seconds): "
            + ", ".join(f"{name} {seconds:.2f}" for name, seconds in stages.items())
        )


if __name__ == "__main__":
    main()
