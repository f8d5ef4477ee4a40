"""A starter workspace built once per session, copied for each case with its earlier output in place."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from proposalkit.cli import cli
from proposalkit.commands.init import create_workspace

Change = str | bytes | None | Callable[[str], str]


@dataclass(frozen=True)
class Expect:
    """A diagnostic a case must report: severity, file, line, column (None: any) and code."""

    severity: str
    path: str
    line: int
    column: int | None
    code: str

    def matches(self, line: str) -> bool:
        where = f"{self.path}:{self.line}:" + (f"{self.column}:" if self.column is not None else "")
        return line.startswith(where) and f": {self.severity}: " in line and line.endswith(f"[{self.code}]")


def error(path: str, line: int, column: int | None, code: str) -> Expect:
    return Expect("error", path, line, column, code)


def warning(path: str, line: int, column: int | None, code: str) -> Expect:
    return Expect("warning", path, line, column, code)


@dataclass(frozen=True)
class Case:
    """One bad input: the files changed in a starter workspace and the diagnostics expected."""

    id: str
    changes: dict[str, Change]
    expect: tuple[Expect, ...]
    status: int = 1
    marks: tuple = field(default=())

    @property
    def param(self):
        return pytest.param(self, id=self.id, marks=list(self.marks))


def edit(old: str, new: str) -> Callable[[str], str]:
    """A change replacing `old` (which must be there) by `new` in a starter file."""

    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return apply


def apply_changes(root: Path, changes: dict[str, Change]) -> None:
    for rel, content in changes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.unlink()
        elif callable(content):
            path.write_bytes(content(path.read_text(encoding="utf-8")).encode("utf-8"))
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def invoke(*args) -> Outcome:
    """The CLI run in-process; an unhandled exception fails the test with its traceback."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return Outcome(result.exit_code, result.stdout, result.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden temporary files included) by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def built_starter(tmp_path_factory) -> Path:
    """A starter workspace with its good build already in outputs/."""
    root = tmp_path_factory.mktemp("built") / "ws"
    create_workspace(root)
    first = invoke("build", "-w", root)
    assert first.code == 0, first.err
    assert list((root / "outputs").glob("*.docx"))
    return root


@pytest.fixture
def workspace(built_starter: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built starter workspace."""
    root = tmp_path / "ws"
    shutil.copytree(built_starter, root)
    return root
