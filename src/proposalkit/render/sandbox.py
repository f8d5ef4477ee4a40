"""The Jinja2 environment: sandboxed, immutable, strict about undefined names, loading from templates/ only,
and bounded (see `limits`) in the time a section may take and the text it may build.

Jinja's sandbox refuses internal attributes (`__class__`, `__globals__`, `_private`, ...) and changes to
lists and dicts, but limits neither time nor memory, and it lets templates call any public method of the
objects they are given. This environment adds:

- tables (pandas DataFrames and what comes out of them, numpy arrays) expose only a fixed list of
  read-only attributes: no `to_csv(path)`, `eval`, `query`, `apply`, `agg` or `pipe`, no `inplace=True`;
- a loader that opens a template only when its real path (symlinks followed) is inside the real
  templates/ folder;
- the limits of `limits.RenderLimits` on every section.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, FileSystemLoader, StrictUndefined, TemplateNotFound, pass_eval_context
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..base.dates import long_date
from ..base.inputs import InputRefused, read_input
from ..base.paths import resolves_inside
from .filters import convert_amount, format_number, make_money, md_table
from .limits import (
    bounded_lipsum,
    bounded_range,
    check_binop,
    check_call,
    check_format,
    guard_filter,
    guard_tree,
    is_data_object,
    loop_guard,
    size_guard,
    sized,
    tick,
)
from .recorder import TracedTemplate


class TemplateOutside(SecurityError):
    """A template (or an include) resolves, through `..`, an absolute path or a symlink, outside templates/."""

    code = "template.outside"


class TemplateInputRefused(TemplateOutside):
    """A template that is not a regular file of bounded size (base/inputs.py); reported as one outside is."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


# -- tables: the attributes a template may use on pandas and numpy objects ---------------------------------

_DATA_ATTRIBUTES = frozenset(
    """
    T at iat loc iloc columns index shape size ndim empty dtype dtypes name names values
    head tail to_dict to_list tolist item items iterrows itertuples keys get
    sum min max mean median mode count cumsum abs round std var prod quantile
    sort_values sort_index unique nunique value_counts groupby get_group groups ngroups first last
    fillna dropna reset_index set_index rename astype drop drop_duplicates duplicated
    isna notna isnull notnull any all idxmax idxmin nlargest nsmallest isin between clip diff pct_change
    str dt upper lower title capitalize strip lstrip rstrip contains startswith endswith len
    year month day hour minute quarter strftime date isoformat
""".split()
)


def _is_label(obj: Any, attr: str, value: Any) -> bool:
    """`attr` names a column (`table.amount`), a row's field (`row.activity`) or a tuple's field, not a method."""
    if callable(value):
        return False
    if isinstance(obj, tuple):
        return attr in getattr(type(obj), "_fields", ())
    for labels in (getattr(obj, "columns", None), getattr(obj, "index", None)):
        try:
            if labels is not None and attr in labels:
                return True
        except TypeError:
            continue
    return False


# -- templates/ and nothing else --------------------------------------------------------------------------


class ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that opens a template only when its real path is inside the real templates/ folder.

    FileSystemLoader already refuses `..` segments, and treats an absolute name as relative to its folder,
    but follows symlinks wherever they point. A symlink from one template to another is fine.
    """

    def __init__(self, folder: Path):
        super().__init__(str(folder), encoding="utf-8", followlinks=False)
        self.real_root = folder

    def get_source(self, environment, template: str):
        filename = os.path.normpath(os.path.join(self.searchpath[0], *split_template_path(template)))
        if not resolves_inside(filename, self.real_root):
            raise TemplateOutside(
                f"template '{template}' resolves outside templates/; "
                "a template may only include, import or extend files inside templates/"
            )
        if not os.path.lexists(filename):
            raise TemplateNotFound(template)
        try:  # a regular file of bounded size, read without blocking (base/inputs.py)
            source = read_input(filename, self.real_root).decode("utf-8")
        except InputRefused as exc:
            raise TemplateInputRefused(f"template '{template}': {exc}", exc.code) from None
        return source, filename, lambda: True


# -- the environment --------------------------------------------------------------------------------------


@pass_eval_context
def _as_printed(_context, value: Any) -> Any:
    """Every printed value as it is. Being an environment function, it keeps Jinja from folding constant
    expressions (`{{ 'x' }}`) into the literal text beside them, so literal output is always the template's
    own text and the source map can find it there."""
    return value


class ProposalSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with tables read-only and every section's time and size bounded."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def _parse(self, source, name, filename):
        """The parsed template with every loop counted and every assigned or concatenated value size-checked."""
        tree = super()._parse(source, name, filename)
        guard_tree(tree)
        return tree

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return not is_data_object(obj) or attr in _DATA_ATTRIBUTES or _is_label(obj, attr, value)

    def getattr(self, obj: Any, attribute: str):
        tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any):
        tick()
        return super().getitem(obj, argument)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        tick()
        check_binop(operator, left, right)
        return sized(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        template, is_map = value.__self__, value.__name__ == "format_map"

        def checked(*args, **kwargs):
            if is_map and len(args) == 1 and isinstance(args[0], dict):
                check_format(template, (), args[0])
            else:
                check_format(template, args, kwargs)
            return sized(wrapper(*args, **kwargs), "the formatted text")

        return checked

    def call(__self, __context, __obj, *args, **kwargs):
        tick()
        check_call(__obj, args, kwargs)
        return sized(super().call(__context, __obj, *args, **kwargs), "the result of a call")


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the life of the process, shared by every variant's environment.

    Jinja checks each entry against a checksum of the template's source, so an edited template is compiled
    again; `watch` rebuilds and the variants of one build then compile each template once.
    """

    LIMIT = 1024

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        if len(self.store) >= self.LIMIT:
            self.store.clear()
        self.store[bucket.key] = bucket.bytecode_to_string()

    def added_since(self, known: set[str]) -> dict[str, bytes]:
        """The entries whose keys are not in `known`, which is updated with them."""
        added = {key: code for key, code in self.store.items() if key not in known}
        known.update(added)
        return added

    def remember(self, entries: dict[str, bytes]) -> None:
        """Keep entries compiled elsewhere (in the render worker), so later variants and rebuilds reuse them."""
        for key, code in entries.items():
            if key not in self.store:
                if len(self.store) >= self.LIMIT:
                    self.store.clear()
                self.store[key] = code


COMPILED = _CompiledTemplates()


def make_environment(
    templates_dir: Path,
    currency: str,
    donor_currency: str | None = None,
    rate: float = 1.0,
    dated_rate: Callable[[dt.date], float | None] | None = None,
) -> ProposalSandbox:
    """A sandboxed environment whose loader cannot reach outside `templates_dir`."""
    env = ProposalSandbox(
        loader=ConfinedLoader(templates_dir),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=COMPILED,
        finalize=_as_printed,
    )
    env.template_class = TracedTemplate  # reports each render's generators to the render's source-map recorder
    converting = donor_currency not in (None, currency)

    def table(data, *args, **kwargs):
        if converting:
            kwargs.setdefault("convert", lambda value: convert_amount(value, rate))
        return md_table(data, *args, **kwargs)

    env.filters.update(
        md_table=table,
        number=format_number,
        money=make_money(currency, donor_currency, rate, dated_rate),
        longdate=long_date,
    )
    for name, func in list(env.filters.items()):
        env.filters[name] = guard_filter(name, func)
    env.filters["_loop_guard"] = loop_guard
    env.filters["_size_guard"] = size_guard
    env.globals["range"] = bounded_range
    env.globals["lipsum"] = bounded_lipsum
    return env
