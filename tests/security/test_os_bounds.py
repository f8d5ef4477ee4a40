"""Templates that get past the sandbox's own checks are stopped by the operating system.

A single call the sandbox's counters and clock cannot see inside (a list of strings each under the size
limit, a join of them, a quadratic filter, a loop of calls of half a second each) runs in the render worker,
whose address space is bounded (RLIMIT_AS) and which the build kills at its wall-clock limit. Each such
template is an error at its section's template, exit status 1, and the first build's outputs stay as they
were. The memory cases use the real limit (1 GiB); the time cases lower the limit to 3 s through
PROPOSALKIT_RENDER_SECONDS, documented in docs/security.md, so as not to wait 35 s each.
"""

from __future__ import annotations

import sys
import time

import pytest

from proposalkit.render.variant import RENDER_BOUNDS, SECONDS_VARIABLE

from ..support import built, fails_located, write

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the render worker's bounds need Linux")

SUMMARY = "templates/sections/summary.md.j2"
RESULTS = "templates/sections/results.md.j2"

FOUR_GB = [
    # 210 strings of 19,000,000 characters: each under the 20,000,000 limit, 4 GB together
    ("many values", "{% set parts = range(210)|map('string')|map('center', 19000000)|list %}{{ parts|length }}"),
    # one string under the limit joined 210 times: the join's size is known only once it is built
    ("one join", "{% set part = 'x' * 19000000 %}{{ ''.join([part] * 210)|length }}"),
]

FIVE_MINUTES = [
    # textwrap splits a long word one character at a time, in quadratic time: about 5 minutes here
    ("quadratic filter", "{{ ('a' * 4500000)|wordwrap(1)|length }}"),
    # 600 calls of about half a second: the sandbox reads its clock every 1,024 steps, 4 minutes apart
    ("slow calls", "{% for i in range(600) %}{{ ('ab ' * 300000)|wordwrap(5)|length }}{% endfor %}"),
]


@pytest.mark.parametrize("source", [c[1] for c in FOUR_GB], ids=[c[0] for c in FOUR_GB])
def test_a_template_allocating_4_gb_stops_at_the_memory_limit(starter, run, source):
    before = built(run, starter)
    write(starter, SUMMARY, "A first line.\n\n" + source + "\n")
    hits = fails_located(run, starter, before, f"{SUMMARY}:3:1: error: section 'summary':", "template.too-large")
    assert f"at the limit of {RENDER_BOUNDS.memory:,} bytes" in hits[0]


@pytest.mark.parametrize("source", [c[1] for c in FIVE_MINUTES], ids=[c[0] for c in FIVE_MINUTES])
def test_a_five_minute_template_is_killed_at_the_time_limit(starter, run, monkeypatch, source):
    before = built(run, starter)
    monkeypatch.setenv(SECONDS_VARIABLE, "3")
    write(starter, SUMMARY, "A first line.\n\n" + source + "\n")
    started = time.monotonic()
    hits = fails_located(
        run, starter, before, f"{SUMMARY}:1:1: error: section 'summary' was stopped", "template.too-slow"
    )
    assert time.monotonic() - started < 120  # the template alone would run for about 300 s
    assert "ran for more than 3 seconds and was killed" in hits[0]


def test_the_sections_after_a_stopped_one_are_still_checked(starter, run, monkeypatch):
    before = built(run, starter)
    monkeypatch.setenv(SECONDS_VARIABLE, "2")
    write(starter, SUMMARY, FIVE_MINUTES[0][1] + "\n")
    write(starter, RESULTS, "Results.\n\n{{ no_such_name }}\n")
    fails_located(run, starter, before, f"{SUMMARY}:1:1: error: section 'summary' was stopped", "template.too-slow")
    fails_located(run, starter, before, f"{RESULTS}:3:1: error: undefined name", "template.undefined")


def test_a_cover_field_is_bounded_too(starter, run):
    before = built(run, starter)
    donor = starter / "templates/donors/example-donor.yaml"
    text = donor.read_text(encoding="utf-8").rstrip("\n")
    field = "    - Size: \"{{ ''.join([('x' * 19000000)] * 210)|length }}\""
    donor.write_text(text + "\ncover:\n  fields:\n" + field + "\n", encoding="utf-8")
    hits = fails_located(run, starter, before, "templates/donors/example-donor.yaml:", "template.too-large")
    assert "cover field 'Size'" in hits[0]
