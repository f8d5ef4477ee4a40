"""A map over items in worker processes (forked, so the work and its inputs are not pickled), results in
the items' order; with one item or one process, in this process. The workers die with the process that
started them, however it dies."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from .bounded import die_with_parent
from .errors import WorkerLost

T = TypeVar("T")
R = TypeVar("R")

Progress = Callable[[int, int, str], None]  # (items done, items in all, name of the item just done)

_WORK: dict = {}  # the function and items of the map in hand, inherited by the forked workers


def default_jobs() -> int:
    """Processes for a multi-item run: the CPUs this process may use, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _init(function: Callable, items: Sequence, parent: int) -> None:
    die_with_parent(parent)  # a worker outlives no parent, whatever ends it (SIGKILL included)
    _WORK.update(function=function, items=items)


def _call(index: int):
    return _WORK["function"](_WORK["items"][index])


def _can_fork() -> bool:
    import multiprocessing  # only for several items: a single one is made without it

    return "fork" in multiprocessing.get_all_start_methods()


def map_processes(
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int,
    name: Callable[[T], str] = str,
    progress: Progress | None = None,
) -> list[R]:
    """`[function(item) for item in items]`, in up to `jobs` forked processes when there are several items.

    Where the platform cannot fork, the items run here one after the other. An interrupt, or a failure in
    one item, stops the other workers at once rather than after their items.
    """
    total = len(items)
    if progress:
        progress(0, total, "")
    if total <= 1 or jobs <= 1 or not _can_fork():
        results = []
        for n, item in enumerate(items, start=1):
            results.append(function(item))
            if progress:
                progress(n, total, name(item))
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    done: dict[int, R] = {}
    with ProcessPoolExecutor(
        max_workers=min(jobs, total),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init,
        initargs=(function, items, os.getpid()),
    ) as pool:
        futures = {pool.submit(_call, index): index for index in range(total)}
        try:
            for n, future in enumerate(as_completed(futures), start=1):
                index = futures[future]
                done[index] = future.result()
                if progress:
                    progress(n, total, name(items[index]))
        except BaseException as exc:  # an interrupt or a failed item: stop the other workers now
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            if isinstance(exc, BrokenProcessPool):
                raise WorkerLost(
                    "a worker process making the variants ended without its result: it was killed from outside, "
                    "or by the system for lack of memory; nothing was written"
                ) from None
            raise
    return [done[index] for index in range(total)]
