#!/usr/bin/env python3
"""Time the parse stage alone: `parse_markdown` on the rendered sections of a generated workspace.

Renders the sections of benchmarks/work/base-p300 (made by `build_speed.py --pages 300`) once, then
times parsing all of them with markdown-it-py alone and with `parse_markdown` (markdown-it-pyrs
where it reads the text the same way), and prints the median of several runs of each.

    PYTHONPATH=src python benchmarks/parse_speed.py
    PYTHONPATH=src python benchmarks/parse_speed.py --work benchmarks/work/base-p75 --runs 9
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / "work" / "base-p300")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not (args.work / "templates/proposal.yaml").is_file():
        raise SystemExit(f"no workspace at {args.work}: run build_speed.py --pages 300 --runs 1 first")

    from proposalkit import pipeline
    from proposalkit.base.diagnostics import Diagnostics
    from proposalkit.load.workspace import load_workspace
    from proposalkit.parse import native
    from proposalkit.parse.markdown import parse_markdown, parse_with_markdown_it
    from proposalkit.render.sections import render_sections

    diags = Diagnostics()
    ws = load_workspace(args.work, diags)
    texts = [s.markdown for s in render_sections(ws, pipeline.select_donors(ws, (), False)[0], diags)]
    fast = sum(native.tree(t) is not None for t in texts)
    print(f"{len(texts)} sections, {sum(map(len, texts))} characters; {fast} parsed by markdown-it-pyrs")

    def median(parse) -> float:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            for text in texts:
                parse(text)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    old, new = median(parse_with_markdown_it), median(parse_markdown)
    print(f"median of {args.runs} runs: markdown-it-py {old:.3f}s, parse_markdown {new:.3f}s ({old / new:.1f}x)")


if __name__ == "__main__":
    main()
