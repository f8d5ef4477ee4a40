"""Input files read safely: every file a command reads from the workspace must resolve, symlinks followed,
inside the workspace folder and be a regular file no larger than the limit for its kind, checked before
it is opened; and the folders holding inputs are walked without leaving the workspace.

A refusal is an `InputRefused` with a diagnostic code and a message; the caller records it where the file
is (or at the line that names it). Nothing here blocks or grows without bound: a FIFO, a device, a socket
or a symlink to `/dev/zero` is refused by its type before anything reads it, and a file is read through
a descriptor opened without following a last symlink, `fstat`ed, and read to at most one byte past its
limit, so a file swapped or grown after the check is refused too.
"""

from __future__ import annotations

import os
import stat
from fnmatch import fnmatch
from pathlib import Path

from .diagnostics import Diagnostics
from .model import Position
from .paths import real_inside

MB = 1024 * 1024

# The limits, per kind of file, by how its name ends. Each is far above any real proposal's file (a
# 300-page proposal is some 1 MB of text in all) and keeps what reading one costs to a few hundred MB.
YAML_LIMIT = 4 * MB  # proposal.yaml, donor profiles, table schemas
TEXT_LIMIT = 32 * MB  # evidence items, translations, section templates and their includes
TABLE_LIMIT = 32 * MB  # CSV tables, the glossary
DOCUMENT_LIMIT = 50 * MB  # reference documents (.docx), as stored
IMAGE_LIMIT = 50 * MB  # images a template or an evidence item embeds

_LIMITS = (
    ((".yaml", ".yml"), YAML_LIMIT, "YAML files"),
    ((".csv",), TABLE_LIMIT, "CSV tables"),
    ((".docx", ".dotx"), DOCUMENT_LIMIT, "Word documents"),
    ((".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".svg", ".emf", ".wmf"), IMAGE_LIMIT, "images"),
)

OUTSIDE = "io.outside-workspace"
NOT_A_FILE = "io.not-a-file"
TOO_LARGE = "io.too-large"
UNREADABLE = "io.unreadable"


class InputRefused(Exception):
    """A workspace file that is not read: `code` is its diagnostic code, the message says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def limit_for(name: str) -> tuple[int, str]:
    """(the size limit in bytes, the kind's name) for a file named `name`: Markdown text unless its ending
    says otherwise."""
    lowered = name.lower()
    for endings, limit, kind in _LIMITS:
        if lowered.endswith(endings):
            return limit, kind
    return TEXT_LIMIT, "Markdown and template files"


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _megabytes(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size < 10 * MB else f"{size // MB:,} MB"


def _refuse_type(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise InputRefused(NOT_A_FILE, f"it is {_what(mode)}, not a regular file; proposalkit reads only files")


def _refuse_size(size: int, limit: int, kind: str) -> None:
    if size > limit:
        raise InputRefused(
            TOO_LARGE,
            f"the file is larger than the {_megabytes(limit)} limit for {kind} "
            f"({'at least ' if size == limit + 1 else ''}{size:,} bytes)",
        )


def checked(path: Path | str, root: Path | str, kind_of: str | None = None) -> str:
    """The real path of `path` once it is known to resolve inside `root` and to be a regular file no larger
    than the limit for its kind (by the ending of `kind_of`, else of its name); raises `InputRefused`
    otherwise. For files a library opens itself."""
    limit, kind = limit_for(kind_of or str(path))
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError) as exc:
        raise InputRefused(UNREADABLE, f"cannot read file: {exc}") from None
    if not real_inside(real, root):
        how = "is a symlink to" if os.path.islink(path) else "resolves to"
        raise InputRefused(
            OUTSIDE, f"the file {how} {real}, outside the workspace; inputs must be inside the workspace folder"
        )
    try:
        info = os.stat(real)
    except OSError as exc:
        raise InputRefused(UNREADABLE, f"cannot read file: {exc.strerror or exc}") from None
    _refuse_type(info.st_mode)
    _refuse_size(info.st_size, limit, kind)
    return real


ARGUMENT_LIMIT = 500 * MB  # a Word file named on the command line: a reviewed copy, a document to compare


def checked_argument(path: Path | str) -> None:
    """A file named on the command line, which may lie anywhere, is refused (`InputRefused`) unless it is a
    regular file of at most `ARGUMENT_LIMIT` bytes: a device, a FIFO or a folder is never opened."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:
        raise InputRefused(UNREADABLE, f"cannot read file: {getattr(exc, 'strerror', None) or exc}") from None
    _refuse_type(info.st_mode)
    _refuse_size(info.st_size, ARGUMENT_LIMIT, "a Word document named on the command line")


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO put in place after the check opens at once, and is refused
    | getattr(os, "O_NOFOLLOW", 0)  # the real path has no symlink: one put there after the check is refused
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_input(path: Path | str, root: Path | str, kind_of: str | None = None) -> bytes:
    """The bytes of the workspace file `path`, after `checked`; raises `InputRefused`."""
    limit, kind = limit_for(kind_of or str(path))
    real = checked(path, root, kind_of)
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        raise InputRefused(UNREADABLE, f"cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        _refuse_type(info.st_mode)
        _refuse_size(info.st_size, limit, kind)
        chunks, remaining = [], limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, MB))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise InputRefused(UNREADABLE, f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    _refuse_size(len(data), limit, kind)  # grown since fstat
    return data


def input_files(
    root: Path, folder: str, pattern: str, diags: Diagnostics | None = None, *, recursive: bool = True
) -> list[Path]:
    """The entries under the workspace folder `folder` whose names match `pattern`, in path order, as
    `root / relative path`: files, and whatever else is not a folder (a FIFO, a broken symlink) so that
    reading it reports what it is. Subfolders are walked when `recursive`; a symlinked folder is followed
    only when it resolves inside the workspace (once), and one that leaves it is reported to `diags` at
    its own path, its contents left unread. A missing `folder` holds nothing."""
    found: list[Path] = []
    seen: set[str] = set()

    def walk(rel: str, top: bool) -> None:
        path = root / rel
        if top and not path.is_dir():
            return
        real = os.path.realpath(path)
        if not real_inside(real, root):
            if diags is not None:
                diags.error(
                    Position(rel),
                    OUTSIDE,
                    f"folder {rel}/ resolves to {real}, outside the workspace; "
                    "nothing in it is read (inputs must be inside the workspace folder)",
                )
            return
        if real in seen:  # a symlink back into a folder already walked
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            child = f"{rel}/{entry.name}"
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if recursive:
                    walk(child, False)
            elif fnmatch(entry.name, pattern):
                found.append(root / child)

    walk(folder.rstrip("/"), True)
    return sorted(found)
