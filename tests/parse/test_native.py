"""The markdown-it-pyrs path builds exactly the tree the markdown-it-py path builds, or declines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proposalkit.parse import native
from proposalkit.parse.commonmark import MAX_DEPTH, flattened_line, plain_tree
from proposalkit.parse.markdown import parse_markdown, parse_with_markdown_it

DATA = Path(__file__).parents[1] / "data"
FIXTURES = Path(__file__).parents[1] / "write" / "fixtures"
FIELDS = ("type", "tag", "attrs", "meta", "map", "info", "markup", "hidden")


def difference(old, new, path="root") -> str | None:
    """The first field where two trees differ; an inline node's source text is approximate by design."""
    for field in FIELDS + (() if old.type == "inline" else ("content",)):
        a, b = getattr(old, field), getattr(new, field)
        if field == "map":
            a, b = a and list(a), b and list(b)
        if a != b:
            return f"{path}.{field}: {a!r} != {b!r}"
    if [c.type for c in old.children] != [c.type for c in new.children]:
        return f"{path}: {[c.type for c in old.children]} != {[c.type for c in new.children]}"
    for n, (a, b) in enumerate(zip(old.children, new.children)):
        found = difference(a, b, f"{path}/{n}:{a.type}")
        if found:
            return found
    return None


def assert_same(text: str) -> bool:
    """Assert the compiled parser's plain tree equals markdown-it-py's, and so the trees the extensions make
    of them; True when the fast path took the text."""
    new = native.tree(text)
    if new is None:
        return False
    old = plain_tree(text)
    assert difference(old, new) is None, (text, difference(old, new))
    assert difference(parse_with_markdown_it(text), parse_markdown(text)) is None, text
    return True


SPEC = json.loads((DATA / "commonmark-spec.json").read_text(encoding="utf-8"))["examples"]


def test_every_spec_example_parses_the_same_or_falls_back():
    taken = sum(assert_same(example["markdown"]) for example in SPEC)
    assert taken > len(SPEC) * 0.8  # the fast path handles the bulk of CommonMark


PROJECT_SYNTAX = [
    "Results improved [@ilo-2009] and [@a; @b, p. 3].\n",
    "Escaped \\[@x] stays text, and so does an e-mail a@tbl-x.org.\n",
    "See @tbl-budget and @fig-map, *also @tbl-a*, [in a link @tbl-b](http://x.y).\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\nTable: Budget by year {#tbl-budget}\n",
    "Table: Above { #tbl-above }\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n| c |\n|---|\n| 3 |\n\nTable: Below\n",
    "![Pilot provinces](map.png){#fig-map}\n\nText.\n",
    "- item [@a]\n- \\newpage\n\n<!-- pagebreak -->\n\n\\pagebreak\n",
    "> quoted [@a]\n> more\n\n1. one\n2. two **bold [@b]** ~~gone~~\n",
    "中文 **加粗** [@cn-1]，见 @tbl-cn。\n",
]


@pytest.mark.parametrize("text", PROJECT_SYNTAX)
def test_project_syntax_takes_the_fast_path_with_the_same_tree(text):
    assert assert_same(text)


def test_fixture_document_parses_the_same():
    assert_same((FIXTURES / "all-constructs.md").read_text(encoding="utf-8"))


DECLINED = [
    "::: landscape\n| a |\n|---|\n| 1 |\n:::\n",  # fenced divs are a markdown-it-py plugin
    "[`x\n",  # markdown-it-pyrs 0.4 panics on an unclosed code span after a bracket
    "[@a](http://x.y) written as a link\n",
    "[@a, p. *3*] with markup in the locator\n",
    "_see @tbl-a_b_\n",  # the reference takes the underscore in markdown-it-py
    "a_€_b and *©*x\n",  # CommonMark 0.31 counts symbols as punctuation next to emphasis
    "> quote\nlazy line\n",
    "text without a final newline",
    ">" * 120 + " deep\n",
]


@pytest.mark.parametrize("text", DECLINED)
def test_uncertain_text_goes_to_markdown_it_py(text):
    assert native.tree(text) is None
    assert difference(parse_with_markdown_it(text), parse_markdown(text)) is None


def depth(node) -> int:
    return 1 + max((depth(child) for child in node.children), default=-1)


def test_far_too_deep_nesting_is_flattened_without_calling_the_compiled_parser(monkeypatch):
    def refuse():
        raise AssertionError("the compiled parser was called")

    monkeypatch.setattr(native, "_parser", refuse)
    tree = parse_markdown("*" * 50000 + "x" + "*" * 50000 + "\n")
    assert flattened_line(tree) == 1 and depth(tree) <= MAX_DEPTH
    (paragraph,) = tree.children
    kept, stars = 0, 0
    stack = [paragraph]
    while stack:
        node = stack.pop()
        kept += 2 * len(node.markup) if node.type in ("em", "strong") else 0
        stars += node.content.count("*") if node.type == "text" else 0
        stack.extend(node.children)
    assert kept + stars == 100000  # every `*`: as emphasis to the limit, as text below it
