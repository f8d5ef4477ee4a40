"""The commands: each parses its options, calls one pipeline or command function, prints its diagnostics
and picks the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from .options import (
    EXIT_ERRORS,
    EXIT_OK,
    Group,
    all_option,
    diagnostics_format_option,
    donor_option,
    final_option,
    find_root,
    jobs_option,
    out_option,
    shown_argument,
    workspace_option,
)
from .output import Progress, print_variants, report, report_json, shown, summary


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="proposalkit")
def cli() -> None:
    """Build donor funding proposals (Word) from section templates and an evidence library."""


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY that builds as it is."""
    from ..commands.init import create_workspace

    written = create_workspace(directory)
    name = shown_argument(str(directory))
    click.echo(f"created workspace {name} ({len(written)} files); build it with: proposalkit build -w {name}")


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
@click.option(
    "--toc-pages",
    type=click.Choice(["auto", "layout", "estimate"]),
    default="auto",
    show_default=True,
    help="Page numbers of the contents: from LibreOffice's layout of each variant (layout: one conversion each), "
    "from proposalkit's page model (estimate), or the layout where LibreOffice is installed (auto).",
)
@jobs_option
@diagnostics_format_option
def build(workspace, donors, all_donors, out, final, fmt, pdf, review, toc_pages, jobs, diag_fmt) -> None:
    """Build the Word document of each selected donor variant."""
    from ..pipeline import build as run_build

    if pdf and fmt != "docx":
        raise click.UsageError("--pdf converts the Word document: use it with --format docx")
    if review and fmt != "docx":
        raise click.UsageError("--review comments a Word document: use it with --format docx")
    root = find_root(workspace)
    progress = Progress() if diag_fmt == "text" else Progress.silent()
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
            toc_pages=toc_pages,
        )
    finally:
        progress.clear()
    if diag_fmt == "json":
        report_json("build", result.diagnostics, result.outputs)
        sys.exit(EXIT_ERRORS if result.diagnostics.has_errors else EXIT_OK)
    report(result.diagnostics)
    if result.diagnostics.has_errors:
        click.echo(f"build failed: {summary(result.diagnostics)}; nothing written", err=True)
        sys.exit(EXIT_ERRORS)
    print_variants(result, root)


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

    from ..base.errors import OutputFailed
    from ..base.paths import OUTPUTS_DIR, output_problem
    from ..commands.watch import watch as watch_workspace
    from ..pipeline import build as run_build

    root = find_root(workspace)
    if (refused := output_problem(out.resolve() if out else root / OUTPUTS_DIR, root)) is not None:
        raise OutputFailed(refused)  # else every rebuild would read, or be set off by, its own output

    def rebuild(ids) -> list[Path] | None:
        start = time.perf_counter()
        try:
            result = run_build(
                root,
                tuple(donors) if ids is None else ids,
                all_donors and ids is None,
                out.resolve() if out else None,
                jobs=jobs,
                toc_pages="estimate",  # a rebuild on save stays quick; a final build lays the contents out
            )
        except OutputFailed as exc:
            click.echo(f"proposalkit: error: {exc}", err=True)
            return None
        report(result.diagnostics)
        took = f"{time.perf_counter() - start:.2f} s"
        if result.diagnostics.has_errors:
            click.echo(f"build failed: {summary(result.diagnostics)}; the last good files are kept ({took})", err=True)
            return None
        print_variants(result, root)
        click.echo(f"built in {took}; watching {root / 'templates'} and {root / 'evidence'} (Ctrl-C stops)", err=True)
        return [*result.outputs, *result.traces]  # what this build wrote: a change to them is no edit

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
    from ..pipeline import check as run_check

    root = find_root(workspace)
    diags = run_check(root, tuple(donors), all_donors, final, exact_pages=exact_pages, jobs=jobs)
    if diag_fmt == "json":
        report_json("check", diags)
        sys.exit(EXIT_ERRORS if diags.has_errors else EXIT_OK)
    report(diags)
    if final:  # the errors again, as work to hand out
        from ..check.worklist import worklist

        for line in worklist(diags):
            click.echo(line)
    click.echo(f"check: {summary(diags)}", err=True)
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
    from ..commands.diff import compare_donors, compare_files, render_json, render_text

    if bool(donors) == bool(files) or len(donors or files) != 2:
        raise click.UsageError("give two donors (--donor A --donor B) or two .docx files, not both")
    if files:
        diags, comparison = compare_files(*files)
    else:
        diags, comparison = compare_donors(find_root(workspace), tuple(donors))
    report(diags)
    if comparison is None:
        click.echo(f"diff: {summary(diags)}; nothing compared", err=True)
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
    from ..commands.evidence import list_evidence

    root = find_root(workspace)
    diags, text = list_evidence(root, kind, status, fmt, tag=tag, cited=cited, summary=summary)
    report(diags)
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

    from ..commands.new import new_evidence as create

    date = None
    if date_text is not None:
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            raise click.BadParameter(f"'{date_text}' is not a date written YYYY-MM-DD", param_hint="'--date'") from None
    root = find_root(workspace)
    path = create(root, kind, title, date, id_=item_id, source=source)
    click.echo(f"created {shown(path, root)} (draft); fill in its body and front matter, then run: proposalkit check")


@new.command("translation")
@workspace_option
@click.argument("source", metavar="ID")
@click.option("--lang", "language", required=True, metavar="LANG", help="The language to translate into (BCP 47).")
def new_translation(workspace, source, language) -> None:
    """Write the stub of a translation of evidence item ID (or section template ID, e.g. sections/summary.md.j2)
    beside it: the source's text to translate over, and its fingerprint. Never overwrites."""
    from ..commands.translation import new_translation as create

    root = find_root(workspace)
    path = create(root, source, language)
    click.echo(f"created {shown(path, root)}; translate its text, keeping source_fingerprint as it is")


@cli.group()
def translation() -> None:
    """Translations of evidence items and section templates."""


@translation.command("status")
@workspace_option
@click.option("--lang", "languages", multiple=True, metavar="LANG", help="The language to report (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def translation_status(workspace, languages, fmt) -> None:
    """List each evidence item's and section template's translation: missing, stale or current."""
    from ..commands.translation import translation_status as status

    root = find_root(workspace)
    diags, text = status(root, tuple(languages), fmt)
    report(diags)
    click.echo(text)
    sys.exit(EXIT_ERRORS if diags.has_errors else EXIT_OK)


@cli.command()
@workspace_option
@click.argument("ids", metavar="ID...", nargs=-1, required=True)
@click.option("--by", "by", required=True, metavar="NAME", help="Who approves the items.")
@click.option("--on", "on_text", metavar="YYYY-MM-DD", help="The day of the approval (default: today).")
def approve(workspace, ids, by, on_text) -> None:
    """Record the approval of each evidence item ID: status approved, and who, when and the body's
    fingerprint under `approved:`; the rest of each file is left as it was."""
    import datetime as dt

    from ..base.diagnostics import Diagnostics
    from ..commands.approve import approve as record

    on = dt.date.today()
    if on_text is not None:
        try:
            on = dt.date.fromisoformat(on_text)
        except ValueError:
            raise click.BadParameter(f"'{on_text}' is not a date written YYYY-MM-DD", param_hint="'--on'") from None
    root = find_root(workspace)
    diags = Diagnostics()
    written = record(root, tuple(ids), by, on, diags)
    report(diags)
    for path in written:
        click.echo(f"approved {shown(path, root)} (by {by.strip()}, {on.isoformat()})")
    sys.exit(EXIT_ERRORS if diags.has_errors else EXIT_OK)


@cli.group()
def review() -> None:
    """Read a reviewed Word document back onto the sources that made it."""


@review.command("import")
@workspace_option
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--donor", "donor_id", metavar="ID", help="The variant the document is (default: as it says itself).")
@click.option(
    "--patch",
    "patch_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the tracked changes to typed text as one unified diff (git apply, patch -p1).",
)
@click.option(
    "--format",
    "diag_fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the findings as one JSON document on standard output.",
)
def review_import(workspace, document, donor_id, patch_file, diag_fmt) -> None:
    """Report every comment and tracked change of DOCUMENT at the source file and line that made its text."""
    from ..base.atomic import write_atomic
    from ..base.errors import OutputFailed
    from ..base.paths import output_problem
    from ..commands.review import import_review, unified_patch

    root = find_root(workspace)
    if patch_file is not None and (refused := output_problem(patch_file.absolute(), root, "--patch")) is not None:
        raise OutputFailed(refused)
    found = import_review(root, document, donor_id)
    if patch_file is not None:
        write_atomic(patch_file, unified_patch(found, root).encode("utf-8"))
    if diag_fmt == "json":
        report_json("review import", found.diags, [patch_file] if patch_file else [])
    else:
        report(found.diags)
        hunks = sum(len(edits) for edits in found.edits.values())
        click.echo(f"review import: {summary(found.diags)}; {hunks} change{'s' * (hunks != 1)} to patch", err=True)
    sys.exit(EXIT_ERRORS if found.diags.has_errors else EXIT_OK)
