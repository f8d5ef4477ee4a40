"""The Jinja2 environment: sandboxed, immutable, strict about undefined names, loading from templates/."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .filters import format_number, long_date, make_money, md_table


def make_environment(templates_dir: Path, currency: str) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment whose loader cannot reach outside `templates_dir`."""
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir), encoding="utf-8"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        md_table=md_table,
        number=format_number,
        money=make_money(currency),
        longdate=long_date,
    )
    return env
