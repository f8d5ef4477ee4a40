"""The render worker gives back exactly what rendering in this process gives: every section's Markdown, its
source map, figures and tables read, the cover's lines and the diagnostics, in the same order."""

from __future__ import annotations

from dataclasses import fields

from proposalkit.base.diagnostics import Diagnostics
from proposalkit.load.workspace import load_workspace
from proposalkit.render.sandbox import COMPILED
from proposalkit.render.sections import render_cover, render_sections
from proposalkit.render.variant import render_variant

from ..support import write


def rendered_here(ws, donor):
    diags = Diagnostics()
    sections = render_sections(ws, donor, diags)
    return sections, render_cover(ws, donor, diags), diags.items


def rendered_in_worker(ws, donor, bounded=True):
    diags = Diagnostics()
    sections, cover = render_variant(ws, donor, diags, bounded=bounded)
    return sections, cover, diags.items


def same(a, b) -> None:
    sections_a, cover_a, diags_a = a
    sections_b, cover_b, diags_b = b
    assert [s.id for s in sections_a] == [s.id for s in sections_b]
    for x, y in zip(sections_a, sections_b, strict=True):
        for field in fields(x):
            if field.name != "sources":
                assert getattr(x, field.name) == getattr(y, field.name), (x.id, field.name)
        assert x.sources.text == y.sources.text
        assert x.sources.chunks == y.sources.chunks
        assert x.sources.template == y.sources.template
        assert [x.sources.origin(n) for n in range(0, len(x.markdown), 97)] == [
            y.sources.origin(n) for n in range(0, len(y.markdown), 97)
        ]
    assert cover_a == cover_b
    assert diags_a == diags_b


def test_every_variant_of_the_example_comes_back_as_rendered_here(example):
    ws = load_workspace(example, Diagnostics())
    assert ws is not None and len(ws.donors) >= 3
    for donor in ws.donors.values():
        here = rendered_here(ws, donor)
        assert here[0], donor.id
        same(here, rendered_in_worker(ws, donor))
        same(here, rendered_in_worker(ws, donor, bounded=False))


def test_failing_sections_and_template_warnings_come_back_in_order(starter):
    write(starter, "templates/sections/summary.md.j2", "{{ no_such_name }}\n")
    write(starter, "templates/sections/results.md.j2", "\n")  # an empty section: a warning
    ws = load_workspace(starter, Diagnostics())
    assert ws is not None
    donor = next(iter(ws.donors.values()))
    here = rendered_here(ws, donor)
    assert [d.code for d in here[2]] == ["template.undefined", "template.empty"]
    same(here, rendered_in_worker(ws, donor))


def test_templates_compiled_in_the_worker_are_kept_for_the_next_variant(starter):
    write(starter, "templates/sections/summary.md.j2", "A summary compiled once: {{ 6 * 7 }}.\n")
    ws = load_workspace(starter, Diagnostics())
    assert ws is not None
    donor = next(iter(ws.donors.values()))
    before = set(COMPILED.store)
    sections, _, _ = rendered_in_worker(ws, donor)
    assert "compiled once: 42" in sections[0].markdown
    added = set(COMPILED.store) - before
    assert added  # the worker's compiled code reached this process, for the next variant's worker to inherit
