"""Table schemas, from evidence/data/<name>.schema.yaml or proposal.yaml's `tables:`, as TableSchema values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..base.diagnostics import Diagnostics
from ..base.inputs import input_files
from ..base.model import COLUMN_TYPES, ColumnSchema, TableSchema
from ..base.paths import PROPOSAL_FILE, SCHEMA_SUFFIX
from .fields import as_flag, as_number
from .source import YamlDoc, load_mapping_file

TABLE_KEYS = ("columns", "key", "blank", "missing", "extra_columns", "description")
_ARTICLE = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "date": "a date (YYYY-MM-DD)",
    "boolean": "true or false",
}
COLUMN_KEYS = ("type", "required", "blank", "missing", "values", "min", "max", "description")


def schema_files(root: Path, data_dir: str, diags: Diagnostics | None = None) -> dict[str, Path]:
    """Schema files of a data folder by table name (the file name without `.schema.yaml`)."""
    found = input_files(root, data_dir, f"*{SCHEMA_SUFFIX}", diags, recursive=False)
    return {p.name[: -len(SCHEMA_SUFFIX)]: p for p in found}


def load_schemas(root: Path, data_dir: str, tables: set[str], diags: Diagnostics) -> dict[str, TableSchema]:
    """Every declared schema by table name; a schema file beside the CSV wins over proposal.yaml's `tables:`."""
    schemas: dict[str, TableSchema | None] = {}
    for name, path in schema_files(root, data_dir, diags).items():
        rel = path.relative_to(root).as_posix()
        loaded = load_mapping_file(path, rel, diags, "a table schema")
        if loaded is None:
            schemas[name] = None  # unusable: the table is left unvalidated, the build fails on the error
            continue
        doc, _ = loaded
        if name not in tables:
            diags.error(
                doc.pos(), "schema.unknown-table", f"schema for table '{name}', but there is no {data_dir}/{name}.csv"
            )
            continue
        schemas[name] = parse_schema(doc, (), name, diags)
    for name, doc, path in _proposal_entries(root, diags):
        if name in schemas:
            diags.error(
                doc.key_pos(*path),
                "schema.declared-twice",
                f"table '{name}' has a schema both here and in {data_dir}/{name}{SCHEMA_SUFFIX}; "
                "keep one (the file is the one used)",
            )
            continue
        if name not in tables:
            diags.error(
                doc.key_pos(*path),
                "schema.unknown-table",
                f"schema for table '{name}', but there is no {data_dir}/{name}.csv",
            )
            continue
        schemas[name] = parse_schema(doc, path, name, diags)
    return {name: schema for name, schema in schemas.items() if schema is not None}


def _proposal_entries(root: Path, diags: Diagnostics):
    """(table name, proposal.yaml's document, path to its schema) for each entry of `tables:`."""
    path = root / PROPOSAL_FILE
    if not path.is_file():
        return []
    loaded = load_mapping_file(path, PROPOSAL_FILE, Diagnostics(), "proposal.yaml")  # its errors are load_proposal's
    if loaded is None:
        return []
    doc, data = loaded
    tables = data.get("tables")
    if tables is None:
        return []
    if not isinstance(tables, dict):
        diags.error(
            doc.pos("tables"), "schema.invalid-field", "field 'tables' must map table names to schemas (columns, key)"
        )
        return []
    return [(str(name), doc, ("tables", name)) for name in tables]


def parse_schema(doc: YamlDoc, path: tuple, table: str, diags: Diagnostics) -> TableSchema | None:
    """The schema at `path` inside `doc`, or None after located errors that leave it unusable."""
    data = doc.data
    for part in path:
        data = data[part]
    if not isinstance(data, dict):
        diags.error(
            doc.pos(*path),
            "schema.invalid-field",
            f"the schema of table '{table}' must be a mapping with 'columns' (and optionally 'key')",
        )
        return None
    errors_before = diags.error_count
    for key in data:
        if key not in TABLE_KEYS:
            diags.error(
                doc.key_pos(*path, key),
                "schema.unknown-key",
                f"unknown schema key '{key}'; expected one of: {', '.join(TABLE_KEYS)}",
            )
    blank_default = _flag(doc, path, data, "blank", False, diags)
    missing_default = _markers(doc, path, data, diags)
    extra = _flag(doc, path, data, "extra_columns", False, diags)
    columns_data = data.get("columns")
    if not isinstance(columns_data, dict) or not columns_data:
        diags.error(
            doc.pos(*path, "columns") if "columns" in data else doc.pos(*path),
            "schema.missing-columns",
            f"the schema of table '{table}' needs 'columns': a mapping of column names to types",
        )
        return None
    columns = []
    for name, spec in columns_data.items():
        column = _column(doc, path + ("columns", name), str(name), spec, (blank_default, missing_default), diags)
        if column is not None:
            columns.append(column)
    key = _key(doc, path, data.get("key"), {str(n) for n in columns_data}, diags)
    if diags.error_count > errors_before:
        return None
    return TableSchema(table, tuple(columns), key, extra, doc.pos(*path), doc.pos(*path, "key") if key else None)


def _flag(doc: YamlDoc, path: tuple, data: dict, key: str, default: bool, diags: Diagnostics) -> bool:
    value = data.get(key)
    if value is None:
        return default
    flag = as_flag(value)
    if flag is None:
        diags.error(doc.pos(*path, key), "schema.invalid-field", f"'{key}' must be true or false, not '{value}'")
        return default
    return flag


def _key(doc: YamlDoc, path: tuple, value, declared: set[str], diags: Diagnostics) -> tuple[str, ...]:
    if value is None:
        return ()
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        diags.error(doc.pos(*path, "key"), "schema.invalid-field", "'key' must be a column name or a list of them")
        return ()
    for index, name in enumerate(names):
        if name not in declared:
            where = doc.pos(*path, "key", index) if isinstance(value, list) else doc.pos(*path, "key")
            diags.error(where, "schema.unknown-key-column", f"key column '{name}' is not declared under 'columns'")
    return tuple(names)


def _markers(doc: YamlDoc, path: tuple, data: dict, diags: Diagnostics) -> tuple[str, ...] | None:
    """`missing: NA` or `missing: [NA, n/a]`: the texts that stand for a missing value; None when not given."""
    value = data.get("missing")
    if value is None:
        return None
    listed = value if isinstance(value, list) else [value]
    markers = []
    for index, marker in enumerate(listed):
        where = (*path, "missing", index) if isinstance(value, list) else (*path, "missing")
        text = marker if isinstance(marker, str) else doc.as_written(*where)
        if text is None or not text.strip():
            diags.error(
                doc.pos(*where),
                "schema.invalid-field",
                "'missing' is the text (or a list of texts) that marks a missing value, such as NA",
            )
            continue
        markers.append(text.strip())
    return tuple(markers)


def _column(
    doc: YamlDoc, path: tuple, name: str, spec, defaults: tuple[bool, tuple[str, ...] | None], diags: Diagnostics
) -> ColumnSchema | None:
    blank_default, missing_default = defaults
    position = doc.key_pos(*path)
    if isinstance(spec, str) or spec is None:
        spec = {"type": spec or "string"}
        type_pos = doc.pos(*path)
    elif isinstance(spec, dict):
        type_pos = doc.pos(*path, "type")
        for key in spec:
            if key not in COLUMN_KEYS:
                diags.error(
                    doc.key_pos(*path, key),
                    "schema.unknown-key",
                    f"column '{name}': unknown key '{key}'; expected one of: {', '.join(COLUMN_KEYS)}",
                )
    else:
        diags.error(
            doc.pos(*path),
            "schema.invalid-field",
            f"column '{name}' must be a type name (string, integer, ...) or a mapping with 'type'",
        )
        return None
    kind = spec.get("type", "string")
    if kind not in COLUMN_TYPES:
        diags.error(
            type_pos,
            "schema.unknown-type",
            f"column '{name}': unknown type '{kind}'; expected one of: {', '.join(COLUMN_TYPES)}",
        )
        return None
    required = _flag(doc, path, spec, "required", True, diags)
    blank = _flag(doc, path, spec, "blank", blank_default, diags)
    missing = _markers(doc, path, spec, diags)
    bounds = {}
    for bound in ("min", "max"):
        value = spec.get(bound)
        if value is None:
            continue
        if kind not in ("integer", "number"):
            diags.error(
                doc.pos(*path, bound),
                "schema.invalid-field",
                f"column '{name}': '{bound}' applies to integer and number columns, not {kind}",
            )
        elif as_number(value) is None:
            diags.error(
                doc.pos(*path, bound),
                "schema.invalid-field",
                f"column '{name}': '{bound}' must be a finite number of a usable size",
            )
        else:
            bounds[bound] = value if isinstance(value, int) and abs(value) < 2**63 else as_number(value)
    values = _values(doc, path, name, kind, spec.get("values"), diags)
    markers = missing if missing is not None else missing_default or ()
    return ColumnSchema(name, kind, required, blank, values, bounds.get("min"), bounds.get("max"), position, markers)


def _values(doc: YamlDoc, path: tuple, name: str, kind: str, values, diags: Diagnostics) -> tuple | None:
    if values is None:
        return None
    if not isinstance(values, list) or not values:
        diags.error(doc.pos(*path, "values"), "schema.invalid-field", f"column '{name}': 'values' must be a list")
        return None
    typed = []
    for index, value in enumerate(values):
        if kind == "string" and not isinstance(value, str):
            value = doc.as_written(*path, "values", index) or value
        converted = _typed_value(kind, value)
        if converted is None:
            diags.error(
                doc.pos(*path, "values", index),
                "schema.bad-value",
                f"column '{name}': allowed value '{value}' is not {_ARTICLE[kind]}",
            )
            continue
        typed.append(converted)
    return tuple(typed)


def _typed_value(kind: str, value):
    """A schema's allowed value as the column's cells are typed, or None when it is not of that type."""
    if kind == "string":
        return None if isinstance(value, (dict, list, bool)) or value is None else str(value)
    if kind == "integer":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if kind == "number":
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if kind == "boolean":
        return value if isinstance(value, bool) else None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
