"""Shared fixtures: a fresh starter workspace per test and a CLI runner that lets bugs raise."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from proposalkit.base import codes
from proposalkit.cli import cli
from proposalkit.commands.init import create_workspace

REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config) -> None:
    """Every diagnostic a test meets must carry a registered code (proposalkit/base/codes.py), here and in
    the commands tests run as processes."""
    os.environ["PROPOSALKIT_STRICT_CODES"] = "1"
    codes.STRICT[0] = True
    # Builds number the contents from the page model unless a test asks for LibreOffice's layout
    # (--toc-pages layout): one conversion per variant would make the suite several times slower.
    os.environ.setdefault("PROPOSALKIT_TOC_PAGES", "estimate")


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A new workspace made by `proposalkit init`."""
    root = tmp_path / "ws"
    create_workspace(root)
    return root


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the repository's example proposal workspace."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("templates", "evidence"):
        shutil.copytree(REPO / name, root / name)
    return root


class Run:
    """A finished CLI invocation: exit code, standard output and standard error lines."""

    def __init__(self, result):
        self.code = result.exit_code
        self.out = result.stdout
        self.err = result.stderr
        self.lines = [line for line in result.stderr.splitlines() if line.strip()]


@pytest.fixture
def run():
    """Invoke the CLI in-process with click's runner; exceptions propagate as real failures."""

    def invoke(*args: str) -> Run:
        return Run(CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False))

    return invoke


@pytest.fixture(scope="session")
def example_builds(tmp_path_factory) -> dict[str, Path]:
    """Every variant of the repository's example and its review copy, built once: file name -> path."""
    root = tmp_path_factory.mktemp("example-builds")
    out = root / "outputs"
    for name in ("templates", "evidence"):
        shutil.copytree(REPO / name, root / "ws" / name)
    for extra in ((), ("--review",)):
        result = CliRunner().invoke(
            cli, ["build", "-w", str(root / "ws"), "--all", "--out", str(out), *extra], catch_exceptions=False
        )
        assert result.exit_code == 0, result.stderr
    built = {path.name: path for path in sorted(out.glob("*.docx"))}
    donors = len(list((REPO / "templates" / "donors").glob("*.yaml")))
    assert len(built) == 2 * donors and sum(name.endswith("-review.docx") for name in built) == donors, sorted(built)
    return built
