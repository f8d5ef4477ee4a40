"""`python -m proposalkit` runs the command line."""

from .cli import main

main()
