"""Generated workspaces for the speed benchmarks: one proposal of a given length in one of several content shapes.

Each shape is a preset of the same generator, so that a shape's cost can be told apart from the length's:

- `base`: 1,000 evidence items at 300 pages, a citation each, a nested list in every fourth, 100 CSV tables;
- `mixed`: what outside proposals look like: many small items, a link and emphasis in every paragraph,
  several citations in each, long nested lists, tables written in the templates as pipe tables, one small CSV;
- `links`, `small-items`, `pipe-tables`, `footnotes`, `long-lists`, `emphasis`: `base` with one of those
  features turned up, to see which one costs more than its words.

Pages are nominal: WORDS_PER_PAGE words of text a page (calibrated on `base` against LibreOffice's layout).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

WORDS_PER_PAGE = 240
VOCAB = (
    "green jobs enterprise training policy employment skills transition emissions province "
    "workers pilot survey partners capacity social dialogue results indicator baseline target "
    "programme ministry institution network budget evaluation climate energy value chain "
    "sector household income women youth rural urban service industry"
).split()
SECTIONS = 10
KINDS = ("pilot-result", "research-finding", "lesson-learned", "context")


@dataclass(frozen=True)
class Shape:
    """What a generated proposal holds, per 300 pages where it is a count."""

    items: int = 1000  # evidence items
    citations: int = 1  # citations in each item's paragraph (one of them a group of two when > 2)
    list_every: int = 4  # every n-th item carries a nested list (0: none)
    list_entries: int = 2  # top-level entries of that list, each with two sub-entries
    list_depth: int = 2  # levels of the list
    links: bool = False  # a link in every paragraph and list entry
    emphasis: bool = False  # emphasis and strong emphasis in every paragraph and list entry
    csv_tables: int = 100  # CSV tables rendered with md_table
    pipe_tables: int = 0  # pipe tables written in the section templates


SHAPES: dict[str, Shape] = {
    "base": Shape(),
    "mixed": Shape(
        items=2000,
        citations=3,
        list_every=4,
        list_entries=2,
        list_depth=3,
        links=True,
        emphasis=True,
        csv_tables=1,
        pipe_tables=100,
    ),
    "links": Shape(links=True),
    "small-items": Shape(items=4000),
    "pipe-tables": Shape(csv_tables=0, pipe_tables=200),
    "footnotes": Shape(citations=4),
    "long-lists": Shape(list_every=2, list_entries=3, list_depth=3),
    "emphasis": Shape(emphasis=True),
}


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


def _dress(rng: random.Random, text: str, shape: Shape, n: int) -> str:
    """`text` with the shape's inline markup: a link and emphasis, placed among its words."""
    words = text.split(" ")
    if shape.emphasis and len(words) > 4:
        words[1] = f"*{words[1]}*"
        words[3] = f"**{words[3]}**"
    if shape.links and len(words) > 6:
        words[5] = f"[{words[5]}](https://example.org/{rng.choice(VOCAB)}/{n})"
    return " ".join(words)


def _citations(i: int, items: int, count: int) -> str:
    ids = [f"item-{(i * 7 + 3 + 13 * k) % items:04d}" for k in range(count)]
    if count <= 2:
        return " ".join(f"See [@{x}]." for x in ids)
    group = f"[@{ids[0]}; @{ids[1]}, p. {1 + i % 40}]"
    return f"See {group}. " + " ".join(f"Also [@{x}]." for x in ids[2:])


def _nested_list(rng: random.Random, shape: Shape, i: int) -> tuple[str, int]:
    """A nested list (bullets, then numbers, then bullets) and the words it holds."""
    lines, words = [], 0

    def entry(level: int, marker: str) -> None:
        nonlocal words
        n = 6 if level == 0 else 5
        words += n
        lines.append("   " * level + f"{marker} {_dress(rng, sentence(rng, n), shape, i * 100 + len(lines))}")
        if level + 1 < shape.list_depth:
            for k in range(2):
                entry(level + 1, f"{k + 1}." if level % 2 == 0 else "-")

    for _ in range(shape.list_entries):
        entry(0, "-")
    return "\n".join(lines), words


def _pipe_table(rng: random.Random, t: int, shape: Shape) -> tuple[str, int]:
    rows = ["| Activity | Partner | Year | Amount (USD) |", "|---|---|---:|---:|"]
    for r in range(8):
        cell = sentence(rng, 3)[:-1]
        if shape.emphasis and r % 2 == 0:
            cell = f"*{cell}*"
        if shape.links and r % 4 == 1:
            cell = f"[{cell}](https://example.org/t{t}/{r})"
        rows.append(f"| {cell} | {rng.choice(VOCAB)} | {2010 + r % 3} | {rng.randint(1000, 900000):,} |")
    return f"Table {t} gives the activities of this part of the programme.\n\n" + "\n".join(rows) + "\n", 60


def make_workspace(root: Path, pages: int, shape: Shape | str = "base", seed: int = 7) -> dict:
    """A workspace of about `pages` nominal pages in `shape`; returns what it holds."""
    if isinstance(shape, str):
        shape = SHAPES[shape]
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    for folder in ("templates/sections", "templates/donors", "evidence/items", "evidence/data"):
        (root / folder).mkdir(parents=True)
    scale = pages / 300
    items = max(10, round(shape.items * scale))
    csv_tables = max(1, round(shape.csv_tables * scale)) if shape.csv_tables else 0
    pipe_tables = max(1, round(shape.pipe_tables * scale)) if shape.pipe_tables else 0
    budget = pages * WORDS_PER_PAGE - (csv_tables + pipe_tables) * 60
    lists = [
        (_nested_list(rng, shape, i) if shape.list_every and i % shape.list_every == 0 else ("", 0))
        for i in range(items)
    ]
    prose_words = max(items * 12, budget - sum(n for _, n in lists))
    for i in range(items):
        prose = paragraph(rng, max(12, prose_words // items))
        body = [_dress(rng, prose, shape, i) + " " + _citations(i, items, shape.citations)]
        if lists[i][0]:
            body.append(lists[i][0])
        front = (
            f"---\nkind: {KINDS[i % 4]}\ntitle: Finding {i} on {rng.choice(VOCAB)} {rng.choice(VOCAB)}\n"
            f"source: Generated source {i}\ndate: 2009-{1 + i % 12:02d}-{1 + i % 28:02d}\nstatus: reviewed\n"
            f"tags: [s{i % SECTIONS}]\n---\n"
        )
        (root / f"evidence/items/item-{i:04d}.md").write_text(front + "\n\n".join(body) + "\n", encoding="utf-8")
    for t in range(csv_tables):
        rows = ["activity,partner,year,amount_usd"]
        for r in range(12):
            rows.append(f"{sentence(rng, 3)[:-1]},{rng.choice(VOCAB)},{2010 + r % 3},{rng.randint(1000, 900000)}")
        (root / f"evidence/data/t{t:03d}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    pipes = [_pipe_table(rng, t, shape)[0] for t in range(pipe_tables)]
    sections = []
    for s in range(SECTIONS):
        tables = "".join(
            f"### Table {t}\n\n{{{{ tables.t{t:03d} | md_table }}}}\n" for t in range(csv_tables) if t % SECTIONS == s
        )
        tables += "".join(f"### Activities {t}\n\n{pipes[t]}\n" for t in range(pipe_tables) if t % SECTIONS == s)
        (root / f"templates/sections/s{s}.md.j2").write_text(
            f"{{% for item in evidence.tagged('s{s}') %}}\n{{% if loop.index % 10 == 1 %}}## Group {{{{ loop.index // 10 + 1 }}}}\n\n{{% endif %}}**{{{{ item.title }}}}.** "
            f"*{{{{ item.source }}}}* [@{{{{ item.id }}}}]. {{{{ item.body }}}}\n{{% endfor %}}\n" + tables,
            encoding="utf-8",
        )
        sections.append(f"  - id: s{s}\n    title: Section {s + 1}\n    template: sections/s{s}.md.j2\n")
    (root / "templates/proposal.yaml").write_text(
        "title: Benchmark proposal\nslug: bench\norganisation: Benchmark Office\ndate: 2009-12-01\n"
        "default_donor: bench\nsections:\n" + "".join(sections),
        encoding="utf-8",
    )
    (root / "templates/donors/bench.yaml").write_text("name: Benchmark Donor\n", encoding="utf-8")
    return {"items": items, "tables": csv_tables + pipe_tables}
