"""The bounds on one section's rendering: steps, time, and the size of every text, list and number a
template builds, checked before anything is allocated where the size can be known in advance.

`RenderLimits` sets them; `render_limited` renders a template within them (recording, when asked, where
each piece of output came from). Every loop iteration, call and attribute lookup is a step, and the clock
is read every 1,024 steps; `*`, `**`, `%` and `+`, width-taking string methods and filters are checked
before they run, so `'a' * 10**9` is refused before anything is allocated.
"""

from __future__ import annotations

import contextvars
import re
import string
import time
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.utils import generate_lorem_ipsum

from .recorder import Recorder, recording, stop_recording


@dataclass(frozen=True)
class RenderLimits:
    """What one section's rendering may use. Real sections use a small fraction of each."""

    max_chars: int = 20_000_000  # characters of a section, and of any string or list a template builds
    max_steps: int = 20_000_000  # loop iterations + calls + attribute lookups
    max_seconds: float = 30.0  # wall-clock time
    max_int_bits: int = 100_000  # an integer a template computes (about 30,000 digits)


DEFAULT_LIMITS = RenderLimits()


class TemplateLimit(SecurityError):
    """A template went past one of the render limits; `code` is its diagnostic code."""

    code = "template.limit"


class TemplateTooLong(TemplateLimit):
    code = "template.too-long"


class TemplateTooSlow(TemplateLimit):
    code = "template.too-slow"


class Budget:
    """The steps and time left to the section being rendered."""

    __slots__ = ("deadline", "limits", "steps")

    def __init__(self, limits: RenderLimits):
        self.limits = limits
        self.steps = 0
        self.deadline = time.monotonic() + limits.max_seconds

    def tick(self) -> None:
        self.steps += 1
        if self.steps & 1023 == 0:
            if self.steps > self.limits.max_steps:
                raise TemplateTooSlow(
                    f"the template runs more than {self.limits.max_steps:,} steps (loop "
                    "iterations, calls and lookups); simplify its loops"
                )
            if time.monotonic() > self.deadline:
                raise TemplateTooSlow(
                    f"the template ran for more than {self.limits.max_seconds:g} seconds; simplify its loops"
                )


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("proposalkit_render_budget", default=None)


def current_limits() -> RenderLimits:
    budget = _BUDGET.get()
    return budget.limits if budget is not None else DEFAULT_LIMITS


def tick() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


def too_long(what: str, size: int) -> TemplateTooLong:
    return TemplateTooLong(
        f"{what} would hold {size:,} characters or items, over the limit of {current_limits().max_chars:,}"
    )


def sized(value: Any, what: str = "a value the template builds") -> Any:
    """`value` unchanged, after checking it is within the size limits."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        if len(value) > current_limits().max_chars:
            raise too_long(what, len(value))
    elif type(value) is int and value.bit_length() > current_limits().max_int_bits:
        raise TemplateTooLong(
            f"{what} is a number of {value.bit_length():,} bits, over the limit of {current_limits().max_int_bits:,}"
        )
    return value


def check_width(width: Any, what: str) -> None:
    if isinstance(width, int) and width > current_limits().max_chars:
        raise TemplateTooLong(f"{what} of {width:,} is over the limit of {current_limits().max_chars:,} characters")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\d+|\*)?(?:\.(\d+|\*))?")
_NUMBERS = re.compile(r"\d+")


def check_percent(template: str, args: Any) -> None:
    """`template % args` would not build a string past the limit through a width or precision."""
    for match in _PERCENT_SPEC.finditer(template):
        for group in match.groups():
            if group and group != "*":
                check_width(int(group), "a '%' format width")
    values = args if isinstance(args, tuple) else (args,)
    if "*" in template:
        for value in values:
            check_width(value, "a '%' format width")


def check_format(template: str, args: tuple, kwargs: dict) -> None:
    """`template.format(...)` would not build a string past the limit through a width or precision."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return  # str.format reports the malformed format itself
    for _, _, spec, _ in fields:
        if not spec:
            continue
        for number in _NUMBERS.findall(spec):
            check_width(int(number), "a format width")
        if "{" in spec:
            for value in (*args, *kwargs.values()):
                check_width(value, "a format width")


def check_repeat(sequence: Any, times: Any) -> None:
    if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(times, int):
        _sized_total = len(sequence) * max(times, 0)
        if _sized_total > current_limits().max_chars:
            raise too_long("the repeated value", _sized_total)


def check_binop(operator: str, left: Any, right: Any) -> None:
    limits = current_limits()
    if operator == "*":
        check_repeat(left, right)
        check_repeat(right, left)
        if type(left) is int and type(right) is int and left.bit_length() + right.bit_length() > limits.max_int_bits:
            raise TemplateTooLong(f"the product would exceed {limits.max_int_bits:,} bits")
    elif operator == "**":
        if (
            type(left) is int
            and type(right) is int
            and right > 0
            and abs(left) > 1
            and left.bit_length() * right > limits.max_int_bits
        ):
            raise TemplateTooLong(
                f"the power would have about {left.bit_length() * right:,} bits, over the "
                f"limit of {limits.max_int_bits:,}"
            )
    elif operator == "%" and isinstance(left, str):
        check_percent(left, right)
    elif (
        operator == "+"
        and isinstance(left, (str, list, tuple))
        and isinstance(right, (str, list, tuple))
        and len(left) + len(right) > limits.max_chars
    ):
        raise too_long("the joined value", len(left) + len(right))


_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def check_call(obj: Any, args: tuple, kwargs: dict) -> None:
    """Refuse, before running it, a string method call whose arguments ask for a huge result."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        if name in _WIDTH_METHODS:
            for value in (*args, *kwargs.values()):
                check_width(value, f"the result of '{name}'")
        elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
            check_replace(owner, args[0], args[1], args[2] if len(args) > 2 else -1)
    elif is_data_object(owner) and kwargs.get("inplace"):
        raise SecurityError(f"'{name}(inplace=True)' would change a table that other sections read")


def check_replace(text: str, old: str, new: str, count: Any) -> None:
    if len(new) <= len(old):
        return
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    size = len(text) + found * (len(new) - len(old))
    if size > current_limits().max_chars:
        raise too_long("the replaced text", size)


def is_data_object(obj: Any) -> bool:
    module = type(obj).__module__ or ""
    return module.startswith(("pandas", "numpy"))


def guard_filter(name: str, func):
    """`func` wrapped to count a step, refuse huge widths before running and check the result's size."""
    width_filters = {"center", "indent", "batch", "slice", "wordwrap", "truncate"}
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # the environment or context

    def guarded(*call_args, **kwargs):
        tick()
        args = call_args[skip:]
        if name in width_filters:
            for value in (*args[1:], *kwargs.values()):
                check_width(value, f"the '{name}' filter's argument")
            if name == "indent" and args and isinstance(args[0], str):
                width = args[1] if len(args) > 1 else kwargs.get("width", 4)
                if isinstance(width, int):
                    check_width(len(args[0]) + width * (args[0].count("\n") + 1), "indented text of a length")
        elif name == "format" and args and isinstance(args[0], str):
            check_percent(args[0], tuple(args[1:]) or tuple(kwargs.values()))
        elif name == "replace" and len(args) >= 3 and all(isinstance(a, str) for a in args[:3]):
            check_replace(args[0], args[1], args[2], args[3] if len(args) > 3 else kwargs.get("count", -1))
        return sized(func(*call_args, **kwargs), f"the result of the '{name}' filter")

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(func, attribute):
            setattr(guarded, attribute, getattr(func, attribute))
    return guarded


def loop_guard(iterable):
    """Every item of a `{% for %}` loop, one step each."""
    budget = _BUDGET.get()
    if budget is None:
        yield from iterable
        return
    for item in iterable:
        budget.tick()
        yield item


def size_guard(value):
    return sized(value)


def bounded_range(*args):
    tick()
    size = len(range(*args))
    if size > current_limits().max_chars // 50:
        raise TemplateTooLong(f"range of {size:,} numbers is over the limit of {current_limits().max_chars // 50:,}")
    return range(*args)


def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    check_width(n * max * 12, "placeholder text (lipsum) of an estimated length")
    return sized(generate_lorem_ipsum(n, html, min, max))


def guard(node: nodes.Node, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


def guard_tree(node: nodes.Node) -> None:
    """In one walk: loops counted, concatenations and assigned values (`set`, `set ... endset`) size-checked."""
    for field in node.fields:
        child = getattr(node, field, None)
        if isinstance(child, nodes.Node):
            guard_tree(child)
            if isinstance(child, nodes.Concat):
                setattr(node, field, guard(child, "_size_guard"))
        elif isinstance(child, list):
            for i, item in enumerate(child):
                if isinstance(item, nodes.Node):
                    guard_tree(item)
                    if isinstance(item, nodes.Concat):
                        child[i] = guard(item, "_size_guard")
    if isinstance(node, nodes.For):
        node.iter = guard(node.iter, "_loop_guard")
    elif isinstance(node, nodes.Assign):
        node.node = guard(node.node, "_size_guard")
    elif isinstance(node, nodes.AssignBlock):
        size = nodes.Filter(node.filter, "_size_guard", [], [], None, None, lineno=node.lineno)
        node.filter = size


def render_limited(
    template, variables: dict, limits: RenderLimits = DEFAULT_LIMITS, recorder: Recorder | None = None
) -> str:
    """`template` rendered with `variables` within `limits`; raises (with Jinja's template-line traceback).

    With a `recorder`, each piece of output is recorded with where it came from, and the text returned is
    what the recorder keeps of it (no characters Word cannot hold, no leading byte order mark).
    """
    budget = Budget(limits)
    token = _BUDGET.set(budget)
    traced = recording(recorder)
    try:
        generator = template.root_render_func(template.new_context(variables))
        parts: list[str] = []
        size = 0
        try:
            for chunk in generator:
                size += len(chunk)
                if size > limits.max_chars:
                    generator.throw(
                        TemplateTooLong(f"the section's text is over the limit of {limits.max_chars:,} characters")
                    )
                parts.append(recorder.add(chunk) if recorder is not None else chunk)
                budget.tick()
        except Exception:
            template.environment.handle_exception()
        return "".join(parts)
    finally:
        stop_recording(traced)
        _BUDGET.reset(token)
