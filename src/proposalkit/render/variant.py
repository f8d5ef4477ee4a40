"""The render stage of one variant, its sections and then its cover fields, in a worker process that the
operating system bounds (`base.bounded`): the worker's address space may grow by `RENDER_BOUNDS.memory`
bytes, and the worker is killed when one section or cover field has rendered for `RENDER_BOUNDS.seconds`.

The sandbox's own checks (`limits`) stay the first line: they refuse most oversized or endless templates
at the line that asks, long before these bounds. The bounds catch what those checks cannot see, a single
call into Python or C that is slow or large on its own. A section stopped by them is an error at its
template (`template.too-slow`, `template.too-large`); the sections after it are rendered in a new worker,
so one run still reports every problem. Everything else comes back exactly as `render_sections` and
`render_cover` make it in this process.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from ..base.bounded import Bounds, Stopped, run_steps
from ..base.diagnostics import Diagnostics
from ..base.model import Donor, Position, RenderedSection, Workspace
from ..base.sourcemap import Chunk, SourceFiles, SourceMap
from .context import variant_evidence
from .sandbox import COMPILED
from .sections import CoverRenderer, SectionRenderer, fallback_warnings, section_template

# 1 GiB: a 300-page proposal's render grows the worker by about 100 MB, a 10 MB evidence file by a few hundred.
# 35 s: five seconds past the sandbox's own 30-second limit, so that a template the sandbox can stop between
# two steps is stopped there, at its line; only a single call that outlasts the sandbox's clock meets this one.
RENDER_BOUNDS = Bounds(memory=1 << 30, seconds=35.0)

MEMORY_VARIABLE = "PROPOSALKIT_RENDER_MEMORY"  # bytes; lowers (or raises) the memory bound, for tests
SECONDS_VARIABLE = "PROPOSALKIT_RENDER_SECONDS"


def render_bounds() -> Bounds:
    """`RENDER_BOUNDS`, or what the environment variables set instead (positive numbers only)."""
    return Bounds(
        int(_setting(MEMORY_VARIABLE, RENDER_BOUNDS.memory)), _setting(SECONDS_VARIABLE, RENDER_BOUNDS.seconds)
    )


def _setting(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if 0 < value < float("inf") else default


def render_variant(
    ws: Workspace, donor: Donor, diags: Diagnostics, *, bounded: bool = True
) -> tuple[list[RenderedSection], tuple[tuple[str, str], ...]]:
    """`render_sections` and `render_cover` of the variant, in a bounded worker process (unless `bounded` is
    false, or the platform cannot fork): the rendered sections, and the cover's lines."""
    sections, fields = donor.sections, donor.cover_fields
    count = len(sections)

    def prepare():
        found = Diagnostics()
        renderer = SectionRenderer(ws, donor, found)
        cover: list[CoverRenderer] = []
        reported = 0
        compiled = set(COMPILED.store)

        def step(index: int) -> tuple[Any, list, tuple[str, ...], dict[str, bytes]]:
            nonlocal reported
            if index < count:
                value: Any = _portable(renderer.render(sections[index], found, None))
            else:
                if not cover:
                    cover.append(CoverRenderer(ws, donor))
                value = cover[0].render(fields[index - count], found)
            new, reported = found.items[reported:], len(found.items)
            return value, new, tuple(sorted(renderer.fallbacks)), COMPILED.added_since(compiled)

        return step

    results = run_steps(prepare, count + len(fields), render_bounds(), fork=bounded)
    files = SourceFiles(ws.root, variant_evidence(ws, donor)[0])
    rendered: list[RenderedSection] = []
    fallbacks: set[str] = set()
    for index, section in enumerate(sections):
        result = results[index]
        if isinstance(result, Stopped):
            template = section_template(ws, donor, section)
            code, why = _stopped(result)
            diags.error(Position(template), code, f"section '{section.id}' was stopped: its template {why}")
            continue
        value, found, used, code = result
        COMPILED.remember(code)
        diags.extend(Diagnostics(list(found)))
        fallbacks.update(used)
        if value is not None:
            rendered.append(_restored(value, files))
    fallback_warnings(ws, donor, fallbacks, diags)
    lines = []
    for item, result in zip(fields, results[count:], strict=True):
        if isinstance(result, Stopped):
            code, why = _stopped(result)
            diags.error(item.position, code, f"cover field '{item.label}' was stopped: its value {why}")
            continue
        value, found, _, code = result
        COMPILED.remember(code)
        diags.extend(Diagnostics(list(found)))
        if value is not None:
            lines.append(value)
    return rendered, tuple(lines)


def _stopped(stop: Stopped) -> tuple[str, str]:
    if stop.reason == "time":
        return "template.too-slow", f"{stop.detail} and was killed"
    return "template.too-large", f"needs more memory than a section may use: {stop.detail}"


def _portable(section: RenderedSection | None) -> RenderedSection | None:
    """The section as it crosses to the parent: its source map's chunks as tuples, each template path once
    (the map itself refers to every evidence item, which the parent has already)."""
    if section is None:
        return None
    chunks, template = section.sources
    paths: dict[str, str] = {}
    rows = [(c.start, paths.setdefault(c.template, c.template), c.line, c.literal) for c in chunks]
    return replace(section, sources=(rows, template))


def _restored(section: RenderedSection, files: SourceFiles) -> RenderedSection:
    rows, template = section.sources
    chunks = [Chunk(start, path, line, literal) for start, path, line, literal in rows]
    return replace(section, sources=SourceMap(section.markdown, chunks, template, files))
