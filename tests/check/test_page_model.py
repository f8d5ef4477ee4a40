"""The page model against LibreOffice's layout of the example: the build prints both counts side by side."""

from __future__ import annotations

import re
import shutil

import pytest

from ..conftest import REPO
from ..support import need


@pytest.mark.readers
def test_the_estimate_is_within_five_per_cent_of_libreoffice_on_every_variant(tmp_path, run):
    need("soffice")
    for name in ("templates", "evidence"):
        shutil.copytree(REPO / name, tmp_path / name)
    result = run("build", "-w", tmp_path, "--all", "--pdf", "--toc-pages", "estimate", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    summary = result.out + result.err
    estimated = {d: float(p) for d, p in re.findall(r"^(\w+)\s+~\s*([\d.]+) pages \(estimated\)", summary, re.M)}
    laid_out = {d: int(p) for d, p in re.findall(r"^(\w+)\s+(\d+) pages \(LibreOffice\)", summary, re.M)}
    assert set(estimated) == set(laid_out) == {"ilo", "mdgf", "eu", "ausaid", "mohrss"}, summary
    for donor, pages in laid_out.items():
        # LibreOffice's last page may be partly empty: the estimate is compared with the pages it started
        # and filled, and a short variant is allowed a third of a page either way.
        allowed = max(0.05 * pages, 0.35)
        assert pages - 1 - allowed <= estimated[donor] <= pages + allowed, (donor, estimated[donor], pages)
