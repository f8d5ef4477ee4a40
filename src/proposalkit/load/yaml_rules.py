"""How proposalkit reads YAML scalars: values as written, only the standard tags, text XML can hold, and
positions counted in lines as editors count them.

PyYAML implements YAML 1.1, whose plain scalars turn into things the author did not write: `1:20` is the
number 80, `017` is 15, `yes` and `off` are booleans, `1_000` is 1000. The loaders here resolve plain
scalars as YAML 1.2's core schema does (numbers written in decimal, `true`/`false`, `null`/`~`/empty),
and keep dates (`2009-06-20`) as dates; anything else is text, exactly as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import yaml

_TAG = "tag:yaml.org,2002:"
_TIMESTAMP = yaml.SafeLoader.yaml_implicit_resolvers["0"][-1]  # PyYAML's own timestamp pattern
assert _TIMESTAMP[0] == _TAG + "timestamp"

_PLAIN = (
    (_TAG + "bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    (_TAG + "int", r"[-+]?(?:0|[1-9][0-9]*)", "-+0123456789"),
    (
        _TAG + "float",
        r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    (_TAG + "merge", r"<<", "<"),
    (_TAG + "null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
)


def _resolvers() -> dict:
    table: dict = {}
    for tag, pattern, firsts in _PLAIN:
        compiled = re.compile(f"^(?:{pattern})$")
        for first in firsts:
            table.setdefault(first, []).append((tag, compiled))
    for first in "0123456789":
        table.setdefault(first, []).append(_TIMESTAMP)
    return table


_RESOLVERS = _resolvers()


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's parser where PyYAML has it) with the scalar rules above."""

    yaml_implicit_resolvers = _RESOLVERS


class PyLoader(yaml.SafeLoader):
    """The pure-Python safe loader with the same rules: its error marks and messages are the more precise."""

    yaml_implicit_resolvers = _RESOLVERS


# Explicit tags a document may use: they only say what a value already is or force text (`!!str 1:20`).
ALLOWED_TAGS = frozenset({"!", _TAG + "str", _TAG + "seq", _TAG + "map"})
_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def shown_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def refused_tags(text: str, loader_class) -> list[tuple[int, str]]:
    """(character index, tag) of each explicit tag `text` uses beyond ALLOWED_TAGS; [] when it cannot parse
    (the syntax error is reported by the reading itself)."""
    if "!" not in text:
        return []
    found = []
    loader = loader_class(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _EVENTS) and event.tag is not None and event.tag not in ALLOWED_TAGS:
                found.append((event.start_mark.index, event.tag))
    except yaml.YAMLError:
        return found
    finally:
        loader.dispose()
    return found


# Characters an XML 1.0 document, and so Word, cannot hold, and that no text field could mean: NUL, lone
# surrogates and U+FFFE/U+FFFF. In a file read as UTF-8 only escapes ("\0", "\ud800") make them. The other C0
# controls ("\a", "\x1e") are removed with a warning where text is read, as when written raw in the file.
NOT_XML = re.compile("[\x00\ud800-\udfff\ufffe\uffff]")


def bad_character(value: str) -> str | None:
    """A plain description of the first character of `value` that XML cannot hold, else None."""
    found = NOT_XML.search(value)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        what = "a lone surrogate"
    elif code == 0:
        what = "a NUL character"
    else:
        what = "a noncharacter"
    return f"U+{code:04X}, {what}"


class Lines:
    """Line and column of a character index, counting only line feeds as line breaks (as editors do: the
    text has its CR LF and CR line ends made LF when it is read), unlike YAML's marks, which also break
    lines at U+0085, U+2028 and U+2029."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, index: int) -> tuple[int, int]:
        """1-based (line, column)."""
        line = bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1
