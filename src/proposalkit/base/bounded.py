"""Steps of work run in a forked child process that the operating system bounds.

The child's address space may grow by at most `Bounds.memory` bytes past its size when it starts
(`RLIMIT_AS`, so an allocation past it fails in the child, whatever code asks for it), and the parent kills
the child (SIGKILL) when one step has run for more than `Bounds.seconds` of wall-clock time. The child names
each step before starting it and sends each step's result as soon as it has one, so the parent knows which
step was running when the child stopped, keeps every result before it, and goes on with the steps after it
in a new child. The child dies with its parent, however the parent dies (`die_with_parent`).

Where the platform cannot fork, the steps run in this process, bounded only by what they check themselves.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import os
import pickle
import select
import signal
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_PR_SET_PDEATHSIG = 1
_HEADER = struct.Struct("<cQ")  # message kind, payload length
_START, _DONE, _FAILED, _MEMORY = b"s", b"d", b"f", b"m"
_RESERVE = 16 * 1024 * 1024  # address space held back in the child for reporting an allocation that failed


@dataclass(frozen=True)
class Bounds:
    """What a child may use: `memory` bytes of address space past its size at the start, `seconds` a step."""

    memory: int
    seconds: float


@dataclass(frozen=True)
class Stopped:
    """The result of a step the child did not finish: `reason` is "time" (killed at the time limit) or
    "memory" (an allocation failed at the memory limit, or the child died of a signal while allocating)."""

    reason: str
    detail: str


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process (SIGKILL) when its parent dies, and exit now if `parent`, the
    process that started this one, has already died (the request only covers a death after it is made)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux's /proc/self/statm), None where it is not known."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


_reserve: list[bytes] = []
_bound: list[int] = []  # in a bounded child, the bytes its address space may grow by


def memory_bound() -> int | None:
    """The bytes this process's address space may grow by, when it is a bounded child; else None."""
    return _bound[0] if _bound else None


def release_reserve() -> None:
    """Give back the address space held for reporting: call on MemoryError, before building the report."""
    _reserve.clear()


def run_steps(
    prepare: Callable[[], Callable[[int], Any]],
    count: int,
    bounds: Bounds,
    *,
    fork: bool = True,
) -> list[Any]:
    """`[step(i) for i in range(count)]` with `step = prepare()`, in a bounded child process; a step the child
    did not finish is a `Stopped` in its place. An exception a step raises is raised here.

    `prepare` runs in the child (again in each new child after one was stopped), bounded like a step; a
    child stopped while preparing is reported as stopped in its first step. With `fork` false, or where the platform cannot fork, everything runs in this process.
    """
    if count == 0:
        return []
    if not fork or not can_fork():
        step = prepare()
        return [step(index) for index in range(count)]
    results: list[Any] = []
    while len(results) < count:
        results.extend(_run_child(prepare, len(results), count, bounds))
    return results


def _run_child(prepare: Callable[[], Callable[[int], Any]], first: int, count: int, bounds: Bounds) -> list[Any]:
    """The results of steps `first`, `first + 1`, ... of one child, up to and including a step it did not finish."""
    read_end, write_end = os.pipe()
    parent = os.getpid()
    gc.freeze()  # the child's collector then leaves the inherited objects alone (and their pages shared)
    try:
        pid = os.fork()
    except BaseException:
        gc.unfreeze()
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # the child: it never returns from here
        os.close(read_end)
        _child(prepare, first, count, bounds, write_end, parent)
    gc.unfreeze()
    os.close(write_end)
    child = _Child(pid)
    try:
        return _collect(child, read_end, bounds)
    finally:
        os.close(read_end)
        child.stop()


def _child(prepare, first: int, count: int, bounds: Bounds, out: int, parent: int) -> None:
    status = 0
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):  # the parent's handlers would unwind the parent's work
            signal.signal(signum, signal.SIG_DFL)
        die_with_parent(parent)
        size = address_space()
        if size is not None:
            import resource

            limit = size + bounds.memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            _bound.append(bounds.memory)
        _reserve.append(bytes(_RESERVE))
        index = first
        try:
            step = prepare()
            while index < count:
                _send(out, _START, struct.pack("<Q", index))
                result = step(index)
                if not _reserve:
                    _reserve.append(bytes(_RESERVE))
                _send(out, _DONE, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
                index += 1
        except MemoryError:
            release_reserve()
            _send(out, _MEMORY, b"")
        except Exception as exc:  # not the steps' to report: the parent raises it as this process would
            _send(out, _FAILED, _pickled_exception(exc))
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _pickled_exception(exc: Exception) -> bytes:
    try:
        return pickle.dumps(exc)
    except Exception:
        return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))


def _send(out: int, kind: bytes, payload: bytes) -> None:
    view = memoryview(_HEADER.pack(kind, len(payload)) + payload)
    while view:
        view = view[os.write(out, view) :]


class _Child:
    """A forked child process, waited for once."""

    def __init__(self, pid: int):
        self.pid = pid
        self.code: int | None = None  # its exit code once waited for (negative: the signal that ended it)

    def kill(self) -> None:
        if self.code is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        if self.code is None:
            try:
                _, status = os.waitpid(self.pid, 0)
                self.code = os.waitstatus_to_exitcode(status)
            except ChildProcessError:
                self.code = 0
        return self.code

    def stop(self) -> None:
        """Kill it if it still runs, and wait for it (so no child is left, whatever ended the parent's wait)."""
        if self.code is None:
            self.kill()
            self.wait()


def _collect(child: _Child, source: int, bounds: Bounds) -> list[Any]:
    """The child's results until it has sent its last one, or stopped, or had to be stopped; the step it did
    not finish (the one after its last result) is a `Stopped`."""
    results: list[Any] = []
    buffer = bytearray()
    deadline = time.monotonic() + bounds.seconds  # for preparing and the first step
    while True:
        message = _message(buffer)
        if message is not None:
            kind, payload = message
            if kind == _START:
                deadline = time.monotonic() + bounds.seconds
            elif kind == _DONE:
                results.append(pickle.loads(payload))
            elif kind == _MEMORY:
                return [*results, Stopped("memory", f"an allocation failed at the limit of {bounds.memory:,} bytes")]
            elif kind == _FAILED:
                raise pickle.loads(payload)
            continue
        left = deadline - time.monotonic()
        if left <= 0:
            child.stop()
            return [*results, Stopped("time", f"ran for more than {bounds.seconds:g} seconds")]
        ready, _, _ = select.select([source], [], [], left)
        if not ready:
            continue
        data = os.read(source, 1 << 20)
        if data:
            buffer += data
            continue
        code = child.wait()  # the pipe's end: the child has exited
        if code == 0:
            return results
        how = f"signal {-code}" if code < 0 else f"status {code}"
        return [*results, Stopped("memory", f"the process rendering it ended ({how}), most likely out of memory")]


def _message(buffer: bytearray) -> tuple[bytes, bytes] | None:
    if len(buffer) < _HEADER.size:
        return None
    kind, length = _HEADER.unpack_from(buffer)
    end = _HEADER.size + length
    if len(buffer) < end:
        return None
    payload = bytes(buffer[_HEADER.size : end])
    del buffer[:end]
    return kind, payload
