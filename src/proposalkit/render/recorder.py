"""The source map of a section as it renders: each piece of output Jinja yields, recorded with the template
and line that yielded it and whether it is the template's literal text.

Jinja runs a template as a generator. While one runs, `TracedTemplate` keeps the generators of the
templates being rendered (the section's, and any it includes) on a stack; when a piece of output
arrives, the innermost suspended generator is the one that yielded it: its frame gives the template
and, through the template's debug information, the line. A piece is literal text when it is one of the
string constants of that generator's code.
"""

from __future__ import annotations

import contextvars
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Template

from ..base.paths import template_file
from ..base.sourcemap import Chunk, SourceFiles, SourceMap
from ..base.text import CONTROL_CHARACTERS

_RECORDER: contextvars.ContextVar[Recorder | None] = contextvars.ContextVar("proposalkit_recorder", default=None)


class Recorder:
    """Collects the chunks of one section's output; `add` returns the text kept (without characters Word
    cannot hold, nor a leading byte order mark)."""

    def __init__(self, template: str):
        self.template = template  # workspace-relative path of the section's template
        self.stack: list[Any] = []  # generators of the templates being rendered, innermost last
        self.chunks: list[Chunk] = []
        self.kept = 0  # characters kept so far
        self.raw = 0  # characters yielded so far
        self._lines: dict[int, tuple[list[int], list[int]]] = {}  # id(template) -> (code lines, template lines)
        self._constants: dict[int, frozenset[int]] = {}  # id(code) -> ids of its string constants

    def add(self, chunk: str) -> str:
        kept = CONTROL_CHARACTERS.sub("", chunk) if CONTROL_CHARACTERS.search(chunk) else chunk
        if self.raw == 0 and kept.startswith("\ufeff"):
            kept = kept[1:]
        self.raw += len(chunk)
        if kept:
            self.chunks.append(self._chunk(chunk))
            self.kept += len(kept)
        return kept

    def _chunk(self, chunk: str) -> Chunk:
        if not self.stack:
            return Chunk(self.kept, self.template, 1, False)
        generator = self.stack[-1]
        while getattr(generator.gi_yieldfrom, "gi_frame", None) is not None:
            generator = generator.gi_yieldfrom  # a block of the template, rendered with `yield from`
        frame = generator.gi_frame
        template = frame.f_globals.get("__jinja_template__")
        if frame is None or template is None or template.name is None:
            return Chunk(self.kept, self.template, 1, False)
        return Chunk(
            self.kept,
            template_file(template.name),
            self._template_line(template, frame.f_lineno),
            id(chunk) in self._string_constants(frame.f_code),
        )

    def _template_line(self, template: Template, code_line: int) -> int:
        known = self._lines.get(id(template))
        if known is None:
            pairs = sorted((code, line) for line, code in template.debug_info)
            known = self._lines[id(template)] = ([c for c, _ in pairs], [t for _, t in pairs])
        codes, lines = known
        index = bisect_right(codes, code_line) - 1
        return lines[index] if index >= 0 else 1

    def _string_constants(self, code) -> frozenset[int]:
        found = self._constants.get(id(code))
        if found is None:
            found = self._constants[id(code)] = frozenset(id(c) for c in code.co_consts if type(c) is str)
        return found

    def source_map(self, text: str, files: SourceFiles) -> SourceMap:
        return SourceMap(text, self.chunks, self.template, files)


def recording(recorder: Recorder | None):
    """Make `recorder` the one the templates rendered in this context report to; returns the reset token."""
    return _RECORDER.set(recorder)


def stop_recording(token) -> None:
    _RECORDER.reset(token)


class TracedTemplate(Template):
    """A Jinja template whose render function reports its generator to the recorder of the render in hand."""

    @property
    def root_render_func(self) -> Callable[[Any], Iterator[str]]:
        root = self.__dict__["_root_render_func"]

        def traced(context) -> Iterator[str]:
            recorder = _RECORDER.get()
            generator = root(context)
            if recorder is None:
                yield from generator
                return
            recorder.stack.append(generator)
            try:
                yield from generator
            finally:
                recorder.stack.pop()

        return traced

    @root_render_func.setter
    def root_render_func(self, value: Callable[[Any], Iterator[str]]) -> None:
        self.__dict__["_root_render_func"] = value
