"""Templates cannot reach Python internals, files outside templates/, or unbounded time and memory.

Each case builds the starter workspace once, breaks its summary template and builds again through the CLI:
the build must fail with a diagnostic at the template's file and line, and leave the first build's
outputs byte for byte as they were.
"""

from __future__ import annotations

import os
import time

import pytest

from ..support import built, fails_located, write

SUMMARY = "templates/sections/summary.md.j2"

ESCAPES = [
    ("class", "{{ ''.__class__ }}"),
    ("globals", "{{ term.__globals__ }}"),
    ("subclasses", "{{ ().__class__.__base__.__subclasses__() }}"),
    ("mro", "{{ ''.__class__.mro() }}"),
    ("format attribute", "{{ '{0.__class__}'.format(1) }}"),
    ("format_map attribute", "{{ '{x.__class__.__base__}'.format_map({'x': 1}) }}"),
    ("init globals", "{{ term.__init__.__globals__ }}"),
    ("cycler", "{{ cycler.__init__.__globals__ }}"),
    ("joiner", "{{ joiner.__init__.__globals__ }}"),
    ("namespace", "{{ namespace.__init__.__globals__ }}"),
    ("lipsum", "{{ lipsum.__globals__ }}"),
    ("template context", "{{ self._TemplateReference__context }}"),
    ("loop class", "{% for x in [1] %}{{ loop.__class__ }}{% endfor %}"),
    ("evidence internals", "{{ evidence._items }}"),
    ("table written to a file", "{{ tables.activities.to_csv('written-by-template.csv') }}"),
    ("table eval", "{{ tables.activities.eval('index', engine='python') }}"),
    ("table query", "{{ tables.activities.query('index > 0', engine='python') }}"),
    ("table agg by name", "{{ tables.activities.agg('to_csv') }}"),
    ("table pipe", "{{ tables.activities.pipe(('to_csv', 'path_or_buf'), 'x.csv') }}"),
    ("array written to a file", "{{ tables.activities.values.tofile('written-by-template.bin') }}"),
    ("table changed in place", "{{ tables.activities.fillna(0, inplace=True) }}"),
]


@pytest.mark.parametrize("source", [c[1] for c in ESCAPES], ids=[c[0] for c in ESCAPES])
def test_attribute_escapes_are_located_errors(starter, run, source):
    before = built(run, starter)
    write(starter, SUMMARY, "A first line.\n\nThen {{ proposal.title }} " + source + "\n")
    fails_located(run, starter, before, f"{SUMMARY}:3:1: error:", "template.sandbox")
    assert not list(starter.rglob("written-by-template*"))


def test_tables_stay_readable(starter, run, tmp_path):
    write(
        starter,
        SUMMARY,
        "{% for row in tables.activities.to_dict('records') %}- {{ row.activity }}\n{% endfor %}"
        "{{ tables.activities.shape[0] }} activities, first {{ tables.activities['activity'].tolist()[0] }}.\n"
        "{% for _, row in tables.activities.iterrows() %}{% if loop.first %}Row {{ row.activity }}.{% endif %}{% endfor %}\n"
        "{% for row in tables.activities.itertuples() %}{% if loop.first %}Tuple {{ row.activity }}.{% endif %}{% endfor %}\n"
        "Column {{ tables.activities.activity.tolist()[0] }}.\n",
    )
    result = run("build", "-w", starter, "--format", "md", "--out", tmp_path / "o")
    assert result.code == 0, result.err
    text = next((tmp_path / "o").glob("*.md")).read_text(encoding="utf-8")
    rows = (starter / "evidence/data/activities.csv").read_text(encoding="utf-8").splitlines()[1:]
    first = rows[0].split(",")[0]
    assert f"- {first}\n" in text and f"{len(rows)} activities, first {first}." in text
    assert f"Row {first}." in text and f"Tuple {first}." in text and f"Column {first}." in text


INCLUDES = [
    ("parent folder", "{% include '../evidence/pilot-training.md' %}", "template.missing"),
    ("absolute path", "{% include '/etc/hostname' %}", "template.missing"),
    ("import", "{% import '../../secret.j2' as s %}", "template.missing"),
    ("from import", "{% from '/etc/passwd' import x %}", "template.missing"),
    ("extends", "{% extends '../x.j2' %}", "template.missing"),
]


@pytest.mark.parametrize("source,code", [c[1:] for c in INCLUDES], ids=[c[0] for c in INCLUDES])
def test_paths_outside_templates_are_refused(starter, run, source, code):
    before = built(run, starter)
    write(starter, SUMMARY, "Intro.\n" + source + "\n")
    fails_located(run, starter, before, f"{SUMMARY}:2:1: error:", code)


@pytest.mark.parametrize(
    "statement",
    [
        "{% include 'sections/leak.md.j2' %}",
        "{% import 'sections/leak.md.j2' as m %}",
        "{% extends 'sections/leak.md.j2' %}",
    ],
)
def test_symlinks_leaving_templates_are_refused(starter, run, tmp_path, statement):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OUTSIDE-THE-WORKSPACE\n", encoding="utf-8")
    os.symlink(secret, starter / "templates/sections/leak.md.j2")
    before = built(run, starter)
    write(starter, SUMMARY, "Intro.\n" + statement + "\n")
    (line,) = fails_located(run, starter, before, f"{SUMMARY}:2:1: error:", "template.outside")
    assert "outside templates/" in line and "SECRET" not in line


def test_a_section_template_that_is_a_symlink_out_is_refused(starter, run, tmp_path):
    secret = tmp_path / "secret.md.j2"
    secret.write_text("SECRET\n", encoding="utf-8")
    before = built(run, starter)
    (starter / SUMMARY).unlink()
    os.symlink(secret, starter / SUMMARY)
    fails_located(run, starter, before, "templates/proposal.yaml:", "template.outside")


def test_a_section_template_path_outside_templates_is_refused(starter, run, tmp_path):
    before = built(run, starter)
    proposal = starter / "templates/proposal.yaml"
    proposal.write_text(
        proposal.read_text(encoding="utf-8").replace("sections/summary.md.j2", "../evidence/pilot-training.md"),
        encoding="utf-8",
    )
    fails_located(run, starter, before, "templates/proposal.yaml:", "template.outside")


def test_symlinks_inside_templates_are_fine(starter, run, tmp_path):
    write(starter, "templates/sections/shared/note.md.j2", "A shared note for {{ section.id }}.\n")
    os.symlink(starter / "templates/sections/shared/note.md.j2", starter / "templates/sections/note-link.md.j2")
    write(starter, SUMMARY, "Intro.\n\n{% include 'sections/note-link.md.j2' %}\n")
    result = run("build", "-w", starter, "--format", "md", "--out", tmp_path / "o")
    assert result.code == 0, result.err
    assert "A shared note for summary." in next((tmp_path / "o").glob("*.md")).read_text(encoding="utf-8")


HUGE = [
    ("string repeat", "{{ 'a' * 10**9 }}"),
    ("literal repeat", "{{ 'a' * 1000000000 }}"),
    ("list repeat", "{{ ([0] * 1000000000) | length }}"),
    ("power", "{{ 10 ** (10 ** 8) }}"),
    ("percent width", "{{ '%01000000000d' % 1 }}"),
    ("format width", "{{ '{:>999999999}'.format(1) }}"),
    ("format precision", "{{ '{:.999999999f}'.format(1.0) }}"),
    ("ljust", "{{ 'a'.ljust(1000000000) }}"),
    ("center filter", "{{ 'a' | center(1000000000) }}"),
    ("format filter", "{{ '%999999999s' | format('a') }}"),
    ("batch filter", "{{ [1] | batch(1000000000, 0) | list }}"),
    (
        "replace growth",
        "{% set ns = namespace(s='a' * 500000) %}{{ ns.s.replace('a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') }}",
    ),
    ("range", "{% for i in range(10 ** 9) %}{% endfor %}"),
    ("lipsum", "{{ lipsum(10 ** 7) }}"),
    (
        "doubling by concatenation",
        "{% set ns = namespace(s='a') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    ),
    (
        "doubling by addition",
        "{% set ns = namespace(s='a') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    ),
    (
        "doubling by set block",
        "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s %}{{ ns.s }}{{ ns.s }}{% endset %}{% endfor %}",
    ),
    ("output", "{% for i in range(300000) %}{{ 'x' * 100 }}{% endfor %}"),
]


@pytest.mark.parametrize("source", [c[1] for c in HUGE], ids=[c[0] for c in HUGE])
def test_huge_values_are_refused_before_they_are_built(starter, run, source):
    before = built(run, starter)
    write(starter, SUMMARY, "Intro.\n\n" + source + "\n")
    started = time.monotonic()
    fails_located(run, starter, before, f"{SUMMARY}:3:1: error:", "template.too-long")
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    "source",
    [
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "{% set r = range(1000) | list %}{% for a in r %}{% for b in r %}{% for c in r %}{% endfor %}{% endfor %}{% endfor %}",
        "{% macro f(n) %}{% for i in range(100000) %}{{ '' }}{% endfor %}{% endmacro %}"
        "{% for i in range(100000) %}{{ f(i) }}{% endfor %}",
    ],
    ids=["nested ranges", "nested lists", "macro calls"],
)
def test_runaway_loops_stop_with_a_located_error(starter, run, source):
    before = built(run, starter)
    write(starter, SUMMARY, "Intro.\n\n" + source + "\n")
    started = time.monotonic()
    fails_located(run, starter, before, f"{SUMMARY}:3:1: error:", "template.too-slow")
    assert time.monotonic() - started < 60


def test_the_error_names_the_line_of_an_included_template(starter, run):
    before = built(run, starter)
    write(starter, "templates/sections/part.md.j2", "One.\nTwo.\n{{ 'a' * 10**9 }}\n")
    write(starter, SUMMARY, "Intro.\n{% include 'sections/part.md.j2' %}\n")
    fails_located(run, starter, before, "templates/sections/part.md.j2:3:1: error:", "template.too-long")


def test_cover_field_limits_are_located_in_the_donor_file(starter, run):
    before = built(run, starter)
    donor = starter / "templates/donors/example-donor.yaml"
    text = donor.read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n") + ["cover:", "  fields:", "    - Size: \"{{ 'a' * 10**9 }}\""]
    donor.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fails_located(run, starter, before, f"templates/donors/example-donor.yaml:{len(lines)}:", "template.too-long")
