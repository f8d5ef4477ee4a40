"""What stops a command before or instead of a build, each with the exit status the command line gives it.

Problems in the inputs are never exceptions: they are diagnostics, collected so that one run reports
them all. These are bad invocations (exit 2) and failures to do what was asked (exit 1); the command
line catches `ProposalkitError` in one place and prints its message.
"""

from __future__ import annotations


class ProposalkitError(Exception):
    """A command could not do what was asked; `exit_code` is the status the command line exits with."""

    exit_code = 1


class UsageProblem(ProposalkitError):
    """The invocation itself is wrong (an unknown donor, no workspace); `param_hint` names the option at fault."""

    exit_code = 2
    param_hint: str | None = None


class WorkspaceNotFound(UsageProblem):
    """No folder holding templates/proposal.yaml was found."""


class UnknownDonor(UsageProblem):
    """A donor id given on the command line has no profile."""


class UnknownKind(UsageProblem):
    """KIND is not one of the workspace's evidence kinds."""

    param_hint = "KIND"


class BadFilter(UsageProblem):
    """A listing filter names a kind the workspace does not know."""

    param_hint = "'--kind'"


class OutputFailed(ProposalkitError):
    """A built file could not be written where it was asked for."""


class WorkerLost(ProposalkitError):
    """A worker process ended without its result: killed from outside, or by the system for lack of memory."""


class ConverterMissing(ProposalkitError):
    """LibreOffice (soffice) is not installed or not on PATH."""


class ScaffoldError(ProposalkitError):
    """The target folder cannot take a new workspace."""


class NewItemError(ProposalkitError):
    """An item cannot be created: a bad id or date, an existing file, or a workspace that does not load."""


class ReviewFileError(ProposalkitError):
    """A reviewed file `review import` cannot use: not a Word document, or not one of this workspace's."""
