"""Files written all or none: each staged beside its target and flushed, then all renamed at once."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_TEMPORARY = re.compile(r"^\..+\.pk(\d+)\.[A-Za-z0-9_]{8}\.tmp$")
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _stage(path: Path, data: bytes) -> Path:
    """`data` written to a temporary file beside `path` and flushed to disk; removed again if writing fails.

    The temporary file, `.NAME.pkPID.XXXXXXXX.tmp`, is removed on any error or signal this process can
    handle; one left by a killed process is removed by the next build writing to that folder.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.pk{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # as an ordinary new file: mkstemp makes it private to its owner
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename, so readers never see half a file."""
    write_all([(path, data)])


def create_atomic(path: Path, data: bytes) -> None:
    """Create `path` holding `data`, whole or not at all, and never over an existing file (or a symlink
    there): the data is staged and flushed, then hard-linked into place, which fails if `path` exists."""
    tmp = _stage(path, data)
    try:
        os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file through temporary files renamed only once all are written: a failure (a full disk)
    leaves each earlier file as it was and no temporary file behind."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def write_into(folder: Path, files: list[tuple[Path, bytes]]) -> None:
    """`write_all` into `folder`, after removing the temporaries killed builds left there; on any failure
    or signal this process's own temporaries are removed too."""
    remove_stale_temporaries(folder)
    try:
        write_all(files)
    except BaseException:
        remove_stale_temporaries(folder, own=True)
        raise


def remove_stale_temporaries(folder: Path, *, own: bool = False) -> None:
    """Remove the temporary files that killed builds left in `folder` (their process no longer runs);
    with `own`, those of this process instead (a signal may come before `write_atomic` knows its file)."""
    if not folder.is_dir():
        return
    for entry in os.scandir(folder):
        match = _TEMPORARY.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(match.group(1))
        if (pid == os.getpid()) != own or (not own and _running(pid)):
            continue  # this build's own file, or another build is writing it right now
        Path(entry.path).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
