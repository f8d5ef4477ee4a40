"""The workspace's layout (where each kind of file lives, relative to the workspace) and whether a path
stays inside a folder once `..`, absolute paths and symlinks are resolved."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

TEMPLATES_DIR = "templates"
PROPOSAL_FILE = f"{TEMPLATES_DIR}/proposal.yaml"
DONORS_DIR = f"{TEMPLATES_DIR}/donors"
EVIDENCE_DIR = "evidence"
DATA_DIR = f"{EVIDENCE_DIR}/data"
OUTPUTS_DIR = "outputs"
SCHEMA_SUFFIX = ".schema.yaml"
WATCHED_DIRS = (TEMPLATES_DIR, EVIDENCE_DIR)  # what a build reads; outputs go elsewhere


def donor_file(donor_id: str) -> str:
    """The workspace-relative path of a donor's profile."""
    return f"{DONORS_DIR}/{donor_id}.yaml"


def template_file(name: str) -> str:
    """The workspace-relative path of a template named as templates refer to it ("sections/summary.md.j2")."""
    return f"{TEMPLATES_DIR}/{name}"


def table_file(stem: str) -> str:
    """The workspace-relative path of the CSV table `stem`."""
    return f"{DATA_DIR}/{stem}.csv"


def root_of(path: Path, rel: str) -> Path:
    """The folder that `path` is `rel` below: the workspace, for a path built as `root / rel`."""
    depth = len(PurePosixPath(rel).parts)
    root = path.parents[depth - 1] if 0 < depth <= len(path.parents) else None
    if root is None or root / rel != path:
        raise ValueError(f"{rel} is not the end of {path}")
    return root


def resolves_inside(path: Path | str, folder: Path | str) -> bool:
    """True when the real path of `path` (every symlink followed) is `folder`'s real path or below it."""
    return real_inside(os.path.realpath(path), folder)


def real_inside(real: str, folder: Path | str) -> bool:
    """`resolves_inside` for a path `real` that is already real (`os.path.realpath`'s answer)."""
    root = os.path.realpath(folder)
    return os.path.commonpath([real, root]) == root


def output_problem(target: Path, root: Path, what: str = "--out") -> str | None:
    """Why a command may not write into the folder `target`: it is, or is inside, a folder the build reads
    (templates/, evidence/), symlinks followed, so that an output would be read back as an input on the next
    build (and `watch` would rebuild on its own output); None when it may."""
    for name in WATCHED_DIRS:
        if resolves_inside(target, root / name):
            return (
                f"{what} {target} is inside the workspace's {name}/ folder, which the build reads its inputs from; "
                f"choose a folder outside {TEMPLATES_DIR}/ and {EVIDENCE_DIR}/ (the default is {OUTPUTS_DIR}/)"
            )
    return None


def local_path(target: str, root: Path) -> Path | None:
    """The file a link or image target names on this machine, or None for a URL, an anchor or nothing."""
    if not target or target.startswith("#"):
        return None
    parts = urlsplit(target)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            return None
    elif parts.scheme or parts.netloc:
        return None
    path = Path(unquote(parts.path))
    return path if path.is_absolute() else root / path
