"""The source map of a rendered section: every typed character points at the file and column it came from."""

from __future__ import annotations

from pathlib import Path

from proposalkit.base.diagnostics import Diagnostics
from proposalkit.load.workspace import load_workspace
from proposalkit.pipeline import select_donors
from proposalkit.render.sections import render_sections

from ..conftest import REPO


def write(root: Path, rel: str, text: str, newline: str = "\n") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))


def section(root: Path, section_id: str = "summary"):
    diags = Diagnostics()
    ws = load_workspace(root, diags)
    rendered = render_sections(ws, select_donors(ws, (), False)[0], diags)
    return next(r for r in rendered if r.id == section_id)


def char_at(root: Path, position) -> str:
    lines = (root / position.path).read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    return lines[position.line - 1][position.column - 1]


def test_literal_text_maps_to_its_line_and_column_through_loops_and_includes(starter):
    write(starter, "templates/sections/part.md.j2", "Included line with {{ 2 + 2 }} in it.\n")
    write(
        starter,
        "templates/sections/summary.md.j2",
        "First line.\n{% for n in [1, 2] %}\nItem {{ n }} of the loop.\n{% endfor %}\n"
        "{% include 'sections/part.md.j2' %}\nLast line.\n",
    )
    r = section(starter)
    checks = {"First": (1, 1), "of the loop": (3, 14), "Last": (6, 1)}
    for needle, (line, column) in checks.items():
        position = r.sources.position(r.markdown.index(needle))
        assert (position.path, position.line, position.column) == ("templates/sections/summary.md.j2", line, column)
    second = r.markdown.index("of the loop", r.markdown.index("of the loop") + 1)
    assert r.sources.position(second).line == 3  # the loop's second pass comes from the same line
    included = r.sources.position(r.markdown.index("in it."))
    assert (included.path, included.line, included.column) == ("templates/sections/part.md.j2", 1, 32)


def test_an_expression_maps_to_its_line_and_is_not_typed(starter):
    write(starter, "templates/sections/summary.md.j2", "Intro.\n\nTotal: {{ 1000 * 14 }} jobs.\n")
    r = section(starter)
    origin = r.sources.origin(r.markdown.index("14000"))
    assert origin.kind == "expression" and not origin.typed
    assert (origin.position.path, origin.position.line) == ("templates/sections/summary.md.j2", 3)


def test_an_inserted_evidence_body_maps_into_the_items_file(starter):
    write(
        starter,
        "evidence/x.md",
        "---\nkind: context\ntitle: X\nsource: S, 2009\ndate: 2009-01-01\n"
        "status: reviewed\n---\nFirst paragraph of the body.\n\nSecond paragraph, quoted.\n",
    )
    write(starter, "templates/sections/summary.md.j2", "Lead.\n\n{{ evidence['x'].body }}\nAfter.\n")
    r = section(starter)
    origin = r.sources.origin(r.markdown.index("quoted"))
    assert origin.kind == "evidence" and origin.item == "x" and origin.typed
    assert (origin.position.path, origin.position.line, origin.position.column) == ("evidence/x.md", 10, 19)


def test_crlf_and_a_byte_order_mark_do_not_shift_columns(starter):
    write(starter, "templates/sections/summary.md.j2", "\ufeffOne.\nTwo {{ 'x' }} three.\n", newline="\r\n")
    r = section(starter)
    position = r.sources.position(r.markdown.index("three"))
    assert (position.line, position.column) == (2, 15) and not r.markdown.startswith("\ufeff")


def test_every_typed_character_of_the_example_points_at_itself():
    diags = Diagnostics()
    ws = load_workspace(REPO, diags)
    checked = 0
    for donor in ws.donors.values():
        for r in render_sections(ws, donor, diags):
            for offset in range(0, len(r.markdown), 11):
                if r.markdown[offset] == "\n":
                    continue
                origin = r.sources.origin(offset)
                if origin.typed:
                    assert char_at(REPO, origin.position) == r.markdown[offset], (donor.id, r.id, offset, origin)
                    checked += 1
    assert checked > 1000
