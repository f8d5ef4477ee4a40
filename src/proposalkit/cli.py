"""The command line: parse options, call one pipeline function, print diagnostics, pick the exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

workspace_option = click.option(
    "-w", "--workspace", type=click.Path(file_okay=False, path_type=Path),
    help="The workspace folder (default: the current folder or its nearest parent holding templates/proposal.yaml).",
)
donor_option = click.option("--donor", "donors", multiple=True, metavar="ID",
                            help="Build this donor's variant; repeat for several (default: the proposal's default_donor).")
all_option = click.option("--all", "all_donors", is_flag=True, help="Every donor profile of the workspace.")
final_option = click.option("--final", is_flag=True, help="Treat cited draft evidence and word limits as errors.")


def _root(workspace: Path | None) -> Path:
    from .load.workspace import WorkspaceNotFound, find_workspace

    try:
        return find_workspace(workspace, Path.cwd())
    except WorkspaceNotFound as exc:
        raise click.UsageError(str(exc)) from None


def _report(diags) -> None:
    for line in diags.lines():
        click.echo(line, err=True)


def _summary(diags) -> str:
    errors = sum(1 for d in diags.items if d.severity == "error")
    warnings = len(diags.items) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _shown(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, Path.cwd()) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="proposalkit")
def cli() -> None:
    """Build donor funding proposals (Word) from section templates and an evidence library."""


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY that builds as it is."""
    from .scaffold import ScaffoldError, create_workspace

    try:
        written = create_workspace(directory)
    except ScaffoldError as exc:
        click.echo(f"proposalkit: error: {exc}", err=True)
        sys.exit(EXIT_ERRORS)
    click.echo(f"created workspace {directory} ({len(written)} files); build it with: proposalkit build -w {directory}")


@cli.command()
@workspace_option
@donor_option
@all_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the built files (default: the workspace's outputs/).")
@final_option
@click.option("--format", "fmt", type=click.Choice(["docx", "md"]), default="docx", show_default=True,
              help="docx: the Word document; md: the assembled Markdown with citations as footnotes.")
def build(workspace, donors, all_donors, out, final, fmt) -> None:
    """Build the Word document of each selected donor variant."""
    from .pipeline import UnknownDonor, build as run_build

    root = _root(workspace)
    try:
        result = run_build(root, tuple(donors), all_donors, out.resolve() if out else None, final, fmt)
    except UnknownDonor as exc:
        raise click.UsageError(str(exc)) from None
    _report(result.diagnostics)
    if result.diagnostics.has_errors:
        click.echo(f"build failed: {_summary(result.diagnostics)}; nothing written", err=True)
        sys.exit(EXIT_ERRORS)
    for path in result.outputs:
        click.echo(f"wrote {_shown(path, root)}")


@cli.command()
@workspace_option
@donor_option
@all_option
@final_option
def check(workspace, donors, all_donors, final) -> None:
    """Report every problem a build would meet, donor limits included, without writing."""
    from .pipeline import UnknownDonor, check as run_check

    root = _root(workspace)
    try:
        diags = run_check(root, tuple(donors), all_donors, final)
    except UnknownDonor as exc:
        raise click.UsageError(str(exc)) from None
    _report(diags)
    click.echo(f"check: {_summary(diags)}", err=True)
    sys.exit(EXIT_ERRORS if diags.has_errors else EXIT_OK)


@cli.command()
@workspace_option
@click.option("--kind", help="Only items of this kind.")
@click.option("--status", type=click.Choice(["draft", "reviewed", "approved"]), help="Only items with this status.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def evidence(workspace, kind, status, fmt) -> None:
    """List the evidence library: id, kind, status, date, title and what is still missing."""
    from .report import list_evidence

    root = _root(workspace)
    diags, text = list_evidence(root, kind, status, fmt)
    _report(diags)
    if text:
        click.echo(text)
    sys.exit(EXIT_ERRORS if diags.has_errors else EXIT_OK)


def main() -> None:
    """Console entry point: any unexpected failure is reported in one line, not as a traceback."""
    try:
        cli.main(prog_name="proposalkit")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("proposalkit: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug in proposalkit itself: say so plainly
        if os.environ.get("PROPOSALKIT_DEBUG"):
            raise
        click.echo(f"proposalkit: internal error: {type(exc).__name__}: {exc} "
                   "(set PROPOSALKIT_DEBUG=1 to see the traceback)", err=True)
        sys.exit(3)
