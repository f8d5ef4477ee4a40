"""Source files read as UTF-8 text and YAML documents that remember where each value was written."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..base.diagnostics import Diagnostics
from ..base.inputs import InputRefused, read_input
from ..base.model import Position
from ..base.paths import root_of
from ..base.text import CONTROL_CHARACTERS, line_column
from .yaml_rules import Lines, Loader, PyLoader, bad_character, refused_tags, shown_tag


def without_control_characters(text: str, position, diags: Diagnostics, what: str = "") -> str:
    """`text` without characters Word cannot hold, after one warning at the first (`position(index)`)."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return text
    count = len(CONTROL_CHARACTERS.findall(text))
    plural = "s" if count > 1 else ""
    diags.warning(
        position(found.start()),
        "text.control-character",
        f"{what}{count} control character{plural} (first U+{ord(found.group()):04X}) removed: "
        "Word documents cannot hold them",
    )
    return CONTROL_CHARACTERS.sub("", text)


def read_text(path: Path, rel: str, diags: Diagnostics) -> str | None:
    """The file's text, or None after recording why it could not be read as UTF-8. `rel` is `path` relative
    to the workspace, which the file must resolve inside (base/inputs.py: a regular file, its size bounded)."""
    raw = _read_bytes(path, rel, diags)
    return None if raw is None else _decoded(raw, rel, diags)


def read_text_hashed(path: Path, rel: str, diags: Diagnostics) -> tuple[str, str] | None:
    """`read_text`'s text and the SHA-256 (hex) of the bytes it was decoded from: a build's trace records the
    hash of the file as the build read it, without reading it again."""
    raw = _read_bytes(path, rel, diags)
    if raw is None:
        return None
    text = _decoded(raw, rel, diags)
    return None if text is None else (text, hashlib.sha256(raw).hexdigest())


def _read_bytes(path: Path, rel: str, diags: Diagnostics) -> bytes | None:
    try:
        return read_input(path, root_of(path, rel))
    except InputRefused as exc:
        diags.error(Position(rel), exc.code, str(exc))
        return None


def _decoded(raw: bytes, rel: str, diags: Diagnostics) -> str | None:
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
    # Line ends as editors count them: CR LF and a lone CR are each one line break, made LF here.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return without_control_characters(text, lambda index: Position(rel, *line_column(text, index)), diags)


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML value and the position of every value and mapping key in it."""

    data: Any
    path: str
    values: dict[tuple, Position] = field(default_factory=dict)
    keys: dict[tuple, Position] = field(default_factory=dict)
    written: dict[tuple, str] = field(default_factory=dict)  # plain scalars that are not text, as written

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

    def as_written(self, *path: Any) -> str | None:
        """The source text of the scalar at `path` when YAML read it as a number, date or boolean (`1.50`,
        `2009-06-20`, `true`), for fields that expect text; None for text and for what is not a scalar."""
        return self.written.get(tuple(path))


# An alias repeats its anchored node wherever it is used; this many values, counted with every alias expanded,
# is far beyond any proposal file and refuses "billion laughs" documents before anything walks them.
MAX_YAML_VALUES = 100_000


def _children(node: yaml.Node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _expansion_problem(root: yaml.Node) -> tuple[yaml.Node, str] | None:
    """(node, why) when aliases make the document recursive or larger than MAX_YAML_VALUES; else None."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # being counted: the ancestors of the node in hand
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > MAX_YAML_VALUES:
                return node, (
                    f"aliases expand this value to more than {MAX_YAML_VALUES:,} values; "
                    "write the repeated parts out or use fewer aliases"
                )
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            return node, "an alias refers to a value that contains it (a recursive document)"
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return None


_MERGE = "tag:yaml.org,2002:merge"


def _duplicate_keys(root: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]]:
    """(first, repeated) key nodes of every mapping that gives a key twice, each mapping looked at once.

    Run on the composed nodes before construction, which folds merge keys (`<<`) into their mappings.
    """
    found = []
    done: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in done:
            continue
        done.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple, yaml.Node] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE:
                    first = seen.setdefault((key_node.tag, key_node.value), key_node)
                    if first is not key_node:
                        found.append((first, key_node))
        stack.extend(_children(node))
    return found


_NOT_TEXT = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "timestamp"))


class _Where:
    """Positions in the file of a text's character indices; the text starts at line `offset` + 1."""

    def __init__(self, text: str, path: str, offset: int):
        self.lines, self.path, self.offset = Lines(text), path, offset

    def __call__(self, mark: yaml.Mark | None) -> Position:
        if mark is None:
            return Position(self.path, 1 + self.offset, 1)
        line, column = self.lines.at(mark.index)
        return Position(self.path, line + self.offset, column)


def _index(node: yaml.Node, path: tuple, doc: YamlDoc, at: _Where, duplicates: list | None, bad: list) -> None:
    """Record positions and the source text of plain scalars that are not text; with `duplicates`, also collect
    repeated keys (when no merge key changed the mappings); in `bad`, (position, message) of each scalar that
    holds a character XML cannot hold."""
    doc.values[path] = at(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        seen: dict | None = {} if duplicates is not None else None
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                if seen is not None and duplicates is not None:
                    first = seen.setdefault((key_node.tag, key), key_node)
                    if first is not key_node:
                        duplicates.append((first, key_node))
            else:
                key = None
            doc.keys[path + (key,)] = at(key_node.start_mark)
            if isinstance(key_node, yaml.ScalarNode) and (why := bad_character(key_node.value)):
                bad.append((doc.keys[path + (key,)], f"this key holds {why}, which a Word document cannot hold"))
            _index(value_node, path + (key,), doc, at, duplicates, bad)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), doc, at, duplicates, bad)
    elif isinstance(node, yaml.ScalarNode):
        if node.tag in _NOT_TEXT and node.style in (None, ""):
            doc.written[path] = node.value
        if why := bad_character(node.value):
            where = doc.keys.get(path) or doc.values[path]
            name = f"the value of '{path[-1]}'" if path and path in doc.keys else "this value"
            bad.append((where, f"{name} holds {why}, which a Word document cannot hold (written as an escape)"))


_TYPE_NAMES = {
    "tag:yaml.org,2002:timestamp": "date",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
}


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


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node, why: str):
        super().__init__(why)
        self.node, self.why = node, why


class _RefusedTags(Exception):
    def __init__(self, found: list[tuple[int, str]]):
        super().__init__("refused tags")
        self.found = found


def _parse(text: str, loader_class, duplicates: list | None = None) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        refused = refused_tags(text, loader_class)
        if refused:
            raise _RefusedTags(refused)
        # Without an anchor there is no alias to expand; without a merge key the index walk finds duplicates.
        if "&" in text and (problem := _expansion_problem(node)) is not None:
            raise _TooLarge(*problem)
        if duplicates is not None and "<<" in text:
            duplicates.extend(_duplicate_keys(node))
        try:
            return node, loader.construct_document(node)
        except ValueError as exc:
            bad = _bad_scalar(loader, node)
            if bad is None:
                raise
            raise BadScalar(bad, str(exc)) from None
    finally:
        loader.dispose()


def _read(text: str, duplicates: list) -> tuple[yaml.Node | None, Any]:
    try:
        return _parse(text, Loader, duplicates)
    except yaml.YAMLError:
        # Read again with the pure-Python parser: it accepts escapes libyaml refuses (checked after
        # reading), and its marks and messages are the more precise ones.
        duplicates.clear()
        return _parse(text, PyLoader, duplicates)


def load_yaml(text: str, rel: str, diags: Diagnostics, line_offset: int = 0) -> YamlDoc | None:
    """The YAML document in `text`, or None after recording the located syntax error."""
    duplicates: list = []
    at = _Where(text, rel, line_offset)
    try:
        node, data = _read(text, duplicates)
    except _RefusedTags as exc:
        for index, tag in exc.found:
            diags.error(
                at(yaml.Mark(rel, index, 0, 0, None, None)),
                "yaml.tag",
                f"the tag '{shown_tag(tag)}' is not allowed: write the value plainly "
                "(the only tags accepted are !!str, !!seq and !!map)",
            )
        return None
    except _TooLarge as exc:
        diags.error(at(exc.node.start_mark), "yaml.too-large", exc.why)
        return None
    except RecursionError:
        diags.error(at(None), "yaml.too-deep", "YAML nested too deeply to read")
        return None
    except BadScalar as exc:
        diags.error(
            at(exc.node.start_mark),
            "yaml.bad-value",
            f"'{exc.node.value}' is not a valid {_TYPE_NAMES.get(exc.node.tag, 'value')}: {exc}",
        )
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and "end" in problem and "stream" in problem:
            # Something left open (a quote, a bracket) runs to the end of the file: point at its start.
            mark, problem = exc.context_mark, f"{problem} {exc.context} that starts here and is never closed"
        diags.error(at(mark), "yaml.syntax", f"malformed YAML: {problem}")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at an offset in `text`
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        diags.error(
            at(yaml.Mark(rel, exc.position, 0, 0, None, None)),
            "yaml.syntax",
            f"malformed YAML: character U+{char:04X} is not allowed in YAML",
        )
        return None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        diags.error(at(None), "yaml.syntax", f"malformed YAML: {message}")
        return None
    doc = YamlDoc(data, rel)
    bad: list = []
    if node is not None:
        try:
            _index(node, (), doc, at, None if "<<" in text else duplicates, bad)
        except RecursionError:
            diags.error(at(None), "yaml.too-deep", "YAML nested too deeply to read")
            return None
    else:
        doc.values[()] = at(None)
    for first, repeated in duplicates:
        key = repeated.value
        was = at(first.start_mark)
        diags.error(
            at(repeated.start_mark),
            "yaml.duplicate-key",
            f"duplicate key '{key}': already given at line {was.line}, "
            f"column {was.column}; YAML would silently keep only this last one",
        )
    for position, message in bad:
        diags.error(position, "yaml.bad-character", message)
    return None if bad else doc


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


_FENCE = re.compile(r"^(---|\.\.\.)\s*$")


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, 1-based line where the body starts), or None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None
