"""The console entry point: signals, the garbage collector's pace, numpy's threads, one line for any
failure, and a quick exit."""

from __future__ import annotations

import gc
import os
import sys

import click

from .group import cli


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: unwinds like KeyboardInterrupt, removing temporary files on the way."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum, _frame) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Console entry point: any unexpected failure is reported in one line, not as a traceback.

    The process then ends without Python's shutdown, which would free every object the command made one
    by one (a tenth of a 300-page build's time): every file is written and closed by then, and the output
    streams are flushed here. Where a stream cannot be flushed, Python's own exit reports it as usual."""
    try:
        _run()
    except SystemExit as exc:
        code = exc.code
        if code is not None and not isinstance(code, int):
            raise  # a message: printed by Python's own exit
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise exc from None
        os._exit(code or 0)


def _run() -> None:
    import signal

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    # A build allocates millions of short-lived objects (tokens, tree nodes, XML proxies) that form few
    # cycles; at Python's default threshold the cyclic collector scans them some 600 times, about a tenth
    # of a 300-page build. Collecting every 50,000 allocations keeps memory bounded at a fraction of the cost.
    gc.set_threshold(50_000, 20, 20)
    # numpy (under pandas, when a table is read) starts one OpenBLAS thread per CPU at import, which spin
    # while they start: 0.1 to 0.25 CPU seconds of every such build, for linear algebra no build does.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        cli.main(prog_name="proposalkit")
    except SystemExit:
        raise
    except Interrupted as exc:
        import signal

        name = signal.Signals(exc.signum).name
        click.echo(
            f"proposalkit: interrupted ({name}); files already built are complete, none is half-written", err=True
        )
        sys.exit(128 + exc.signum)
    except KeyboardInterrupt:
        click.echo("proposalkit: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug in proposalkit itself: say so plainly
        if os.environ.get("PROPOSALKIT_DEBUG"):
            raise
        click.echo(
            f"proposalkit: internal error: {type(exc).__name__}: {exc} (set PROPOSALKIT_DEBUG=1 to see the traceback)",
            err=True,
        )
        sys.exit(3)
