"""A template's failure in the words of the workspace: what Jinja and Python report as "'pandas.DataFrame
object' has no attribute 'x'" or "ZeroDivisionError: division by zero", said without Python's class or
exception names."""

from __future__ import annotations

import re

# Jinja's undefined messages: "'<type> object' has no attribute 'x'" and "<type> object has no element 3".
_NO_ATTRIBUTE = re.compile(r"'(?:[\w]+\.)*(\w+) object' has no attribute '([^']*)'")
_NO_ELEMENT = re.compile(r"(?:[\w]+\.)*(\w+) object has no element (\S+)")
_QUALIFIED = re.compile(r"'?\b(?:[a-z_][\w]*\.)+([A-Z]\w*) object'?")

_WHAT = {
    "DataFrame": "the table",
    "Series": "the column",
    "dict": "the mapping",
    "list": "the list",
    "tuple": "the list",
    "str": "the text",
    "int": "the number",
    "float": "the number",
    "bool": "the yes/no value",
    "NoneType": "the empty value",
    "date": "the date",
}
_FAILURES = {
    ZeroDivisionError: "division by zero",
    OverflowError: "a number too large to compute",
    RecursionError: "the template calls itself too deeply",
    IndexError: "an index past the end of a list",
}


def _no_attribute(match: re.Match) -> str:
    kind, name = match.group(1), match.group(2)
    if kind == "EvidenceIndex":
        return f"no evidence item '{name}'"
    if kind == "TableAccess":
        return f"no table '{name}' (none was read from evidence/data/{name}.csv)"
    if kind == "DataFrame":
        return f"the table has no column '{name}'"
    return f"{_WHAT.get(kind, 'the value')} has no field '{name}'"


def undefined_message(message: str) -> str:
    """Jinja's message for an undefined name, naming what the template reached for, not a Python type."""
    message = _NO_ATTRIBUTE.sub(_no_attribute, message)
    message = _NO_ELEMENT.sub(lambda m: f"{_WHAT.get(m.group(1), 'the value')} has no item {m.group(2)}", message)
    return _QUALIFIED.sub("a value", message)


def failure_message(exc: BaseException) -> str:
    """What went wrong in a template, without the exception's class name."""
    for kind, text in _FAILURES.items():
        if isinstance(exc, kind):
            return text
    if isinstance(exc, KeyError):
        return f"no key {exc.args[0]!r}" if exc.args else "a key that is not there"
    return _QUALIFIED.sub("a value", str(exc)) or "an operation on a value of the wrong kind"
