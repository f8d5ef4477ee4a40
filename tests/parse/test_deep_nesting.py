"""Markdown nested past the parser's limit keeps all its text: what is deeper is plain text at the deepest level
allowed, both parsers give that same tree, and the tree is never deeper than MAX_DEPTH."""

from __future__ import annotations

import re
import time

import pytest

from proposalkit.base.text import visible_text
from proposalkit.parse import native
from proposalkit.parse.commonmark import BLOCK_DEPTH, MAX_DEPTH, flattened_line, plain_tree
from proposalkit.parse.markdown import parse_markdown, parse_with_markdown_it
from proposalkit.parse.native.builder import SAFE_DEPTH

from .test_native import difference


def depth(node) -> int:
    """How many levels below `node` its deepest descendant lies (no recursion: trees here may be deep)."""
    best, stack = 0, [(node, 0)]
    while stack:
        current, level = stack.pop()
        best = max(best, level)
        stack.extend((child, level + 1) for child in current.children)
    return best


def nodes(node, kind: str) -> list:
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        if current.type == kind:
            found.append(current)
        stack.extend(reversed(current.children))
    return found


WORD = re.compile(r"(?<![A-Za-z0-9])w[0-9]+")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def nested_list(levels: int) -> str:
    return "".join("  " * d + f"- w{d}\n" for d in range(levels)) + "\nw999999\n"


def ordered_list(levels: int) -> str:
    return "".join("   " * d + f"1. w{d}\n" for d in range(levels)) + "\nw999999\n"


def quote_lines(levels: int) -> str:
    return "".join("> " * d + f"w{d}\n" + "> " * d + "\n" for d in range(1, levels)) + "\nw999999\n"


def emphasis(levels: int) -> str:
    marks = ["*", "_", "**", "~~"]
    opening = "".join(f"{marks[d % 4]}w{d} " for d in range(levels))
    closing = "".join(f" w{levels + d}{marks[(levels - 1 - d) % 4]}" for d in range(levels))
    return "Intro w999998.\n\n" + opening + "x" + closing + "\n\nw999999\n"


def links_in_emphasis(levels: int) -> str:
    return "*" * levels + '[w1 *w2*](http://example.org/a "T") ![w3](i.png) <http://example.org>' + "*" * levels


def table_in_quote(levels: int) -> str:
    rows = ["| w1 | w2 |", "|---|---|", "| *w3* | [w4](u) |"]
    return "".join("> " * levels + row + "\n" for row in rows) + "\nw999999\n"


def landscape(levels: int) -> str:
    opening = "".join(":" * (3 + levels - d) + " landscape\n" for d in range(levels))
    return opening + "w1\n" + "".join(":" * (4 + d) + "\n" for d in range(levels)) + "\nw999999\n"


SHAPES = {
    "list": nested_list,
    "ordered list": ordered_list,
    "quote": quote_lines,
    "emphasis": emphasis,
    "links in emphasis": links_in_emphasis,
    "table in quote": table_in_quote,
    "landscape": landscape,
    "quote run": lambda levels: ">" * levels + " w1 *w2*\n\nw999999\n",
    "bullet run": lambda levels: "* " * levels + "w1\n\nw999999\n",
    "quote list run": lambda levels: "> - " * levels + "w1\n\nw999999\n",
}


@pytest.mark.parametrize("levels", [10, 45, 48, 94, 95, 96, 150, 300])
@pytest.mark.parametrize("shape", SHAPES)
def test_every_word_is_kept_within_the_depth_by_both_parsers(shape, levels):
    text = SHAPES[shape](levels)
    tree = parse_markdown(text)
    assert depth(tree) <= MAX_DEPTH
    assert difference(parse_with_markdown_it(text), tree) is None
    assert words(visible_text(tree)) == words(text)  # in order: nothing lost, nothing moved


def test_shallow_text_is_not_flattened():
    for make in SHAPES.values():
        tree = plain_tree(make(10))
        assert flattened_line(tree) is None


def test_the_compiled_parser_declines_before_the_flattening_starts():
    assert SAFE_DEPTH < BLOCK_DEPTH < MAX_DEPTH
    for levels in (BLOCK_DEPTH - 10, BLOCK_DEPTH, 200):
        for make in (nested_list, quote_lines, emphasis):
            assert native.tree(make(levels)) is None


def test_a_quote_past_the_limit_keeps_its_deeper_marks_as_text():
    tree = parse_markdown(">" * 200 + " deep *text*\n\nAfter.\n")
    assert len(nodes(tree, "blockquote")) == BLOCK_DEPTH
    deepest = nodes(tree, "blockquote")[-1]
    (paragraph,) = deepest.children
    assert visible_text(paragraph) == ">" * (200 - BLOCK_DEPTH) + " deep *text*\n"  # as written: no emphasis
    assert visible_text(tree.children[-1]) == "After.\n"
    assert flattened_line(plain_tree(">" * 200 + " deep\n")) == 1


def test_a_list_past_the_limit_keeps_its_deeper_items_as_paragraphs_of_text():
    text = nested_list(60)
    tree = parse_markdown(text)
    items = nodes(tree, "list_item")
    assert len(items) == (BLOCK_DEPTH + 1) // 2  # a list and its item are two levels
    deepest = items[-1]
    texts = [visible_text(p).strip() for p in deepest.children]
    assert texts[0] == f"w{len(items) - 1}" and texts[1].startswith(f"- w{len(items)}")
    assert flattened_line(plain_tree(text)) == len(items)  # the line of the deepest item kept


def test_emphasis_past_the_limit_is_kept_as_its_marks():
    text = "a\nb " + "*" * 300 + "x" + "*" * 300 + "\n"
    tree = parse_markdown(text)
    assert flattened_line(plain_tree("Intro\n\n" + text)) == 4  # the second line of the paragraph
    assert depth(tree) == MAX_DEPTH
    marks = sum(2 * len(n.markup) for kind in ("em", "strong") for n in nodes(tree, kind))
    assert marks + visible_text(tree).count("*") == 600


def test_links_and_images_past_the_limit_are_kept_as_written():
    """Kept as text, which the typography pass treats as any other text: the title's quotes curl."""
    tree = parse_markdown(links_in_emphasis(200))
    assert not nodes(tree, "link") and not nodes(tree, "image")
    shown = visible_text(tree)
    assert "[w1 *w2*](http://example.org/a \u201cT\u201d) ![w3](i.png) <http://example.org>" in shown


def test_the_earliest_place_is_the_one_reported():
    text = "Intro.\n\n" + "*" * 300 + "x" + "*" * 300 + "\n\n" + ">" * 200 + " deep\n"
    assert flattened_line(plain_tree(text)) == 3
    assert flattened_line(plain_tree(">" * 200 + " deep\n\n" + "*" * 300 + "x" + "*" * 300 + "\n")) == 1


@pytest.mark.parametrize(
    "text,kept",
    [
        (">" * 50_000 + " deep\n", "> deep"),
        ("*" * 50_000 + "x" + "*" * 50_000 + "\n", "*x*"),
        ("* " * 50_000 + "x\n", "* x"),
        ("> - " * 25_000 + "x\n", "> - x"),
        ("\n".join("  " * d + f"- level {d}" for d in range(2000)) + "\n", "- level 1999"),
    ],
    ids=["quotes", "stars", "bullets", "quoted bullets", "list-2000"],
)
def test_very_deep_input_is_read_without_recursion_and_kept(text, kept):
    started = time.perf_counter()
    tree = parse_markdown(text)
    assert time.perf_counter() - started < 30  # linear; a generous bound for slow machines
    assert depth(tree) <= MAX_DEPTH and flattened_line(tree) is not None
    assert kept in visible_text(tree)
