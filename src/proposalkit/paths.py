"""Whether a path stays inside a folder once `..`, absolute paths and symlinks are resolved."""

from __future__ import annotations

import os
from pathlib import Path


def resolves_inside(path: Path | str, folder: Path | str) -> bool:
    """True when the real path of `path` (every symlink followed) is `folder`'s real path or below it."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([real, root]) == root
