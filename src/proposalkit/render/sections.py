"""Each section a donor selects, rendered from its template to Markdown."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from ..base.bounded import memory_bound, release_reserve
from ..base.diagnostics import Diagnostics, did_you_mean
from ..base.model import CoverField, Donor, DonorSection, Position, RenderedSection, Workspace
from ..base.paths import PROPOSAL_FILE, resolves_inside, template_file
from ..base.sourcemap import SourceFiles
from ..base.text import CONTROL_CHARACTERS
from ..load.source import read_text
from .context import (
    TableAccess,
    TranslationMissing,
    base_context,
    translates,
    variant_language,
)
from .limits import TemplateLimit, render_limited
from .logframe import make_logframe
from .messages import failure_message, undefined_message
from .recorder import Recorder
from .sandbox import TemplateOutside, make_environment
from .workplan import make_gantt


def _template_position(exc: BaseException, templates_dir: Path, fallback: Position) -> Position:
    """The innermost template line in the exception's traceback (Jinja rewrites frames to template lines)."""
    found = fallback
    tb = exc.__traceback__
    root = str(templates_dir)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(root):
            rel = Path(filename).relative_to(templates_dir.parent).as_posix()
            found = Position(rel, tb.tb_lineno, 1)
        tb = tb.tb_next
    return found


def _template_hint(name: str, templates_dir: Path) -> str:
    """ " (did you mean 'sections/x.md.j2'?)" for the template whose file name is closest to `name`'s."""
    if not templates_dir.is_dir():
        return ""

    def stem(path: str) -> str:  # the shared folder and .md.j2 ending would make every name look close
        return Path(path).name.split(".")[0]

    names = {stem(p.name): p.relative_to(templates_dir).as_posix() for p in sorted(templates_dir.rglob("*.j2"))}
    hint = did_you_mean(stem(name), names)
    return hint and f" (did you mean '{names[hint.split(chr(39))[1]]}'?)"


def _describe(exc: BaseException, templates_dir: Path | None = None) -> tuple[str, str]:
    if isinstance(exc, UndefinedError):
        return "template.undefined", f"undefined name: {undefined_message(str(exc))}"
    if isinstance(exc, TemplateLimit):
        return exc.code, f"{exc}"
    if isinstance(exc, TranslationMissing):
        return exc.code, str(exc)
    if isinstance(exc, TemplateOutside):
        return exc.code, f"{exc}"
    if isinstance(exc, SecurityError):
        return "template.sandbox", f"not allowed in a template: {exc}"
    if isinstance(exc, MemoryError):
        bound = memory_bound()
        limit = f": an allocation failed at the limit of {bound:,} bytes" if bound else ""
        return "template.too-large", f"the template needs more memory than a section may use{limit}"
    if isinstance(exc, TemplateNotFound):
        hint = _template_hint(str(exc.name), templates_dir) if templates_dir else ""
        return "template.missing", f"included template '{exc.name}' does not exist{hint}"
    return "template.runtime", f"template failed: {failure_message(exc)}"


def variant_environment(ws: Workspace, donor: Donor):
    """The sandbox for one donor's variant: its `money` and `md_table` convert to the donor's currency."""
    rate = donor.exchange_rate.rate if donor.exchange_rate is not None else 1.0
    dated = donor.exchange_rate.on if donor.exchange_rate is not None else None
    return make_environment(ws.templates_dir, ws.proposal.currency, donor.currency, rate, dated)


def _syntax_position(exc: TemplateSyntaxError, ws: Workspace, fallback: str) -> Position:
    """Where a syntax error is: the failing template (an included one, maybe), relative to the workspace."""
    for candidate in (exc.filename, exc.name):
        if not candidate:
            continue
        path = Path(candidate)
        if path.is_absolute():
            if path.is_relative_to(ws.root):
                return Position(path.relative_to(ws.root).as_posix(), exc.lineno or 1)
            continue
        return Position(template_file(path.as_posix()), exc.lineno or 1)
    return Position(fallback, exc.lineno or 1)


def render_cover(ws: Workspace, donor: Donor, diags: Diagnostics) -> tuple[tuple[str, str], ...]:
    """The donor's cover fields with their values rendered as templates in the variant's context."""
    cover = CoverRenderer(ws, donor)
    return tuple(line for item in donor.cover_fields if (line := cover.render(item, diags)) is not None)


class CoverRenderer:
    """What every cover field of one variant is rendered with; `render` renders one."""

    def __init__(self, ws: Workspace, donor: Donor):
        self.env = variant_environment(ws, donor) if donor.cover_fields else None
        self.context = base_context(ws, donor) if donor.cover_fields else {}

    def render(self, item: CoverField, diags: Diagnostics) -> tuple[str, str] | None:
        """The field's label and rendered value; None when its value fails (reported at the donor's line)."""
        assert self.env is not None
        try:
            value = render_limited(
                self.env.from_string(item.value), {**self.context, "section": {"id": "cover", "title": item.label}}
            )
        except TemplateSyntaxError as exc:
            diags.error(
                item.position, "template.syntax", f"cover field '{item.label}': template syntax error: {exc.message}"
            )
            return None
        except Exception as exc:  # the value's own expression failed: report it at the donor file's line
            if isinstance(exc, MemoryError):
                release_reserve()
            code, message = _describe(exc)
            diags.error(item.position, code, f"cover field '{item.label}': {message}")
            return None
        return CONTROL_CHARACTERS.sub("", item.label), " ".join(CONTROL_CHARACTERS.sub("", value).split())


def render_sections(ws: Workspace, donor: Donor, diags: Diagnostics) -> list[RenderedSection]:
    """The donor's sections in its order; a section whose template fails is reported and left out."""
    renderer = SectionRenderer(ws, donor, diags)
    rendered = [r for s in donor.sections if (r := renderer.render(s, diags, renderer.files)) is not None]
    fallback_warnings(ws, donor, renderer.fallbacks, diags)
    return rendered


class SectionRenderer:
    """What every section of one variant is rendered with (one sandbox, one context); `render` renders one.

    `diags` receives what the template functions report while a section renders (a workplan's bad rows)."""

    def __init__(self, ws: Workspace, donor: Donor, diags: Diagnostics):
        self.ws = ws
        self.donor = donor
        self.env = variant_environment(ws, donor)
        self.figures: dict = {}
        self.fallbacks: set[str] = set()
        self.context = base_context(ws, donor, self.fallbacks)
        self.context.update(gantt=make_gantt(self.figures, diags), logframe=make_logframe(donor, self.context["term"]))
        self.spec_positions = {s.id: s.position for s in ws.proposal.sections}
        # Template texts read once for every section's source map; evidence bodies as the variant's language has them.
        self.files = SourceFiles(ws.root, self.context["evidence"].as_written)

    def render(
        self, donor_section: DonorSection, diags: Diagnostics, files: SourceFiles | None
    ) -> RenderedSection | None:
        """The section rendered, or None when it fails (reported); with `files` None, its `sources` are the
        recorder's `(chunks, template)`, for `SourceMap(markdown, chunks, template, files)` to be made elsewhere."""
        ws, env, context = self.ws, self.env, self.context
        section = _in_language(ws, self.donor, donor_section, diags)
        if section is None:
            return None
        rel = template_file(section.template)
        where = self.spec_positions.get(section.id, Position(PROPOSAL_FILE))
        path = ws.templates_dir / section.template
        if not resolves_inside(path, ws.templates_dir):
            diags.error(
                where,
                "template.outside",
                f"template '{section.template}' of section '{section.id}' resolves outside templates/",
            )
            return None
        if not os.path.lexists(path):  # what is there but no file (a FIFO, a folder): read_text says what
            hint = _template_hint(section.template, ws.templates_dir)
            diags.error(
                where, "template.missing", f"template file '{rel}' of section '{section.id}' does not exist{hint}"
            )
            return None
        if read_text(path, rel, diags) is None:
            return None
        try:
            template = env.get_template(Path(section.template).as_posix())
        except TemplateSyntaxError as exc:
            diags.error(_syntax_position(exc, ws, rel), "template.syntax", f"template syntax error: {exc.message}")
            return None
        except TemplateNotFound:
            diags.error(where, "template.missing", f"template '{section.template}' cannot be loaded from templates/")
            return None
        except TemplateOutside as exc:
            diags.error(where, exc.code, str(exc))
            return None
        self.figures.clear()
        tables = TableAccess(ws.tables)
        context["budget"].readers = tables.used  # a section quoting the budget has read its table
        recorder = Recorder(rel)
        try:
            markdown = render_limited(
                template,
                {**context, "tables": tables, "section": {"id": section.id, "title": section.title}},
                recorder=recorder,
            )
        except TemplateSyntaxError as exc:  # raised from an included template
            diags.error(_syntax_position(exc, ws, rel), "template.syntax", f"template syntax error: {exc.message}")
            return None
        except Exception as exc:  # a template's own expression failed: report it where it was written
            if isinstance(exc, MemoryError):  # at the worker's memory bound (`variant`)
                release_reserve()
            code, message = _describe(exc, ws.templates_dir)
            if isinstance(exc, MemoryError):
                message = f"section '{section.id}': {message}"
            diags.error(_template_position(exc, ws.templates_dir, Position(rel)), code, message)
            return None
        # Control characters in the template were reported as it was read, and the recorder left them out,
        # as it did a leading byte order mark.
        if not markdown.strip():
            diags.warning(
                Position(rel), "template.empty", f"section '{section.id}' is empty: its template produced no text"
            )
        return RenderedSection(
            section.id,
            section.title,
            markdown,
            Position(rel),
            section.max_words,
            section.limit_position,
            section.max_pages,
            section.pages_position,
            figures=dict(self.figures),
            tables_used=tuple(sorted(tables.used)),
            sources=recorder.source_map(markdown, files) if files is not None else (recorder.chunks, rel),
        )


def fallback_warnings(ws: Workspace, donor: Donor, fallbacks: set[str], diags: Diagnostics) -> None:
    """A warning at each evidence item the variant printed untranslated, as its profile allows."""
    language = variant_language(ws, donor)
    for item_id in sorted(fallbacks):
        item = ws.evidence[item_id]
        diags.warning(
            item.position,
            "translation.fallback",
            f"evidence '{item_id}' has no {language} translation; the {donor.id} variant prints it untranslated, "
            "as its profile allows (translation_fallback)",
        )


def section_template(ws: Workspace, donor: Donor, section: DonorSection) -> str:
    """The workspace-relative path of the template `section` renders from in the variant's language."""
    chosen = _in_language(ws, donor, section, Diagnostics())
    return template_file((chosen or section).template)


def _in_language(ws: Workspace, donor: Donor, section: DonorSection, diags: Diagnostics) -> DonorSection | None:
    """The section with the template of the variant's language: `NAME.LANG.md.j2` beside `NAME.md.j2` when
    the variant is in another language than the sources; None (reported) when there is none."""
    if not translates(ws, donor):
        return section
    language = variant_language(ws, donor)
    name = section.template
    translated = name[: -len(".md.j2")] + f".{language}.md.j2" if name.endswith(".md.j2") else None
    if translated is not None and (ws.templates_dir / translated).is_file():
        return replace(section, template=translated)
    if donor.translation_fallback:
        diags.warning(
            section.position,
            "translation.fallback",
            f"template '{name}' has no {language} translation; section '{section.id}' is printed untranslated, "
            "as the profile allows (translation_fallback)",
        )
        return section
    diags.error(
        section.position,
        "translation.missing",
        f"template '{name}' of section '{section.id}' has no {language} translation: write "
        f"templates/{translated or name} (proposalkit new translation {name} --lang {language})",
    )
    return None
