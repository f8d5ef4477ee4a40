"""Property test: Markdown of random nesting around the parser's limit (quotes, lists, emphasis, links, mixed
line by line) keeps every word in order, stays within MAX_DEPTH, and both parsers give it the same tree.

The number of examples follows HYPOTHESIS_PROFILE as in test_fuzz_build.py (50 by default, 500 in CI).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proposalkit.base.text import visible_text
from proposalkit.parse.commonmark import MAX_DEPTH, flattened_line, plain_tree
from proposalkit.parse.markdown import parse_markdown, parse_with_markdown_it

from ..parse.test_deep_nesting import depth
from ..parse.test_native import difference

WORD = re.compile(r"(?<![A-Za-z0-9])w[0-9]+")
CONTAINERS = ["> ", "- ", "* ", "1. ", "  ", "   ", ">"]
# Each span holds a word of its own on either side: a run of tildes opening a line would open a code fence,
# and runs of mixed delimiters (`**_***_*`) are where the two parsers' emphasis rules differ at any depth.
SPANS = [("*a ", " b*"), ("_c ", " d_"), ("**e ", " f**"), ("g ~~", "~~ h"), ("[i ", "](http://example.org)")]

# A line: a pattern of containers repeated, then a pattern of spans repeated around its word, so that lines
# reach past the limit (95 levels of containers, 100 in all) as often as they stay below it.
line = st.tuples(
    st.lists(st.sampled_from(CONTAINERS), min_size=1, max_size=3),
    st.integers(0, 70),
    st.lists(st.sampled_from(range(len(SPANS))), min_size=1, max_size=3),
    st.integers(0, 60),
    st.booleans(),  # a blank line after it
)


def markdown(lines) -> str:
    out = []
    for n, (containers, times, spans, span_times, blank) in enumerate(lines):
        word = f"w{n}"
        for index in reversed(spans * span_times):
            opening, closing = SPANS[index]
            word = f"{opening}{word}{closing}"
        out.append("".join(containers * times) + word + "\n" + ("\n" if blank else ""))
    return "".join(out)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(line, min_size=1, max_size=6))
def test_nesting_keeps_every_word_within_the_depth_alike_in_both_parsers(lines):
    text = markdown(lines)
    tree = parse_markdown(text)
    assert depth(tree) <= MAX_DEPTH
    assert difference(parse_with_markdown_it(text), tree) is None
    assert WORD.findall(visible_text(tree)) == [f"w{n}" for n in range(len(lines))]
    if depth(tree) < MAX_DEPTH - 5:
        assert flattened_line(plain_tree(text)) is None
