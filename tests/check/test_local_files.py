"""Which image and link targets check.local_files reports, and how, apart from a build."""

from __future__ import annotations

from pathlib import Path

import pytest

from proposalkit.base.diagnostics import Diagnostics
from proposalkit.base.model import ParsedSection, Position
from proposalkit.check.local_files import IMAGE_CODE, LINK_CODE, check_local_files, problem
from proposalkit.parse.markdown import parse_markdown, parse_with_markdown_it
from proposalkit.parse.tree import new_node


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "ws" / "images").mkdir(parents=True)
    (tmp_path / "ws" / "images" / "map.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    return tmp_path / "ws"


@pytest.mark.parametrize(
    "target",
    [
        "images/map.png",
        "missing.png",
        "https://www.ilo.org/x.png",
        "#results",
        "",
        "%00",
        "../no-such.png",
        "/no/such.png",
        "..",
        "http://[::1",
    ],
)
def test_images_that_embed_nothing_from_outside_are_fine(root, target):
    assert problem("image", target, root) is None


@pytest.mark.parametrize("target", ["../secret.txt", "%2E%2E/secret.txt", "{secret}", "file://{secret}"])
def test_an_image_naming_a_file_outside_is_an_error(root, target):
    found = problem("image", target.format(secret=root.parent / "secret.txt"), root)
    assert found is not None and found[:2] == ("error", IMAGE_CODE)


@pytest.mark.parametrize(
    "target",
    ["images/map.png", "missing/annex.pdf", "https://www.ilo.org", "mailto:a@b.org", "#x", "%00", "http://[::1"],
)
def test_links_the_reader_can_follow_or_that_name_no_local_path_are_fine(root, target):
    assert problem("link", target, root) is None


@pytest.mark.parametrize(
    "target,where",
    [
        ("../secret.txt", "a path outside the workspace"),
        ("/etc/passwd", "a path outside the workspace"),
        ("../never-written.pdf", "a path outside the workspace"),
        ("file:///etc/passwd", "a file on this computer"),
        ("FILE:{inside}", "a file on this computer"),
    ],
)
def test_links_the_reader_cannot_follow_are_warnings(root, target, where):
    target = target.format(inside=root / "images/map.png")
    assert problem("link", target, root) == (
        "warning",
        LINK_CODE,
        f"link '{target}' names {where}, which the document's reader will not have",
    )


def test_the_parsers_keep_file_urls_as_text():
    """markdown-it refuses `file:` targets, so the link warning for them guards what a parser might let through."""
    for parse in (parse_markdown, parse_with_markdown_it):
        tree = parse("[a](file:///etc/passwd) ![b](file:///etc/hostname) <file:///etc/passwd>\n")
        paragraph = tree.children[0].children[0]
        assert {child.type for child in paragraph.children} == {"text"}


def test_a_file_link_in_a_tree_is_reported_at_its_block(root):
    link = new_node("link", "a")
    link.attrs = {"href": "file:///etc/passwd"}
    inline = new_node("inline", "", [1, 2])
    inline.children = [link]
    paragraph = new_node("paragraph", "p", [1, 2])
    paragraph.children = [inline]
    tree = new_node("root")
    tree.children = [paragraph]
    diags = Diagnostics()
    check_local_files([ParsedSection("s", "S", tree, Position("templates/sections/s.md.j2", 1))], root, diags)
    (found,) = diags.items
    assert (found.severity, found.code) == ("warning", LINK_CODE)
