"""Source files read as UTF-8 text and YAML documents that remember where each value was written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostics
from ..model import Position

# libyaml's parser, where PyYAML was built with it, is several times faster and keeps the same marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Characters XML 1.0, and so Word, cannot hold: C0 controls other than tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of the character at `index` in `text`."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def without_control_characters(text: str, position, diags: Diagnostics, what: str = "") -> str:
    """`text` without characters Word cannot hold, after one warning at the first (`position(index)`)."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return text
    count = len(CONTROL_CHARACTERS.findall(text))
    plural = "s" if count > 1 else ""
    diags.warning(position(found.start()), "text.control-character",
                  f"{what}{count} control character{plural} (first U+{ord(found.group()):04X}) removed: "
                  "Word documents cannot hold them")
    return CONTROL_CHARACTERS.sub("", text)


def read_text(path: Path, rel: str, diags: Diagnostics) -> str | None:
    """The file's text, or None after recording why it could not be read as UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.error(Position(rel), "io.unreadable", f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            diags.error(Position(rel), "io.encoding", "file is UTF-16 text, not UTF-8; save it as UTF-8")
            return None
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.error(
            Position(rel, line, column),
            "io.encoding",
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    return without_control_characters(text, lambda index: Position(rel, *line_column(text, index)), diags)


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML value and the position of every value and mapping key in it."""

    data: Any
    path: str
    values: dict[tuple, Position] = field(default_factory=dict)
    keys: dict[tuple, Position] = field(default_factory=dict)

    def pos(self, *path: Any) -> Position:
        """Where the value at `path` was written, else its nearest written parent."""
        path = tuple(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Position(self.path))

    def key_pos(self, *path: Any) -> Position:
        """Where the mapping key at `path` was written, else as `pos`."""
        return self.keys.get(tuple(path)) or self.pos(*path)


def _index(node: yaml.Node, path: tuple, doc: YamlDoc, offset: int) -> None:
    def at(mark: yaml.Mark) -> Position:
        return Position(doc.path, mark.line + 1 + offset, mark.column + 1)

    doc.values[path] = at(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            doc.keys[path + (key,)] = at(key_node.start_mark)
            _index(value_node, path + (key,), doc, offset)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), doc, offset)


_TYPE_NAMES = {"tag:yaml.org,2002:timestamp": "date", "tag:yaml.org,2002:int": "number",
               "tag:yaml.org,2002:float": "number"}


class BadScalar(ValueError):
    """A scalar YAML resolves to a type but cannot construct, as the date 2009-02-30."""

    def __init__(self, node: yaml.ScalarNode, reason: str):
        super().__init__(reason)
        self.node = node


def _bad_scalar(loader, node: yaml.Node) -> yaml.ScalarNode | None:
    """The first scalar under `node` that its loader cannot construct."""
    if isinstance(node, yaml.ScalarNode):
        loader.constructed_objects, loader.recursive_objects = {}, {}
        try:
            loader.construct_object(node, deep=True)
        except ValueError:
            return node
        return None
    children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
    for child in children:
        found = _bad_scalar(loader, child)
        if found is not None:
            return found
    return None


def _parse(text: str, loader_class) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        try:
            return node, (loader.construct_document(node) if node is not None else None)
        except ValueError as exc:
            bad = _bad_scalar(loader, node)
            if bad is None:
                raise
            raise BadScalar(bad, str(exc)) from None
    finally:
        loader.dispose()


def load_yaml(text: str, rel: str, diags: Diagnostics, line_offset: int = 0) -> YamlDoc | None:
    """The YAML document in `text`, or None after recording the located syntax error."""
    try:
        node, data = _parse(text, _Loader)
    except BadScalar as exc:
        mark = exc.node.start_mark
        diags.error(Position(rel, mark.line + 1 + line_offset, mark.column + 1), "yaml.bad-value",
                    f"'{exc.node.value}' is not a valid {_TYPE_NAMES.get(exc.node.tag, 'value')}: {exc}")
        return None
    except yaml.YAMLError:
        # Re-read with the pure-Python parser: its marks and messages are the more precise ones.
        try:
            node, data = _parse(text, yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.context_mark and "end" in problem and "stream" in problem:
                # Something left open (a quote, a bracket) runs to the end of the file: point at its start.
                mark, problem = exc.context_mark, f"{problem} {exc.context} that starts here and is never closed"
            line = (mark.line + 1 if mark else 1) + line_offset
            column = mark.column + 1 if mark else 1
            diags.error(Position(rel, line, column), "yaml.syntax", f"malformed YAML: {problem}")
            return None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at an offset in `text`
            line, column = line_column(text, exc.position)
            char = exc.character if isinstance(exc.character, int) else ord(exc.character)
            diags.error(Position(rel, line + line_offset, column), "yaml.syntax",
                        f"malformed YAML: character U+{char:04X} is not allowed in YAML")
            return None
        except yaml.YAMLError as exc:
            message = " ".join(str(exc).split())
            diags.error(Position(rel, 1 + line_offset, 1), "yaml.syntax", f"malformed YAML: {message}")
            return None
    doc = YamlDoc(data, rel)
    if node is not None:
        _index(node, (), doc, line_offset)
    else:
        doc.values[()] = Position(rel, 1 + line_offset, 1)
    return doc


def require_mapping(doc: YamlDoc, diags: Diagnostics, what: str) -> dict | None:
    """The document's top-level mapping, or None after recording that it is not one."""
    if isinstance(doc.data, dict):
        return doc.data
    if doc.data is None:
        diags.error(doc.pos(), "yaml.not-mapping", f"{what} is empty: it must be a YAML mapping of keys to values")
        return None
    diags.error(doc.pos(), "yaml.not-mapping", f"{what} must be a YAML mapping of keys to values")
    return None


def load_mapping_file(path: Path, rel: str, diags: Diagnostics, what: str) -> tuple[YamlDoc, dict] | None:
    """A YAML file whose top level is a mapping, read and parsed with positions; None after a located error."""
    text = read_text(path, rel, diags)
    if text is None:
        return None
    doc = load_yaml(text, rel, diags)
    if doc is None:
        return None
    data = require_mapping(doc, diags, what)
    return None if data is None else (doc, data)
