"""Render stage: section templates run in Jinja2's sandbox, producing Markdown."""
