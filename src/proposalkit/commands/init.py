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
    try:
        for above in (directory, *directory.parents):  # the nearest that exists must be a folder
            if above.is_dir():
                break
            if above.exists() or above.is_symlink():
                if above == directory:
                    raise ScaffoldError(f"{directory} exists and is not a folder")
                raise ScaffoldError(f"{directory} cannot be made: {above} is a file, not a folder")
        if directory.is_dir() and any(directory.iterdir()):
            raise ScaffoldError(f"{directory} is not empty; choose a new or empty folder")
        written = []
        for rel, data in _starter_files(resources.files("proposalkit") / "starter"):
            target = directory / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
        (directory / OUTPUTS_DIR).mkdir(exist_ok=True)
    except OSError as exc:  # no permission, a name too long for the file system, a full disk
        raise ScaffoldError(f"cannot create the workspace in {directory}: {exc.strerror or exc}") from None
    return written
