"""The command line's shared parts: error handling for every command, the common options, finding the workspace."""

from __future__ import annotations

from pathlib import Path

import click

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class Command(click.Command):
    """A command whose `ProposalkitError`s become its exit: a bad invocation as click's usage error (exit 2),
    a failure as one `proposalkit: error:` line and its exit code."""

    def invoke(self, ctx: click.Context):
        from ..base.errors import ProposalkitError, UsageProblem

        refuse_undecodable(ctx)
        try:
            return super().invoke(ctx)
        except UsageProblem as exc:
            if exc.param_hint:
                raise click.BadParameter(shown_argument(str(exc)), ctx=ctx, param_hint=exc.param_hint) from None
            raise click.UsageError(shown_argument(str(exc)), ctx=ctx) from None
        except ProposalkitError as exc:
            click.echo(f"proposalkit: error: {shown_argument(str(exc))}", err=True)
            ctx.exit(exc.exit_code)


def shown_argument(text: str) -> str:
    """An argument as the user typed it: a byte that is not UTF-8 (which Python keeps as a lone surrogate)
    written as its escape, `\\xff`."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _undecodable(value) -> str | None:
    values = value if isinstance(value, tuple) else (value,)
    for one in values:
        if isinstance(one, str) and one != one.encode("utf-8", "surrogateescape").decode("utf-8", "replace"):
            return one
    return None


def refuse_undecodable(ctx: click.Context) -> None:
    """A text argument (a donor id, a title, a name) that is not UTF-8 is a usage error naming it; paths
    (`-w`, `--out`, files) may hold any bytes the file system allows."""
    for param in ctx.command.params:
        bad = _undecodable(ctx.params.get(param.name or ""))
        if bad is not None:
            raise click.BadParameter(
                f"'{shown_argument(bad)}' is not UTF-8 text; write it in UTF-8", ctx=ctx, param=param
            )


class Group(click.Group):
    """The command groups: their commands and subgroups handle errors as `Command` does."""

    command_class = Command
    group_class = type


workspace_option = click.option(
    "-w",
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    help="The workspace folder (default: the current folder or its nearest parent holding templates/proposal.yaml).",
)
donor_option = click.option(
    "-d",
    "--donor",
    "donors",
    multiple=True,
    metavar="ID",
    help="Build this donor's variant; repeat for several (default: the proposal's default_donor).",
)
all_option = click.option("--all", "all_donors", is_flag=True, help="Every donor profile of the workspace.")
final_option = click.option(
    "--final",
    is_flag=True,
    help="Accept only approved evidence (naming every citation of any other) and treat limits as errors.",
)


def find_root(workspace: Path | None) -> Path:
    from ..base.errors import WorkspaceNotFound
    from ..load.workspace import find_workspace

    try:
        return find_workspace(workspace, Path.cwd())
    except OSError as exc:  # a name too long for the file system, a folder that may not be read
        raise WorkspaceNotFound(f"{workspace or Path.cwd()} is not a workspace: {exc.strerror or exc}") from None


diagnostics_format_option = click.option(
    "--diagnostics-format",
    "diag_fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the diagnostics as one JSON document on standard output instead of lines on standard error.",
)


out_option = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the built files (default: the workspace's outputs/).",
)
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Variants built at once, in separate processes (default: the number of CPUs).",
)
