"""Images and links that name local files: an image that would embed a file from outside the workspace is
refused; a link that will not work for the document's reader is a warning.

Images. The writer embeds a local image's bytes in the Word file, so a template or evidence item could
otherwise pull `../../../etc/passwd` (or a symlink to it) into a proposal. An image whose path, however
written (`..`, absolute, `%`-encoded, `file:`, a symlink), names a file outside the workspace is an error
located where the Markdown was written, and the build stops before anything is written. A path that names
no file (nothing, or a folder or device the writer would not read), no file a file system can hold (a NUL
byte, a name over 255 bytes) or a file that is not an image Word can show (empty, damaged, cut short, of
absurd size) embeds nothing: the writer writes the image's alt text instead, with its `write.content`
warning, which `check` reports too.

Links. A link reads no file: its target is written into the document as given, for the reader's Word to
follow. A `file:` URL, or a path that leaves the workspace (`..`, absolute, a symlink), names a place on
this computer that the document's reader will not have, so each is a warning. A relative path inside the
workspace (a file that may travel with the document) and URLs are left alone.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ..base.diagnostics import Diagnostics
from ..base.inputs import TOO_LARGE, InputRefused, checked
from ..base.model import ParsedSection, Position
from ..base.paths import local_path, resolves_inside
from ..write.images import unembeddable

IMAGE_CODE = "markdown.outside-workspace"
LINK_CODE = "markdown.link-outside-workspace"
WRITER_CODE = "write.content"


def _targets(root) -> Iterator[tuple[str, str, int | None]]:
    """(kind, target, 1-based line of the enclosing block) of every image and link, in document order."""
    stack = [(root, None)]
    while stack:
        node, line = stack.pop()
        if node.map:
            line = node.map[0] + 1
        if node.type == "image":
            yield "image", node.attrs.get("src", "") or "", line
        elif node.type == "link":
            yield "link", node.attrs.get("href", "") or "", line
        if node.children:
            stack.extend([(child, line) for child in reversed(node.children)])


def _outside(path: Path, root: Path) -> bool:
    """Whether `path`, symlinks followed, lies outside `root`; a path no file system can hold (a NUL
    byte in it) names nothing, and so nothing outside."""
    try:
        return not resolves_inside(path, root)
    except (ValueError, OSError):
        return False


def _is_file(path: Path) -> bool:
    try:
        return os.path.isfile(path)
    except (ValueError, OSError):
        return False


def _path_of(target: str, root: Path) -> Path | None:
    """The local file `target` names, or None (a URL, an anchor, an address urlsplit refuses as `http://[::1`)."""
    try:
        return local_path(target, root)
    except ValueError:
        return None


def problem(kind: str, target: str, root: Path) -> tuple[str, str, str] | None:
    """(severity, code, message) for an image or link `target`, or None when it is fine."""
    path = _path_of(target, root)
    if path is None:
        return None
    if kind == "image":
        if _outside(path, root) and _is_file(path):
            return (
                "error",
                IMAGE_CODE,
                f"image '{target}' names a file outside the workspace; images must be inside the workspace folder",
            )
        if os.path.isfile(path):
            try:
                checked(path, root, ".png")  # its size: the writer reads the whole file into the document
            except InputRefused as exc:
                if exc.code == TOO_LARGE:
                    return "error", TOO_LARGE, f"image '{target}': {exc}"
        return None
    if urlsplit(target).scheme == "file":  # urlsplit lowercases the scheme; local_path has split it already
        where = "a file on this computer"
    elif _outside(path, root):
        where = "a path outside the workspace"
    else:
        return None
    return "warning", LINK_CODE, f"link '{target}' names {where}, which the document's reader will not have"


def check_local_files(
    sections: list[ParsedSection], root: Path, diags: Diagnostics, generated: Collection[str] = ()
) -> None:
    """Report every image that would embed a file from outside the workspace at `root`, every image the
    writer cannot embed (but those it draws itself, `generated`), and every link the document's reader cannot
    follow to a local file."""
    for section in sections:
        for kind, target, line in _targets(section.tree):
            found = problem(kind, target, root)
            if (
                found is None and kind == "image" and target not in generated
            ):  # the writer's own warning: check reports what build will
                cannot = unembeddable(target, root)
                found = None if cannot is None else ("warning", WRITER_CODE, cannot)
            if found is None:
                continue
            severity, code, message = found
            where: Position = section.sources.find(target, line) if section.sources is not None else section.source
            if severity == "error":
                diags.error(where, code, message)
            else:
                diags.warning(where, code, message)
