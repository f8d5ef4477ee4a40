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
