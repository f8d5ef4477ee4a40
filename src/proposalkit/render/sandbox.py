"""The Jinja2 environment: sandboxed, immutable, strict about undefined names, loading from templates/."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .filters import convert_amount, format_number, long_date, make_money, md_table


def make_environment(templates_dir: Path, currency: str, donor_currency: str | None = None,
                     rate: float = 1.0) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment whose loader cannot reach outside `templates_dir`."""
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir), encoding="utf-8"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    converting = donor_currency not in (None, currency)

    def table(data, *args, **kwargs):
        if converting:
            kwargs.setdefault("convert", lambda value: convert_amount(value, rate))
        return md_table(data, *args, **kwargs)

    env.filters.update(
        md_table=table,
        number=format_number,
        money=make_money(currency, donor_currency, rate),
        longdate=long_date,
    )
    return env
