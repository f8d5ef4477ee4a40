"""Images and links that name local files must stay inside the workspace.

The writer embeds a local image's bytes in the Word file, and a link's target is written as given, so a
template or evidence item could otherwise pull `../../../etc/passwd` (or a symlink to it) into a proposal.
A path leaving the workspace, however written (`..`, absolute, `file:` URL, a symlink), is an error located
where the Markdown was written; the build stops before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..base.diagnostics import Diagnostics
from ..base.model import ParsedSection
from ..base.paths import local_path, resolves_inside


def _targets(node) -> Iterator[tuple[str, str]]:
    """(kind, target) of every image and link in the tree, in document order."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "image":
            yield "image", current.attrs.get("src", "") or ""
        elif current.type == "link":
            yield "link", current.attrs.get("href", "") or ""
        stack.extend(reversed(current.children))


def check_local_files(sections: list[ParsedSection], root: Path, diags: Diagnostics) -> None:
    """Report every image or link whose local file resolves outside the workspace at `root`."""
    for section in sections:
        for kind, target in _targets(section.tree):
            path = local_path(target, root)
            if path is None or resolves_inside(path, root):
                continue
            where = section.sources.find(target) if section.sources is not None else section.source
            diags.error(
                where,
                "markdown.outside-workspace",
                f"{kind} '{target}' names a file outside the workspace; images and linked files must be "
                "inside the workspace folder",
            )
