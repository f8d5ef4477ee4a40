"""The Jinja2 environment: sandboxed, immutable, strict about undefined names, loading from templates/ only,
and bounded in the time a section may take and the text it may build.

Jinja's sandbox refuses internal attributes (`__class__`, `__globals__`, `_private`, ...) and changes to
lists and dicts, but limits neither time nor memory, and it lets templates call any public method of the
objects they are given. This environment adds:

- tables (pandas DataFrames and what comes out of them, numpy arrays) expose only a fixed list of
  read-only attributes: no `to_csv(path)`, `eval`, `query`, `apply`, `agg` or `pipe`, no `inplace=True`;
- a loader that opens a template only when its real path (symlinks followed) is inside the real
  templates/ folder;
- limits per rendered section (`RenderLimits`): every loop iteration, call and attribute lookup is a step,
  and the clock is read every 1,024 steps; `*`, `**`, `%` and `+`, width-taking string methods and
  filters are checked before they run, so `'a' * 10**9` is refused before anything is allocated.
"""

from __future__ import annotations

import contextvars
import re
import string
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, FileSystemLoader, StrictUndefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

from ..base.dates import long_date
from ..base.paths import resolves_inside
from .filters import convert_amount, format_number, make_money, md_table


@dataclass(frozen=True)
class RenderLimits:
    """What one section's rendering may use. Real sections use a small fraction of each."""

    max_chars: int = 20_000_000       # characters of a section, and of any string or list a template builds
    max_steps: int = 20_000_000       # loop iterations + calls + attribute lookups
    max_seconds: float = 30.0         # wall-clock time
    max_int_bits: int = 100_000       # an integer a template computes (about 30,000 digits)


DEFAULT_LIMITS = RenderLimits()


class TemplateLimit(SecurityError):
    """A template went past one of the render limits; `code` is its diagnostic code."""

    code = "template.limit"


class TemplateTooLong(TemplateLimit):
    code = "template.too-long"


class TemplateTooSlow(TemplateLimit):
    code = "template.too-slow"


class TemplateOutside(SecurityError):
    """A template (or an include) resolves, through `..`, an absolute path or a symlink, outside templates/."""

    code = "template.outside"


class Budget:
    """The steps and time left to the section being rendered."""

    __slots__ = ("limits", "steps", "deadline")

    def __init__(self, limits: RenderLimits):
        self.limits = limits
        self.steps = 0
        self.deadline = time.monotonic() + limits.max_seconds

    def tick(self) -> None:
        self.steps += 1
        if self.steps & 1023 == 0:
            if self.steps > self.limits.max_steps:
                raise TemplateTooSlow(f"the template runs more than {self.limits.max_steps:,} steps (loop "
                                      "iterations, calls and lookups); simplify its loops")
            if time.monotonic() > self.deadline:
                raise TemplateTooSlow(f"the template ran for more than {self.limits.max_seconds:g} seconds; "
                                      "simplify its loops")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("proposalkit_render_budget", default=None)


def _limits() -> RenderLimits:
    budget = _BUDGET.get()
    return budget.limits if budget is not None else DEFAULT_LIMITS


def _tick() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


def _too_long(what: str, size: int) -> TemplateTooLong:
    return TemplateTooLong(f"{what} would hold {size:,} characters or items, over the limit of "
                           f"{_limits().max_chars:,}")


def _sized(value: Any, what: str = "a value the template builds") -> Any:
    """`value` unchanged, after checking it is within the size limits."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        if len(value) > _limits().max_chars:
            raise _too_long(what, len(value))
    elif type(value) is int and value.bit_length() > _limits().max_int_bits:
        raise TemplateTooLong(f"{what} is a number of {value.bit_length():,} bits, over the limit of "
                              f"{_limits().max_int_bits:,}")
    return value


def _check_width(width: Any, what: str) -> None:
    if isinstance(width, int) and width > _limits().max_chars:
        raise TemplateTooLong(f"{what} of {width:,} is over the limit of {_limits().max_chars:,} characters")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\d+|\*)?(?:\.(\d+|\*))?")
_NUMBERS = re.compile(r"\d+")


def _check_percent(template: str, args: Any) -> None:
    """`template % args` would not build a string past the limit through a width or precision."""
    for match in _PERCENT_SPEC.finditer(template):
        for group in match.groups():
            if group and group != "*":
                _check_width(int(group), "a '%' format width")
    values = args if isinstance(args, tuple) else (args,)
    if "*" in template:
        for value in values:
            _check_width(value, "a '%' format width")


def _check_format(template: str, args: tuple, kwargs: dict) -> None:
    """`template.format(...)` would not build a string past the limit through a width or precision."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return  # str.format reports the malformed format itself
    for _, _, spec, _ in fields:
        if not spec:
            continue
        for number in _NUMBERS.findall(spec):
            _check_width(int(number), "a format width")
        if "{" in spec:
            for value in (*args, *kwargs.values()):
                _check_width(value, "a format width")


def _check_repeat(sequence: Any, times: Any) -> None:
    if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(times, int):
        _sized_total = len(sequence) * max(times, 0)
        if _sized_total > _limits().max_chars:
            raise _too_long("the repeated value", _sized_total)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    limits = _limits()
    if operator == "*":
        _check_repeat(left, right)
        _check_repeat(right, left)
        if type(left) is int and type(right) is int and left.bit_length() + right.bit_length() > limits.max_int_bits:
            raise TemplateTooLong(f"the product would exceed {limits.max_int_bits:,} bits")
    elif operator == "**":
        if type(left) is int and type(right) is int and right > 0 and abs(left) > 1:
            if left.bit_length() * right > limits.max_int_bits:
                raise TemplateTooLong(f"the power would have about {left.bit_length() * right:,} bits, over the "
                                      f"limit of {limits.max_int_bits:,}")
    elif operator == "%" and isinstance(left, str):
        _check_percent(left, right)
    elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        if len(left) + len(right) > limits.max_chars:
            raise _too_long("the joined value", len(left) + len(right))


_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _check_call(obj: Any, args: tuple, kwargs: dict) -> None:
    """Refuse, before running it, a string method call whose arguments ask for a huge result."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        if name in _WIDTH_METHODS:
            for value in (*args, *kwargs.values()):
                _check_width(value, f"the result of '{name}'")
        elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
            _check_replace(owner, args[0], args[1], args[2] if len(args) > 2 else -1)
    elif _is_data_object(owner) and kwargs.get("inplace"):
        raise SecurityError(f"'{name}(inplace=True)' would change a table that other sections read")


def _check_replace(text: str, old: str, new: str, count: Any) -> None:
    if len(new) <= len(old):
        return
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    size = len(text) + found * (len(new) - len(old))
    if size > _limits().max_chars:
        raise _too_long("the replaced text", size)


# -- tables: the attributes a template may use on pandas and numpy objects ---------------------------------

_DATA_ATTRIBUTES = frozenset("""
    T at iat loc iloc columns index shape size ndim empty dtype dtypes name names values
    head tail to_dict to_list tolist item items iterrows itertuples keys get
    sum min max mean median mode count cumsum abs round std var prod quantile
    sort_values sort_index unique nunique value_counts groupby get_group groups ngroups first last
    fillna dropna reset_index set_index rename astype drop drop_duplicates duplicated
    isna notna isnull notnull any all idxmax idxmin nlargest nsmallest isin between clip diff pct_change
    str dt upper lower title capitalize strip lstrip rstrip contains startswith endswith len
    year month day hour minute quarter strftime date isoformat
""".split())


def _is_data_object(obj: Any) -> bool:
    module = type(obj).__module__ or ""
    return module.startswith(("pandas", "numpy"))


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
        source, filename, uptodate = super().get_source(environment, template)
        if not resolves_inside(filename, self.real_root):
            raise TemplateOutside(f"template '{template}' resolves outside templates/; "
                                  "a template may only include, import or extend files inside templates/")
        return source, filename, uptodate


# -- the environment --------------------------------------------------------------------------------------


def _guard_filter(name: str, func):
    """`func` wrapped to count a step, refuse huge widths before running and check the result's size."""
    width_filters = {"center", "indent", "batch", "slice", "wordwrap", "truncate"}
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # the environment or context

    def guarded(*call_args, **kwargs):
        _tick()
        args = call_args[skip:]
        if name in width_filters:
            for value in (*args[1:], *kwargs.values()):
                _check_width(value, f"the '{name}' filter's argument")
            if name == "indent" and args and isinstance(args[0], str):
                width = args[1] if len(args) > 1 else kwargs.get("width", 4)
                if isinstance(width, int):
                    _check_width(len(args[0]) + width * (args[0].count("\n") + 1), "indented text of a length")
        elif name == "format" and args and isinstance(args[0], str):
            _check_percent(args[0], tuple(args[1:]) or tuple(kwargs.values()))
        elif name == "replace" and len(args) >= 3 and all(isinstance(a, str) for a in args[:3]):
            _check_replace(args[0], args[1], args[2], args[3] if len(args) > 3 else kwargs.get("count", -1))
        return _sized(func(*call_args, **kwargs), f"the result of the '{name}' filter")

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(func, attribute):
            setattr(guarded, attribute, getattr(func, attribute))
    return guarded


def _loop_guard(iterable):
    """Every item of a `{% for %}` loop, one step each."""
    budget = _BUDGET.get()
    if budget is None:
        yield from iterable
        return
    for item in iterable:
        budget.tick()
        yield item


def _size_guard(value):
    return _sized(value)


def _range(*args):
    _tick()
    size = len(range(*args))
    if size > _limits().max_chars // 50:
        raise TemplateTooLong(f"range of {size:,} numbers is over the limit of {_limits().max_chars // 50:,}")
    return range(*args)


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    _check_width(n * max * 12, "placeholder text (lipsum) of an estimated length")
    return _sized(generate_lorem_ipsum(n, html, min, max))


class ProposalSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with tables read-only and every section's time and size bounded."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def _parse(self, source, name, filename):
        """The parsed template with every loop counted and every assigned or concatenated value size-checked."""
        tree = super()._parse(source, name, filename)
        _guard_tree(tree)
        return tree

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return not _is_data_object(obj) or attr in _DATA_ATTRIBUTES or _is_label(obj, attr, value)

    def getattr(self, obj: Any, attribute: str):
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any):
        _tick()
        return super().getitem(obj, argument)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        _check_binop(operator, left, right)
        return _sized(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        template, is_map = value.__self__, value.__name__ == "format_map"

        def checked(*args, **kwargs):
            if is_map and len(args) == 1 and isinstance(args[0], dict):
                _check_format(template, (), args[0])
            else:
                _check_format(template, args, kwargs)
            return _sized(wrapper(*args, **kwargs), "the formatted text")

        return checked

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805  (Jinja's own signature)
        _tick()
        _check_call(__obj, args, kwargs)
        return _sized(super().call(__context, __obj, *args, **kwargs), "the result of a call")


def _guard(node: nodes.Node, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


def _guard_tree(node: nodes.Node) -> None:
    """In one walk: loops counted, concatenations and assigned values (`set`, `set ... endset`) size-checked."""
    for field in node.fields:
        child = getattr(node, field, None)
        if isinstance(child, nodes.Node):
            _guard_tree(child)
            if isinstance(child, nodes.Concat):
                setattr(node, field, _guard(child, "_size_guard"))
        elif isinstance(child, list):
            for i, item in enumerate(child):
                if isinstance(item, nodes.Node):
                    _guard_tree(item)
                    if isinstance(item, nodes.Concat):
                        child[i] = _guard(item, "_size_guard")
    if isinstance(node, nodes.For):
        node.iter = _guard(node.iter, "_loop_guard")
    elif isinstance(node, nodes.Assign):
        node.node = _guard(node.node, "_size_guard")
    elif isinstance(node, nodes.AssignBlock):
        size = nodes.Filter(node.filter, "_size_guard", [], [], None, None, lineno=node.lineno)
        node.filter = size


def render_limited(template, variables: dict, limits: RenderLimits = DEFAULT_LIMITS) -> str:
    """`template` rendered with `variables` within `limits`; raises (with Jinja's template-line traceback)."""
    budget = Budget(limits)
    token = _BUDGET.set(budget)
    try:
        generator = template.root_render_func(template.new_context(variables))
        parts: list[str] = []
        size = 0
        try:
            for chunk in generator:
                size += len(chunk)
                if size > limits.max_chars:
                    generator.throw(TemplateTooLong(f"the section's text is over the limit of "
                                                    f"{limits.max_chars:,} characters"))
                parts.append(chunk)
                budget.tick()
        except Exception:
            template.environment.handle_exception()
        return "".join(parts)
    finally:
        _BUDGET.reset(token)


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


_COMPILED = _CompiledTemplates()


def make_environment(templates_dir: Path, currency: str, donor_currency: str | None = None,
                     rate: float = 1.0) -> ProposalSandbox:
    """A sandboxed environment whose loader cannot reach outside `templates_dir`."""
    env = ProposalSandbox(
        loader=ConfinedLoader(templates_dir),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_COMPILED,
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
    for name, func in list(env.filters.items()):
        env.filters[name] = _guard_filter(name, func)
    env.filters["_loop_guard"] = _loop_guard
    env.filters["_size_guard"] = _size_guard
    env.globals["range"] = _range
    env.globals["lipsum"] = _lipsum
    return env
