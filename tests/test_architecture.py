"""The layout holds by itself: small modules with docstrings, no import cycle, the spine shows every stage."""

from __future__ import annotations

import ast

import grimp
import pytest

from .conftest import REPO

SOURCE = REPO / "src" / "proposalkit"
MODULES = sorted(SOURCE.rglob("*.py"))
MAX_LINES = 450


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("proposalkit", include_external_packages=False, cache_dir=None)


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(SOURCE).as_posix() for p in MODULES])
def test_a_module_is_small_and_says_what_it_holds(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_LINES, f"{path.name} has {text.count(chr(10))} lines"
    assert ast.get_docstring(ast.parse(text)), f"{path.name} has no docstring"


def test_no_import_cycle_counting_imports_inside_functions(graph):
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.append((importer, *back))
    assert cycles == []


def test_the_pipeline_imports_every_stage(graph):
    imported = graph.find_modules_directly_imported_by(
        "proposalkit.pipeline"
    ) | graph.find_modules_directly_imported_by("proposalkit.documents")
    stages = {name.split(".")[1] for name in imported if name.count(".") >= 1}
    assert {"load", "render", "parse", "check", "write", "convert", "base"} <= stages, sorted(stages)
