"""YAML is read safely: no Python objects, no silently repeated keys, no alias bombs."""

from __future__ import annotations

import time

import pytest

from ..support import built, fails_located, snapshot, write

ITEM = """---
kind: context
title: A context item
source: Records
status: reviewed
{extra}---
Body.
"""


def test_duplicate_keys_in_front_matter_name_both_positions(starter, run):
    before = built(run, starter)
    write(starter, "evidence/dup.md", ITEM.format(extra="metrics:\n  jobs: 10\n  women: 4\n  jobs: 12\n"))
    (line,) = fails_located(
        run, starter, before, "evidence/dup.md:9:3: error: duplicate key 'jobs'", "yaml.duplicate-key"
    )
    assert "already given at line 7, column 3" in line


def test_duplicate_top_level_keys_in_a_donor_profile(starter, run):
    before = built(run, starter)
    donor = starter / "templates/donors/example-donor.yaml"
    text = donor.read_text(encoding="utf-8").rstrip("\n") + "\nname: Another name\n"
    donor.write_text(text, encoding="utf-8")
    first = 1 + next(i for i, line in enumerate(text.split("\n")) if line.startswith("name:"))
    (line,) = fails_located(
        run,
        starter,
        before,
        f"templates/donors/example-donor.yaml:{text.count(chr(10))}:1: error: duplicate key 'name'",
        "yaml.duplicate-key",
    )
    assert f"already given at line {first}, column 1" in line


def test_every_duplicate_is_reported_in_one_run(starter, run):
    before = built(run, starter)
    write(starter, "evidence/dup.md", ITEM.format(extra="title: Again\ntags: [a]\ntags: [b]\n"))
    result = run("build", "-w", starter)
    assert result.code == 1
    dups = [line for line in result.lines if line.endswith("[yaml.duplicate-key]")]
    assert [line.split(": error:")[0] for line in dups] == ["evidence/dup.md:6:1", "evidence/dup.md:8:1"], result.lines
    assert snapshot(starter / "outputs") == before


def test_merge_keys_may_be_overridden(starter, run):
    write(starter, "evidence/merge.md", ITEM.format(extra="metrics:\n  <<: {jobs: 1, women: 2}\n  jobs: 3\n"))
    result = run("check", "-w", starter)
    assert not [line for line in result.lines if "duplicate-key" in line], result.lines


def laughs(levels: int) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        prev, name = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_in_front_matter_is_refused_quickly(starter, run):
    before = built(run, starter)
    write(
        starter,
        "evidence/laughs.md",
        ITEM.format(
            extra="metrics:\n  x: 1\nbomb:\n" + "".join("  " + line + "\n" for line in laughs(10).splitlines())
        ),
    )
    started = time.monotonic()
    (line,) = fails_located(run, starter, before, "evidence/laughs.md:", "yaml.too-large")
    assert time.monotonic() - started < 20
    # located at the anchored value whose expansion passes the limit (9**6 > 100,000)
    assert line.startswith("evidence/laughs.md:14:6: error: aliases expand"), line


def test_billion_laughs_in_a_donor_profile_is_refused(starter, run):
    before = built(run, starter)
    donor = starter / "templates/donors/example-donor.yaml"
    donor.write_text(
        donor.read_text(encoding="utf-8") + "extra:\n" + "".join("  " + line + "\n" for line in laughs(9).splitlines()),
        encoding="utf-8",
    )
    fails_located(run, starter, before, "templates/donors/example-donor.yaml:", "yaml.too-large")


def test_a_recursive_alias_is_refused(starter, run):
    before = built(run, starter)
    write(starter, "evidence/loop.md", ITEM.format(extra="metrics: &m\n  self: *m\n"))
    fails_located(run, starter, before, "evidence/loop.md:", "yaml.too-large")


def test_small_aliases_still_work(starter, run, tmp_path):
    write(starter, "evidence/alias.md", ITEM.format(extra="tags: &t [enterprise, training]\nmetrics: {a: 1}\n"))
    result = run("check", "-w", starter)
    assert not [line for line in result.lines if "yaml." in line], result.lines


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['echo unsafe']", "!!python/name:os.system"])
def test_python_tags_are_not_constructed(starter, run, tag):
    before = built(run, starter)
    write(starter, "evidence/tag.md", ITEM.format(extra=f"metrics:\n  x: {tag}\n"))
    result = run("build", "-w", starter)
    assert result.code == 1
    assert any(line.startswith("evidence/tag.md:7:6: error:") for line in result.lines), result.lines
    assert "Traceback" not in result.err and "unsafe" not in result.out
    assert snapshot(starter / "outputs") == before


# -- values as written, tags, characters XML cannot hold ---------------------------------------------------

PILOT = """---
kind: pilot-result
title: {title}
source: Pilot monitoring records
status: reviewed
{extra}---
Body.
"""
OUT = "outputs/skills-for-green-jobs-example-donor.docx"


@pytest.mark.parametrize("title", ["1:20", "yes", "off", "017", "1.50", "1_000", "0x1F"])
def test_a_text_field_prints_as_written(starter, run, title):
    import docx

    from ..support import all_text

    write(starter, "evidence/as-written.md", PILOT.format(title=title, extra=""))
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
    text = all_text(docx.Document(str(starter / OUT)))
    assert f"\n{title}\n" in text, text[:400]


def test_a_cover_field_prints_as_written(starter, run):
    import docx

    from ..support import all_text

    donor = starter / "templates/donors/example-donor.yaml"
    donor.write_text(
        donor.read_text(encoding="utf-8") + "cover:\n  fields:\n    - Duration: 1:20\n    - Version: 2.10\n",
        encoding="utf-8",
    )
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
    text = all_text(docx.Document(str(starter / OUT)))
    assert "1:20" in text and "2.10" in text and "\n80\n" not in text


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!timestamp 2009-06-20", "!!timestamp"),
        ("!!set {a, b}", "!!set"),
        ("!!float 1", "!!float"),
        ("!custom text", "!custom"),
    ],
)
def test_tags_beyond_the_standard_ones_are_refused_where_written(starter, run, value, tag):
    before = built(run, starter)
    write(starter, "evidence/tag.md", ITEM.format(extra=f"metrics:\n  x: 1\nnote: {value}\n"))
    (line,) = fails_located(run, starter, before, "evidence/tag.md:8:7: error:", "yaml.tag")
    assert f"'{tag}'" in line


def test_the_str_tag_keeps_a_value_as_text(starter, run):
    import docx

    from ..support import all_text

    write(starter, "evidence/as-written.md", PILOT.format(title="!!str 2009-06-20", extra=""))
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
    assert "\n2009-06-20\n" in all_text(docx.Document(str(starter / OUT)))


@pytest.mark.parametrize(("escape", "shown"), [("\\ud800", "U+D800"), ("\\0", "U+0000, a NUL"), ("\\uFFFE", "U+FFFE")])
def test_escapes_XML_cannot_hold_are_refused_at_the_key(starter, run, escape, shown):
    before = built(run, starter)
    write(starter, "evidence/escape.md", ITEM.format(extra=f'reviewer: "a{escape}b"\n'))
    (line,) = fails_located(run, starter, before, "evidence/escape.md:6:1: error:", "yaml.bad-character")
    assert shown in line


def test_an_escape_in_a_donor_profile_is_refused_at_its_key(starter, run):
    before = built(run, starter)
    donor = starter / "templates/donors/example-donor.yaml"
    text = donor.read_text(encoding="utf-8").replace("name: Example Foundation", 'name: "Example \\ud83d Foundation"')
    donor.write_text(text, encoding="utf-8")
    line = 1 + next(i for i, row in enumerate(text.split("\n")) if row.startswith("name:"))
    fails_located(run, starter, before, f"templates/donors/example-donor.yaml:{line}:1: error:", "yaml.bad-character")


@pytest.mark.parametrize("rate", [".inf", "1.0e400", "1" + "0" * 400, "1.0e12"])
def test_an_overflowing_exchange_rate_is_an_error_at_its_key(starter, run, rate):
    before = built(run, starter)
    donor = starter / "templates/donors/example-donor.yaml"
    text = donor.read_text(encoding="utf-8").replace("currency: USD", "currency: EUR")
    text += f"exchange_rate:\n  rate: {rate}\n  date: 2026-01-02\n  source: A bank\n"
    donor.write_text(text, encoding="utf-8")
    line = text.split("\n").index(f"  rate: {rate}") + 1
    (hit,) = fails_located(
        run, starter, before, f"templates/donors/example-donor.yaml:{line}:9: error:", "donor.invalid-field"
    )
    assert "Error" not in hit and "float" not in hit


@pytest.mark.parametrize("rate", [".inf", "1.0e400", "1" + "0" * 400])
def test_an_overflowing_support_cost_rate_is_an_error_at_its_key(starter, run, rate):
    before = built(run, starter)
    donor = starter / "templates/donors/example-donor.yaml"
    text = donor.read_text(encoding="utf-8") + f"budget:\n  support_costs:\n    rate: {rate}\n"
    donor.write_text(text, encoding="utf-8")
    line = text.split("\n").index(f"    rate: {rate}") + 1
    (hit,) = fails_located(
        run, starter, before, f"templates/donors/example-donor.yaml:{line}:11: error:", "donor.invalid-field"
    )
    assert "Error" not in hit and "float" not in hit


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_lines_are_counted_as_editors_count_them(starter, run, separator):
    before = built(run, starter)
    # a quoted title holding a separator YAML counts as a line break, then a duplicate key two lines below
    write(starter, "evidence/lines.md", ITEM.format(extra=f'reviewer: "a{separator}b"\ntags: [a]\ntags: [b]\n'))
    (line,) = fails_located(run, starter, before, "evidence/lines.md:8:1: error:", "yaml.duplicate-key")
    assert "already given at line 7, column 1" in line


def test_lines_in_a_donor_profile_are_counted_at_line_feeds_and_lone_carriage_returns(starter, run):
    before = built(run, starter)
    donor = starter / "templates/donors/example-donor.yaml"
    donor.write_bytes(b"name: 'Example\xe2\x80\xa8Foundation'\rcurrency: USD\r\nsections: [summary]\ncurrency: EUR\n")
    fails_located(run, starter, before, "templates/donors/example-donor.yaml:4:1: error:", "yaml.duplicate-key")


@pytest.mark.parametrize("value", ["1.0e400", "1" + "0" * 400, ".inf"])
def test_an_overflowing_metric_is_an_error_at_its_value(starter, run, value):
    before = built(run, starter)
    write(starter, "evidence/huge.md", ITEM.format(extra=f"metrics:\n  jobs: {value}\n"))
    (line,) = fails_located(run, starter, before, "evidence/huge.md:7:9: error:", "evidence.bad-metric")
    assert "Error" not in line


def test_the_proposals_text_fields_reach_templates_as_written(starter, run):
    """`title: 2.50` and `organisation: 1.50` in proposal.yaml are the text "2.50" and "1.50" in a template
    as on the cover, not the numbers 2.5 and 1.5."""
    import docx

    from ..support import all_text

    proposal = starter / "templates/proposal.yaml"
    lines = [
        "title: 2.50"
        if line.startswith("title:")
        else "organisation: 1.50"
        if line.startswith("organisation:")
        else line
        for line in proposal.read_text(encoding="utf-8").splitlines()
    ]
    proposal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    write(starter, "templates/sections/summary.md.j2", "Quoted: {{ proposal.title }} by {{ proposal.organisation }}.\n")
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
    (out,) = sorted((starter / "outputs").glob("*.docx"))
    assert "Quoted: 2.50 by 1.50." in all_text(docx.Document(str(out)))


def test_a_donor_term_that_is_not_text_is_an_error_at_it(starter, run):
    """`terms: {outcome: [a, b]}` printed Python's list notation in the document; now an error at the term."""
    donor = starter / "templates/donors/example-donor.yaml"
    lines = donor.read_text(encoding="utf-8").splitlines()
    at = lines.index("terms:") + 1
    lines.insert(at, "  goal: [a, b]")
    donor.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", "-w", starter)
    assert result.code == 1
    assert (
        f"templates/donors/example-donor.yaml:{at + 1}:9: error: term 'goal' must be text, not a list "
        "[donor.invalid-field]" in result.lines
    ), result.lines
