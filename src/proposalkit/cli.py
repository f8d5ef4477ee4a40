"""The command line: parse options, call one pipeline function, print diagnostics, pick the exit code."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class Command(click.Command):
    """A command whose `ProposalkitError`s become its exit: a bad invocation as click's usage error (exit 2),
    a failure as one `proposalkit: error:` line and its exit code."""

    def invoke(self, ctx: click.Context):
        from .base.errors import ProposalkitError, UsageProblem

        try:
            return super().invoke(ctx)
        except UsageProblem as exc:
            if exc.param_hint:
                raise click.BadParameter(str(exc), ctx=ctx, param_hint=exc.param_hint) from None
            raise click.UsageError(str(exc), ctx=ctx) from None
        except ProposalkitError as exc:
            click.echo(f"proposalkit: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


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


def _root(workspace: Path | None) -> Path:
    from .load.workspace import find_workspace

    return find_workspace(workspace, Path.cwd())


def use_colour(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return not os.environ.get("NO_COLOR") and bool(isatty and isatty())


def _report(diags) -> None:
    for line in diags.lines(colour=use_colour()):
        click.echo(line, err=True, color=use_colour() or None)


diagnostics_format_option = click.option(
    "--diagnostics-format",
    "diag_fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the diagnostics as one JSON document on standard output instead of lines on standard error.",
)


def _report_json(command: str, diags, outputs=()) -> None:
    click.echo(diags.to_json(command=command, ok=not diags.has_errors, outputs=[str(p) for p in outputs]))


def _summary(diags) -> str:
    errors = diags.error_count
    notes = sum(1 for d in diags.items if d.severity == "note")
    warnings = len(diags.items) - errors - notes
    text = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return text + (f", {notes} note{'s' * (notes != 1)}" if notes else "")


def _shown(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, Path.cwd()) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="proposalkit")
def cli() -> None:
    """Build donor funding proposals (Word) from section templates and an evidence library."""


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY that builds as it is."""
    from .commands.init import create_workspace

    written = create_workspace(directory)
    click.echo(f"created workspace {directory} ({len(written)} files); build it with: proposalkit build -w {directory}")


class _Progress:
    """A one-line progress display on a terminal; nothing at all when standard output is not one."""

    def __init__(self) -> None:
        self.active = sys.stdout.isatty()
        self.width = 0

    @classmethod
    def silent(cls) -> _Progress:
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


@cli.command()
@workspace_option
@donor_option
@all_option
@out_option
@final_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "md"]),
    default="docx",
    show_default=True,
    help="docx: the Word document; md: the assembled Markdown with citations as footnotes.",
)
@click.option("--pdf", is_flag=True, help="Also write a PDF beside each .docx, converted by LibreOffice (soffice).")
@click.option(
    "--review",
    is_flag=True,
    help="Write a review copy (NAME-review.docx): each paragraph taken from an evidence item carries a "
    "Word comment naming the item's file, status and reviewer.",
)
@jobs_option
@diagnostics_format_option
def build(workspace, donors, all_donors, out, final, fmt, pdf, review, jobs, diag_fmt) -> None:
    """Build the Word document of each selected donor variant."""
    from .pipeline import build as run_build

    if pdf and fmt != "docx":
        raise click.UsageError("--pdf converts the Word document: use it with --format docx")
    if review and fmt != "docx":
        raise click.UsageError("--review comments a Word document: use it with --format docx")
    root = _root(workspace)
    progress = _Progress() if diag_fmt == "text" else _Progress.silent()
    try:
        result = run_build(
            root,
            tuple(donors),
            all_donors,
            out.resolve() if out else None,
            final,
            fmt,
            pdf=pdf,
            jobs=jobs,
            progress=progress,
            review=review,
        )
    finally:
        progress.clear()
    if diag_fmt == "json":
        _report_json("build", result.diagnostics, result.outputs)
        sys.exit(EXIT_ERRORS if result.diagnostics.has_errors else EXIT_OK)
    _report(result.diagnostics)
    if result.diagnostics.has_errors:
        click.echo(f"build failed: {_summary(result.diagnostics)}; nothing written", err=True)
        sys.exit(EXIT_ERRORS)
    _print_variants(result, root)


def _print_variants(result, root: Path) -> None:
    width = max((len(v.donor_id) for v in result.variants), default=0)
    for v in result.variants:
        click.echo(
            f"{v.donor_id:<{width}}  ~{v.pages:4.1f} pages (estimated)  {v.words:>6,} words  {_shown(v.path, root)}"
        )
        if v.pdf is not None:
            click.echo(
                f"{v.donor_id:<{width}}  {v.pdf_pages:5d} pages (LibreOffice)  {'':>6}        {_shown(v.pdf, root)}"
            )


@cli.command()
@workspace_option
@donor_option
@all_option
@out_option
@jobs_option
def watch(workspace, donors, all_donors, out, jobs) -> None:
    """Build, then rebuild the variants an edit affects whenever evidence, templates or data change.

    A failed rebuild prints its diagnostics and leaves the last good documents in place. Stop with Ctrl-C.
    """
    import time

    from .base.errors import OutputFailed
    from .commands.watch import watch as watch_workspace
    from .pipeline import build as run_build

    root = _root(workspace)

    def rebuild(ids) -> None:
        start = time.perf_counter()
        try:
            result = run_build(
                root,
                tuple(donors) if ids is None else ids,
                all_donors and ids is None,
                out.resolve() if out else None,
                jobs=jobs,
            )
        except OutputFailed as exc:
            click.echo(f"proposalkit: error: {exc}", err=True)
            return
        _report(result.diagnostics)
        took = f"{time.perf_counter() - start:.2f} s"
        if result.diagnostics.has_errors:
            click.echo(f"build failed: {_summary(result.diagnostics)}; the last good files are kept ({took})", err=True)
            return
        _print_variants(result, root)
        click.echo(f"built in {took}; watching {root / 'templates'} and {root / 'evidence'} (Ctrl-C stops)", err=True)

    def announce(plan) -> None:
        shown = ", ".join(plan.changed[:3]) + (f" and {len(plan.changed) - 3} more" if len(plan.changed) > 3 else "")
        click.echo(
            f"changed: {shown}; rebuilding {', '.join(plan.donors) if any(plan.donors) else 'the default variant'}",
            err=True,
        )

    watch_workspace(root, rebuild, announce, selected=tuple(donors), all_donors=all_donors)
    click.echo("stopped watching", err=True)


@cli.command()
@workspace_option
@donor_option
@all_option
@final_option
@click.option(
    "--exact-pages",
    is_flag=True,
    help="Also build each variant, convert it to PDF with LibreOffice and check its real page count "
    "against the donor's whole-document max_pages.",
)
@jobs_option
@click.option(
    "--format",
    "diag_fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the diagnostics as one JSON document on standard output.",
)
@click.option(
    "--diagnostics-format",
    "diag_fmt",
    type=click.Choice(["text", "json"]),
    hidden=True,
    help="The same as --format, as build spells it.",
)
def check(workspace, donors, all_donors, final, exact_pages, jobs, diag_fmt) -> None:
    """Report every problem a build would meet, donor limits included, without writing."""
    from .pipeline import check as run_check

    root = _root(workspace)
    diags = run_check(root, tuple(donors), all_donors, final, exact_pages=exact_pages, jobs=jobs)
    if diag_fmt == "json":
        _report_json("check", diags)
        sys.exit(EXIT_ERRORS if diags.has_errors else EXIT_OK)
    _report(diags)
    click.echo(f"check: {_summary(diags)}", err=True)
    sys.exit(EXIT_ERRORS if diags.has_errors else EXIT_OK)


@cli.command()
@workspace_option
@click.option(
    "--donor",
    "donors",
    multiple=True,
    metavar="ID",
    help="A donor variant to compare; give exactly two (instead of two .docx files).",
)
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(workspace, donors, files, fmt) -> None:
    """Compare two donor variants (--donor A --donor B) or two built .docx files (FILE_A FILE_B):
    sections added, removed, renamed and moved, words per section, and numbers that changed."""
    from .commands.diff import compare_donors, compare_files, render_json, render_text

    if bool(donors) == bool(files) or len(donors or files) != 2:
        raise click.UsageError("give two donors (--donor A --donor B) or two .docx files, not both")
    if files:
        diags, comparison = compare_files(*files)
    else:
        diags, comparison = compare_donors(_root(workspace), tuple(donors))
    _report(diags)
    if comparison is None:
        click.echo(f"diff: {_summary(diags)}; nothing compared", err=True)
        sys.exit(EXIT_ERRORS)
    click.echo(render_json(comparison) if fmt == "json" else render_text(comparison))


@cli.command()
@workspace_option
@click.option("--kind", help="Only items of this kind.")
@click.option("--status", type=click.Choice(["draft", "reviewed", "approved"]), help="Only items with this status.")
@click.option("--tag", help="Only items carrying this tag.")
@click.option(
    "--cited/--uncited",
    "cited",
    default=None,
    help="Only items that some donor variant cites (--cited), or that none cites (--uncited).",
)
@click.option("--summary", is_flag=True, help="Counts by kind and status instead of the list of items.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def evidence(workspace, kind, status, tag, cited, summary, fmt) -> None:
    """List the evidence library: id, kind, status, date, title and what is still missing."""
    from .commands.evidence import list_evidence

    root = _root(workspace)
    diags, text = list_evidence(root, kind, status, fmt, tag=tag, cited=cited, summary=summary)
    _report(diags)
    if text:
        click.echo(text)
    sys.exit(EXIT_ERRORS if diags.has_errors else EXIT_OK)


@cli.group()
def new() -> None:
    """Create a new item in the workspace."""


@new.command("evidence")
@workspace_option
@click.argument("kind")
@click.argument("title")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The item's date (default: today).")
@click.option("--id", "item_id", metavar="ID", help="The item's id and file name (default: made from the title).")
@click.option("--source", help="Where the evidence comes from (default: 'to be completed', listed as missing).")
def new_evidence(workspace, kind, title, date_text, item_id, source) -> None:
    """Write a draft evidence item of KIND titled TITLE, in the folder that kind lives in."""
    import datetime as dt

    from .commands.new import new_evidence as create

    date = None
    if date_text is not None:
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            raise click.BadParameter(f"'{date_text}' is not a date written YYYY-MM-DD", param_hint="'--date'") from None
    root = _root(workspace)
    path = create(root, kind, title, date, id_=item_id, source=source)
    click.echo(f"created {_shown(path, root)} (draft); fill in its body and front matter, then run: proposalkit check")


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: unwinds like KeyboardInterrupt, removing temporary files on the way."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum, _frame) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Console entry point: any unexpected failure is reported in one line, not as a traceback."""
    import signal

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    # A build allocates millions of short-lived objects (tokens, tree nodes, XML proxies) that form few
    # cycles; at Python's default threshold the cyclic collector scans them some 600 times, about a tenth
    # of a 300-page build. Collecting every 50,000 allocations keeps memory bounded at a fraction of the cost.
    gc.set_threshold(50_000, 20, 20)
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
