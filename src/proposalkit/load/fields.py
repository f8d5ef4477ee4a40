"""Typed reads of YAML mapping fields, recording a located diagnostic for each bad value."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from ..base.diagnostics import Diagnostics, did_you_mean
from .source import YamlDoc, without_control_characters

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ID_MAX = 100  # characters: the slug and a donor id name the built files, which the file system bounds


def too_long_id(value: str) -> str | None:
    """Why `value` is too long for an id that names files, or None."""
    if len(value) <= ID_MAX:
        return None
    return f"'{value[:40]}...' is {len(value):,} characters long; an id has at most {ID_MAX} (it names the built files)"


# BCP 47 as documents use it: a language, then optionally a script and a region ("en-GB", "zh-Hans-CN").
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?$")


# YAML 1.1's other spellings of true and false, accepted where a field is a flag (they are text otherwise).
FLAG_WORDS = {"yes": True, "no": False, "on": True, "off": False}


def as_flag(value: Any) -> bool | None:
    """`value` as true or false (a YAML boolean, or yes/no/on/off), else None."""
    if isinstance(value, bool):
        return value
    return FLAG_WORDS.get(value.strip().lower()) if isinstance(value, str) else None


def as_number(value: Any) -> float | None:
    """A YAML number as a finite float; None for what is not a number, infinite, NaN or beyond a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


class FieldReader:
    """Reads fields of one mapping inside a YamlDoc; `scope` prefixes diagnostic codes."""

    def __init__(self, doc: YamlDoc, mapping: dict, path: tuple, scope: str, diags: Diagnostics):
        self.doc, self.mapping, self.path, self.scope, self.diags = doc, mapping, path, scope, diags

    def pos(self, key: str | None = None):
        return self.doc.pos(*self.path, key) if key else self.doc.pos(*self.path)

    def error(self, key: str | None, suffix: str, message: str) -> None:
        self.diags.error(self.pos(key), f"{self.scope}.{suffix}", message)

    def present(self, key: str) -> bool:
        return self.mapping.get(key) is not None

    def text(self, key: str, required: bool = False, default: str | None = None) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(None, "missing-field", f"missing required field '{key}'")
            return default
        if isinstance(value, (dict, list)):
            self.error(
                key,
                "invalid-field",
                f"field '{key}' must be text, not {'a mapping' if isinstance(value, dict) else 'a list'}",
            )
            return default
        value = self.written(value, key)
        value = without_control_characters(value.strip(), lambda _: self.pos(key), self.diags, f"field '{key}': ")
        if required and not value:
            self.error(key, "missing-field", f"field '{key}' must not be empty")
            return default
        return value

    def written(self, value: Any, *sub: Any) -> str:
        """The scalar at `sub` (under this mapping) as text: as written in the file when YAML read a number,
        a date or a boolean."""
        if isinstance(value, str):
            return value
        return self.doc.as_written(*self.path, *sub) or str(value)

    def identifier(
        self, key: str, required: bool = False, default: str | None = None, *, names_files: bool = False
    ) -> str | None:
        value = self.text(key, required, default)
        if value is not None and not ID_PATTERN.match(value):
            self.error(key, "bad-id", f"'{value}' is not a valid id: use lowercase letters, digits and hyphens")
            return None
        if value is not None and names_files and (long := too_long_id(value)) is not None:
            self.error(key, "bad-id", long)
            return None
        return value

    def choice(
        self, key: str, choices: tuple[str, ...], default: str | None = None, required: bool = False
    ) -> str | None:
        value = self.text(key, required, default)
        if value is not None and value not in choices:
            self.error(
                key,
                f"unknown-{key}",
                f"unknown {key} '{value}'{did_you_mean(value, choices)}; expected one of: {', '.join(choices)}",
            )
            return None
        return value

    def language(self, key: str) -> str | None:
        """A BCP 47 language tag such as `en-GB` or `zh-CN` (language, optional script and region)."""
        value = self.text(key)
        if value is None:
            return None
        if not LANGUAGE_TAG.match(value):
            self.error(
                key, "invalid-field", f"field '{key}' must be a language tag such as en-GB or zh-CN, not '{value}'"
            )
            return None
        parts = value.split("-")
        return "-".join([parts[0].lower()] + [p.title() if len(p) == 4 else p.upper() for p in parts[1:]])

    def date(self, key: str) -> dt.date | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.error(key, "invalid-field", f"field '{key}' must be a date written YYYY-MM-DD, not '{value}'")
            return None

    def positive_int(self, key: str) -> int | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.error(key, "invalid-limit", f"field '{key}' must be a positive whole number, not '{value}'")
            return None
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.mapping.get(key)
        if value is None:
            return default
        flag = as_flag(value)
        if flag is None:
            self.error(key, "invalid-field", f"field '{key}' must be true or false, not '{value}'")
            return default
        return flag

    def positive_number(self, key: str, required: bool = False, maximum: float | None = None) -> float | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(None, "missing-field", f"missing required field '{key}'")
            return None
        number = as_number(value)
        if number is None and not isinstance(value, bool) and isinstance(value, (int, float)):
            shown = self.doc.as_written(*self.path, key) or "a number with more than 300 digits"
            self.error(key, "invalid-field", f"field '{key}' must be a positive number of a usable size, not {shown}")
            return None
        if number is None or not number > 0:
            self.error(key, "invalid-field", f"field '{key}' must be a positive number, not '{value}'")
            return None
        if maximum is not None and number > maximum:
            shown = self.doc.as_written(*self.path, key) or f"{number:g}"
            self.error(key, "invalid-field", f"field '{key}' is {shown}, more than the largest accepted, {maximum:g}")
            return None
        return number

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.mapping.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) or v is None for v in value):
            self.error(key, "invalid-field", f"field '{key}' must be a list of words")
            return ()
        listed = isinstance(self.mapping.get(key), list)
        return tuple(
            without_control_characters(
                self.written(v, key, i) if listed else self.written(v, key),
                lambda _: self.pos(key),
                self.diags,
                f"field '{key}': ",
            )
            for i, v in enumerate(value)
        )

    def mapping_of(self, key: str) -> dict[str, Any]:
        value = self.mapping.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(key, "invalid-field", f"field '{key}' must be a mapping of names to values")
            return {}
        return {str(k): v for k, v in value.items()}

    def list_of(self, key: str, required: bool = False) -> list:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(None, "missing-field", f"missing required field '{key}'")
            return []
        if not isinstance(value, list):
            self.error(key, "invalid-field", f"field '{key}' must be a list")
            return []
        return value

    def child(self, *sub: Any) -> FieldReader | None:
        value = self.mapping
        for k in sub:
            value = value[k]
        if not isinstance(value, dict):
            return None
        return FieldReader(self.doc, value, self.path + tuple(sub), self.scope, self.diags)
