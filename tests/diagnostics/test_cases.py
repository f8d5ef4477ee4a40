"""Diagnostics cases as data: each file of cases/ gives a workspace's files, and the exact diagnostic lines
each command prints on it (see README.md in this folder)."""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from proposalkit.cli import cli
from proposalkit.commands.init import create_workspace

from ..support import snapshot

CASES = Path(__file__).parent / "cases"
DIAGNOSTIC = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning|note): .+ \[[a-z0-9.-]+\]$")


@dataclass
class File:
    path: str
    text: str
    option: str = ""


@dataclass
class Case:
    title: str
    exit: int = 1
    files: list[File] = field(default_factory=list)
    expected: dict[str, list[str]] = field(default_factory=dict)  # command line -> lines


def _block(lines: list[str]) -> str:
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def read_case(path: Path) -> Case:
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n>>> ") if "\n>>> " in text else text.partition("\n<<< ")
    rest = (">>> " if "\n>>> " in text else "<<< ") + rest
    header = head.split("\n")
    case = Case(title=header[0])
    for line in header[1:]:
        if line.startswith("exit:"):
            case.exit = int(line.split(":", 1)[1])
    current: list[str] = []
    target = None
    for line in rest.split("\n") + [">>> END"]:
        if line.startswith(">>> ") or line.startswith("<<< "):
            if isinstance(target, File):
                target.text = _block(current)
                case.files.append(target)
            elif isinstance(target, tuple):
                for command in target:
                    case.expected[command] = [l for l in current if l.strip()]
            current = []
            if line.startswith(">>> "):
                spec = line[4:].strip()
                option = ""
                if spec.endswith(")") and " (" in spec:
                    spec, option = spec[:-1].split(" (", 1)
                target = File(spec, "", option)
            else:
                commands = line[4:].strip()
                target = tuple(part.strip() for part in commands.split(";")) if ";" in commands else _commands(commands)
            continue
        current.append(line)
    return case


def _commands(spec: str) -> tuple[str, ...]:
    """`build check --final` -> ("build", "check --final"): each word starting a command is a command."""
    words = spec.split()
    out: list[list[str]] = []
    for word in words:
        if word.startswith("-") and out:
            out[-1].append(word)
        else:
            out.append([word])
    return tuple(" ".join(parts) for parts in out)


def apply(root: Path, case: Case) -> None:
    for file in case.files:
        path = root / file.path
        if file.option == "delete":
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        content = file.text + ("" if file.option == "no newline" else "\n")
        path.write_bytes(content.encode("latin-1" if file.option == "latin-1" else "utf-8"))


def run(root: Path, command: str) -> tuple[int, list[str]]:
    args = shlex.split(command)
    result = CliRunner().invoke(cli, [args[0], "-w", str(root), *args[1:]], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result.exit_code, [line for line in result.stderr.splitlines() if DIAGNOSTIC.match(line)]


def regenerate(path: Path, case: Case, found: dict[str, list[str]]) -> None:
    text = path.read_text(encoding="utf-8")
    keep = text[: text.index("\n<<< ")] if "\n<<< " in text else text.rstrip("\n")
    groups: dict[tuple[str, ...], list[str]] = {}
    for command, lines in found.items():
        same = next((key for key, value in groups.items() if value == lines), None)
        if same is None:
            groups[(command,)] = lines
        else:
            groups[same + (command,)] = groups.pop(same)
    blocks = [
        f"<<< {' '.join(commands)}\n" + "".join(line + "\n" for line in lines) for commands, lines in groups.items()
    ]
    path.write_text(keep.rstrip("\n") + "\n" + "".join(blocks), encoding="utf-8")


@pytest.mark.parametrize("path", sorted(CASES.glob("*.txt")), ids=lambda p: p.stem)
def test_case(path, tmp_path):
    case = read_case(path)
    root = tmp_path / "ws"
    create_workspace(root)
    built = CliRunner().invoke(cli, ["build", "-w", str(root)], catch_exceptions=False)
    assert built.exit_code == 0, built.stderr
    before = snapshot(root / "outputs")
    apply(root, case)
    found = {}
    for command in case.expected:
        code, lines = run(root, command)
        assert code == case.exit, (command, code, lines)
        found[command] = lines
    if os.environ.get("PROPOSALKIT_REGEN_CASES") == "1":
        regenerate(path, case, found)
        return
    for command, lines in case.expected.items():
        assert found[command] == lines, (command, found[command])
    if case.exit != 0:
        assert snapshot(root / "outputs") == before  # a failed run leaves earlier outputs as they were
