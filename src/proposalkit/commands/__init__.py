"""The commands beside build and check: init, new, evidence listing, diff and watch, one module each."""
