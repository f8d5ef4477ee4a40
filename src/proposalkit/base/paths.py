"""The workspace's layout (where each kind of file lives, relative to the workspace) and whether a path
stays inside a folder once `..`, absolute paths and symlinks are resolved."""

from __future__ import annotations

import os
from pathlib import Path
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


def resolves_inside(path: Path | str, folder: Path | str) -> bool:
    """True when the real path of `path` (every symlink followed) is `folder`'s real path or below it."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([real, root]) == root


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
