"""Leaf helpers every stage uses: value objects, diagnostics, text, dates, paths, errors."""
