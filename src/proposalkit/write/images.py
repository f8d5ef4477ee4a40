"""Whether a local image can go into a Word document: the file an image target names, and what is wrong with
its bytes when it cannot be embedded. The writer and `check` ask the same question, so `check` warns of every
image `build` would replace by its alt text.

An image file is read by two decoders written for well-formed files: python-docx, which reads the header to
size the picture, and Pillow, which follows the data. Either may fail in any way on a damaged file (a short
read, a bad length, a chunk that ends early), so each is asked inside a guard that turns any failure into the
reason the image is left out. Nothing is decoded into pixels: Pillow's `verify` walks the file's structure.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from ..base.paths import local_path

NAME_MAX = 255  # bytes of one path component, as Linux, macOS and Windows file systems bound it
MAX_PIXELS = 50_000_000  # an embedded image's width x height; a 300 dpi photograph of A4 is 8.7 million


def image_file(target: str, root: Path) -> tuple[Path | None, str | None]:
    """(the file `target` names, None) when it is a local file; (None, why) for a path no file system can
    hold; else (None, None): a URL, an anchor, or a path naming no file."""
    try:
        path = local_path(target, root)
    except ValueError:  # an address urlsplit refuses, as http://[::1
        return None, None
    if path is None:
        return None, None
    if "\x00" in str(path):
        return None, "its path holds a NUL byte, which no file name can"
    long = next((part for part in path.parts if len(part.encode("utf-8", "surrogateescape")) > NAME_MAX), None)
    if long is not None:
        size = len(long.encode("utf-8", "surrogateescape"))
        return None, f"a name in its path is {size:,} bytes, over the {NAME_MAX} a file name may have"
    try:
        found = path.is_file()
    except (OSError, ValueError):  # a path longer than the system allows, a folder that may not be read
        found = False
    return (path if found else None), None


def image_problem(path: Path) -> str | None:
    """Why the image file at `path` cannot be embedded, or None when Word can show it."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image as Header

    try:
        if path.stat().st_size == 0:
            return "the file is empty"
        header = Header.from_file(str(path))
    except UnrecognizedImageError:
        return "not an image format Word can embed: PNG, JPEG, GIF, BMP or TIFF"
    except Exception:  # a damaged header fails however the decoder happens to fail
        return "its header is damaged or cut short"
    width, height = header.px_width, header.px_height
    if width <= 0 or height <= 0:
        return "it has no pixels"
    if width * height > MAX_PIXELS:
        return f"it is {width:,} x {height:,} pixels, over the {MAX_PIXELS // 1_000_000} million an image may have"
    return _data_problem(path)


def _data_problem(path: Path) -> str | None:
    """Why the image's data (past its header) is damaged, or None."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # Pillow's decompression-bomb warning, too, refuses the file
            with Image.open(path) as image:
                image.verify()
    except Exception:  # as above: any failure of the decoder is a damaged file
        return "its image data is damaged or cut short"
    return None


def unembeddable(target: str, root: Path) -> str | None:
    """The writer's warning for an image `target` it cannot embed, or None (an image it embeds, or a URL)."""
    path, reason = image_file(target, root)
    if path is None and reason is None:
        return f"image '{target}' is not a local file; its alt text is written instead"
    reason = reason if path is None else image_problem(path)
    return None if reason is None else f"image '{target}' could not be read ({reason}); its alt text is written instead"
