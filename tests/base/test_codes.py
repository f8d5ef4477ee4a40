"""The registry of diagnostic codes and docs/diagnostics.md list the same codes with the same severities."""

from __future__ import annotations

import re

import pytest

from proposalkit.base.codes import CODES, UnknownCode, check_code
from proposalkit.base.diagnostics import Diagnostics
from proposalkit.base.model import Position

from ..conftest import REPO

ROW = re.compile(r"^\| `([a-z]+\.[a-z][a-z-]*)` \| ([^|]+) \| [^|]+ \|$", re.MULTILINE)


def documented() -> dict[str, str]:
    text = (REPO / "docs/diagnostics.md").read_text(encoding="utf-8")
    return {code: severity.strip() for code, severity in ROW.findall(text)}


def test_every_registered_code_is_documented_with_its_severity():
    docs = documented()
    assert sorted(set(CODES) - set(docs)) == []
    assert sorted(set(docs) - set(CODES)) == []
    assert {code: severity for code, (severity, _) in CODES.items()} == docs


def test_an_unregistered_code_is_refused_under_the_tests():
    with pytest.raises(UnknownCode):
        check_code("evidence.no-such-problem")
    with pytest.raises(UnknownCode):
        Diagnostics().warning(Position("x.md"), "made.up", "text")
