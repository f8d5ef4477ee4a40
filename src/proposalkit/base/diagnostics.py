"""Diagnostics: located problems collected across a whole run and printed as `path:line:col`, one a line:
input a message quotes (a name, a key, a path) cannot split or end its line."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .codes import check_code
from .model import Position

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # worth knowing, never a problem: e.g. evidence that no variant cites


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the candidate closest to `word`, or "" when none is close."""
    close = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


_COLOURS = {ERROR: "red", WARNING: "yellow"}

# Characters that would end, split or garble a `path:line:col: severity: message [code]` line: the C0
# controls (tab, line feed, carriage return, U+001E and the rest), DEL, the C1 controls (NEL, U+0085, among
# them), and the line and paragraph separators U+2028 and U+2029.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Of those, the ones json.dumps leaves as they are: escaped in the JSON text, the same characters once read.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def citing_rule(message: str, source: str) -> str:
    """`message` naming the donor guideline a rule comes from, when its profile gives one (`source:`)."""
    return f"{message} (rule: {source})" if source else message


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def one_line(text: str) -> str:
    """`text` with every character that would break a diagnostic line written as an escape: `\\n`, `\\t`,
    `\\x1e`, `\\x85`, `\\u2028`. Text without one is returned as it is."""
    return _LINE_BREAKING.sub(_escape, text) if _LINE_BREAKING.search(text) else text


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in the inputs, at a source position, with a stable code."""

    position: Position
    severity: str
    message: str
    code: str

    def __str__(self) -> str:
        return self.format()

    def format(self, colour: bool = False) -> str:
        """`path:line:col: severity: message [code]` on one line (see `one_line`), the severity in colour when
        asked."""
        pos = self.position
        severity = self.severity
        if colour:
            import click

            severity = click.style(severity, fg=_COLOURS.get(severity), bold=True)
        return f"{one_line(str(pos.path))}:{pos.line}:{pos.column}: {severity}: {one_line(self.message)} [{self.code}]"

    def as_dict(self) -> dict:
        pos = self.position
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "path": pos.path,
            "line": pos.line,
            "column": pos.column,
        }


@dataclass
class Diagnostics:
    """The collector every stage writes to; stages record and carry on."""

    items: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._seen = set(self.items)
        self.error_count = sum(1 for d in self._seen if d.severity == ERROR)
        self.items = list(dict.fromkeys(self.items))

    def error(self, position: Position, code: str, message: str) -> None:
        self._add(Diagnostic(position, ERROR, message, code))

    def warning(self, position: Position, code: str, message: str) -> None:
        self._add(Diagnostic(position, WARNING, message, code))

    def note(self, position: Position, code: str, message: str) -> None:
        self._add(Diagnostic(position, NOTE, message, code))

    def _add(self, diagnostic: Diagnostic) -> None:
        check_code(diagnostic.code)
        if diagnostic not in self._seen:  # a set: a run with thousands of problems stays linear
            self._seen.add(diagnostic)
            self.items.append(diagnostic)
            self.error_count += diagnostic.severity == ERROR

    def extend(self, other: Diagnostics) -> None:
        for item in other.items:
            self._add(item)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.position, d.severity, d.code, d.message))

    def lines(self, colour: bool = False) -> list[str]:
        return [d.format(colour) for d in self.sorted()]

    def to_json(self, **extra) -> str:
        """One JSON document: the diagnostics in the order `lines` prints them, counts, and `extra` keys.

        Messages and paths keep the characters they quote: json escapes the controls, and the others that
        would break a line of the document (NEL, U+2028, U+2029; DEL and the C1 controls) are escaped here.
        """
        items = [d.as_dict() for d in self.sorted()]
        errors = sum(1 for d in items if d["severity"] == ERROR)
        text = json.dumps(
            {**extra, "errors": errors, "warnings": len(items) - errors, "diagnostics": items},
            ensure_ascii=False,
            indent=2,
        )
        # These characters stand only inside JSON strings, where an escape reads back as the same character.
        return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
