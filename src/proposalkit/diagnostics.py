"""Diagnostics: located problems collected across a whole run and printed as `path:line:col`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Position

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # worth knowing, never a problem: e.g. evidence that no variant cites


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in the inputs, at a source position, with a stable code."""

    position: Position
    severity: str
    message: str
    code: str

    def __str__(self) -> str:
        pos = self.position
        return f"{pos.path}:{pos.line}:{pos.column}: {self.severity}: {self.message} [{self.code}]"


@dataclass
class Diagnostics:
    """The collector every stage writes to; stages record and carry on."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, position: Position, code: str, message: str) -> None:
        self._add(Diagnostic(position, ERROR, message, code))

    def warning(self, position: Position, code: str, message: str) -> None:
        self._add(Diagnostic(position, WARNING, message, code))

    def note(self, position: Position, code: str, message: str) -> None:
        self._add(Diagnostic(position, NOTE, message, code))

    def _add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def extend(self, other: "Diagnostics") -> None:
        for item in other.items:
            self._add(item)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.position, d.severity, d.code, d.message))

    def lines(self) -> list[str]:
        return [str(d) for d in self.sorted()]
