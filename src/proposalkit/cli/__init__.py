"""The command line: `cli` is the click group of every command, `main` the console entry point."""

from .group import cli
from .main import main
from .output import use_colour

__all__ = ["cli", "main", "use_colour"]
