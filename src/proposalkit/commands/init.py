"""`proposalkit init`: a new workspace copied from the starter files shipped with the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..base.errors import ScaffoldError
from ..base.paths import OUTPUTS_DIR


def _starter_files(folder, prefix: str = ""):
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _starter_files(entry, rel + "/")
        else:
            yield rel, entry.read_bytes()


def create_workspace(directory: Path) -> list[Path]:
    """Copy the starter workspace into `directory`, which must be new or empty; return the files written."""
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} exists and is not a folder")
    if directory.is_dir() and any(directory.iterdir()):
        raise ScaffoldError(f"{directory} is not empty; choose a new or empty folder")
    written = []
    for rel, data in _starter_files(resources.files("proposalkit") / "starter"):
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    (directory / OUTPUTS_DIR).mkdir(exist_ok=True)
    return written
