"""An amount tied to a day of its own (a past grant) is never converted at the proposal's rate: shown in its own
currency, or at the rate the donor profile gives for its day."""

from __future__ import annotations

from ..support import write

GRANT = """---
kind: pilot-result
title: Pilot grant
source: Funder's award letter
date: 2025-11-30
status: reviewed
metrics:
  grant: {value: 700000, unit: USD, date: 2008-06-20}
  cost: {value: 1000, unit: USD}
---
The pilot was funded by one grant.
"""

TEMPLATE = "Grant: {{ evidence['pilot-grant'].metrics.grant | money }}; cost: {{ evidence['pilot-grant'].metrics.cost | money }}.\n"

DONOR = """name: Euro Fund
currency: EUR
exchange_rate:
  rate: 0.5
  date: 2026-01-15
  source: central bank reference rate
{dated}sections:
  - summary
"""


def built_text(starter, run, tmp_path, dated: str = "") -> str:
    write(starter, "evidence/pilot-grant.md", GRANT)
    write(starter, "templates/sections/summary.md.j2", TEMPLATE)
    write(starter, "templates/donors/euro.yaml", DONOR.format(dated=dated))
    result = run("build", "-w", starter, "--donor", "euro", "--format", "md", "--out", tmp_path)
    assert result.code == 0, result.err
    return next(tmp_path.glob("*.md")).read_text(encoding="utf-8")


def test_a_past_grant_keeps_its_own_currency_without_a_rate_for_its_day(starter, run, tmp_path):
    text = built_text(starter, run, tmp_path)
    assert "Grant: USD 700,000; cost: EUR 500." in text  # the undated amount is converted at the proposal's rate


def test_a_past_grant_is_converted_at_the_rate_of_its_own_month(starter, run, tmp_path):
    dated = "  dated:\n    - {date: 2008-06-30, rate: 0.64, source: central bank, June 2008}\n"
    text = built_text(starter, run, tmp_path, dated)
    assert "Grant: EUR 448,000; cost: EUR 500." in text


def test_a_metric_date_must_be_a_day(starter, run, tmp_path):
    write(starter, "evidence/pilot-grant.md", GRANT.replace("date: 2008-06-20}", "date: June 2008}"))
    result = run("check", "-w", starter)
    assert result.code == 1
    assert "evidence/pilot-grant.md:8:" in result.err and "[evidence.bad-metric]" in result.err, result.err
