"""What the command line prints: diagnostics (coloured on terminals), summaries, progress, built files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click


def use_colour(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return not os.environ.get("NO_COLOR") and bool(isatty and isatty())


def report(diags) -> None:
    for line in diags.lines(colour=use_colour()):
        click.echo(line, err=True, color=use_colour() or None)


def report_json(command: str, diags, outputs=()) -> None:
    click.echo(diags.to_json(command=command, ok=not diags.has_errors, outputs=[str(p) for p in outputs]))


def summary(diags) -> str:
    errors = diags.error_count
    notes = sum(1 for d in diags.items if d.severity == "note")
    warnings = len(diags.items) - errors - notes
    text = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return text + (f", {notes} note{'s' * (notes != 1)}" if notes else "")


def shown(path: Path, root: Path) -> str:
    """`path` as printed: relative to the current folder where below it, a byte that is not UTF-8 as `\\xff`."""
    try:
        text = os.path.relpath(path, Path.cwd()) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        text = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class Progress:
    """A one-line progress display on a terminal; nothing at all when standard output is not one."""

    def __init__(self) -> None:
        self.active = sys.stdout.isatty()
        self.width = 0

    @classmethod
    def silent(cls) -> Progress:
        progress = cls()
        progress.active = False
        return progress

    def __call__(self, done: int, total: int, donor: str) -> None:
        if not self.active:
            return
        text = f"[{done}/{total}] " + (f"built {donor}" if done else f"building {total} variants...")
        self.width = max(self.width, len(text))
        click.echo("\r" + text.ljust(self.width), nl=False)

    def clear(self) -> None:
        if self.active and self.width:
            click.echo("\r" + " " * self.width + "\r", nl=False)


def print_variants(result, root: Path) -> None:
    width = max((len(v.donor_id) for v in result.variants), default=0)
    for v in result.variants:
        click.echo(
            f"{v.donor_id:<{width}}  ~{v.pages:4.1f} pages (estimated)  {v.words:>6,} words  {shown(v.path, root)}"
        )
        if v.pdf is not None:
            click.echo(
                f"{v.donor_id:<{width}}  {v.pdf_pages:5d} pages (LibreOffice)  {'':>6}        {shown(v.pdf, root)}"
            )
