"""Budget features a donor profile asks for: programme support at its rate, grouping by any column, and
results levels a donor's chain leaves out."""

from __future__ import annotations

import pandas as pd

from proposalkit.base.model import BudgetProfile, Position, SupportCosts
from proposalkit.render.budget import Budget


def frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["category", "year", "agency", "amount"]).astype(str)


LINES = [
    ("Consultants", "2010", "ILO", "1000"),
    ("Supplies", "2010", "UNDP", "333"),
    ("Consultants", "2011", "ILO", "2000"),
]


def profile(rate: float) -> BudgetProfile:
    return BudgetProfile(
        "budget",
        (),
        (),
        (),
        Position("templates/donors/x.yaml"),
        support=SupportCosts(rate, "Programme support costs", "support", Position("x", 3)),
    )


def test_support_costs_are_a_line_per_year_at_the_rate_of_that_years_lines():
    budget = Budget(frame(LINES), "budget", profile(13), "USD", 1.0, "")
    support = [line for line in budget.lines() if line.row == -1]
    # 13% of 1,333 is 173.29 (173); of 2,000 is 260: each rounded once, half up.
    assert [(line.year, line.amount) for line in support] == [("2010", 173), ("2011", 260)]
    assert budget.total == 1000 + 333 + 2000 + 173 + 260
    assert budget.amount(category="Programme support costs") == 433
    assert budget.headings()[-1] == "Programme support costs"


def test_support_costs_follow_the_conversion_of_the_lines():
    budget = Budget(frame(LINES), "budget", profile(7), "EUR", 0.5, "")
    converted = 500 + 167 + 1000  # 333 * 0.5 = 166.5, rounded half up
    assert budget.total == converted + round(0.07 * (500 + 167)) + round(0.07 * 1000)


def test_any_column_of_the_table_groups_its_lines():
    budget = Budget(frame(LINES), "budget", None, "USD", 1.0, "")
    assert budget.values("agency") == ["ILO", "UNDP"]
    assert budget.amount(agency="ILO") == 3000 and budget.amount(agency="UNDP", year=2010) == 333
    rows = budget.table("agency", "year").splitlines()
    assert rows[2] == "| ILO | 1,000 | 2,000 | 3,000 |"
    assert rows[-1] == "| **Total** | **1,333** | **2,000** | **3,333** |"


def test_an_unknown_grouping_is_refused_with_the_columns_there_are():
    budget = Budget(frame(LINES), "budget", None, "USD", 1.0, "")
    try:
        budget.values("funder")
    except Exception as exc:  # BudgetError, reported by the template as a located error
        assert "category, output, year, agency" in str(exc)
    else:
        raise AssertionError("grouping by a column the table lacks was accepted")


def test_a_level_the_donor_leaves_out_is_not_in_its_logframe(starter, run):
    data = starter / "evidence/data"
    data.mkdir(exist_ok=True)
    (data / "results.csv").write_text(
        "level,number,statement\ngoal,,A better world\npurpose,,Partners act on evidence\noutput,1,A study\n",
        encoding="utf-8",
    )
    (data / "indicators.csv").write_text(
        "level,number,indicator,baseline,target,source_of_verification\noutput,1,Study published,none,1,Report\n",
        encoding="utf-8",
    )
    sections = starter / "templates/sections"
    (sections / "frame.md.j2").write_text(
        "{{ logframe(tables.indicators, results=tables.results) }}\n", encoding="utf-8"
    )
    proposal = starter / "templates/proposal.yaml"
    proposal.write_text(
        proposal.read_text(encoding="utf-8").rstrip("\n") + "\n  - id: frame\n    title: Frame\n"
        "    template: sections/frame.md.j2\n",
        encoding="utf-8",
    )
    donors = starter / "templates/donors"
    donors.mkdir(exist_ok=True)
    for name, purpose in (("short", "~"), ("long", "purpose")):
        (donors / f"{name}.yaml").write_text(
            f"name: Donor {name}\nsections: [frame]\nresults_hierarchy:\n  goal: goal\n  purpose: {purpose}\n"
            "  output: output\n",
            encoding="utf-8",
        )
    result = run("build", "-w", starter, "--all", "--format", "md")
    assert result.code == 0, result.err
    short = (starter / "outputs/skills-for-green-jobs-short.md").read_text(encoding="utf-8")
    long = (starter / "outputs/skills-for-green-jobs-long.md").read_text(encoding="utf-8")
    assert "Partners act on evidence" in long and "Partners act on evidence" not in short
    assert "A better world" in short and "Study published" in short
