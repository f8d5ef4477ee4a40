"""The example's budget in every variant: totals read back from Word, rounding, donor rules and bad budget input."""

from __future__ import annotations

import csv
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import pandas as pd
import pytest
import yaml

from proposalkit.base.model import BudgetProfile, Position
from proposalkit.render.budget import Budget

from ..conftest import REPO
from ..support import all_text

DONORS = ("ausaid", "eu", "ilo", "mdgf")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def csv_rows(root: Path = REPO) -> list[dict]:
    with (root / "evidence/data/budget.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def donor_rate(donor: str, root: Path = REPO) -> Decimal:
    profile = yaml.safe_load((root / f"templates/donors/{donor}.yaml").read_text(encoding="utf-8"))
    rate = (profile.get("exchange_rate") or {}).get("rate", 1)
    return Decimal(str(rate))


def support_rate(donor: str, root: Path = REPO) -> Decimal:
    """The donor's programme support rate in per cent (budget.support_costs.rate), 0 without one."""
    profile = yaml.safe_load((root / f"templates/donors/{donor}.yaml").read_text(encoding="utf-8"))
    support = (profile.get("budget") or {}).get("support_costs") or {}
    return Decimal(str(support.get("rate", 0)))


def converted(amount: str, rate: Decimal) -> int:
    return int((Decimal(amount) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def expected_total(donor: str, root: Path = REPO) -> int:
    """The CSV's amounts converted at the donor's rate, each line rounded half up to a whole unit, then added, plus
    one support-cost line per year: the donor's rate times that year's converted lines, rounded half up once."""
    rate, support = donor_rate(donor, root), support_rate(donor, root)
    by_year: dict[str, int] = {}
    for row in csv_rows(root):
        by_year[row["year"]] = by_year.get(row["year"], 0) + converted(row["amount"], rate)
    lines = sum(by_year.values())
    return lines + sum(
        int((Decimal(amount) * support / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for amount in by_year.values()
    )


def number(text: str) -> int:
    return int(text.replace("*", "").replace(",", "").strip())


def budget_tables(path: Path) -> list[tuple[list[list[str]], str]]:
    """Each table whose last header cell reads 'Total (CUR)', as rows of cell texts, with the paragraph after it."""
    document = docx.Document(str(path))
    found = []
    for table in document.tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        if not re.fullmatch(r"Total \([A-Z]{3}\)", rows[0][-1]):
            continue
        following = table._tbl.getnext()
        after = "".join(t.text or "" for t in following.iter(f"{W}t")) if following is not None else ""
        found.append((rows, after))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from click.testing import CliRunner

    from proposalkit.cli import cli

    out = tmp_path_factory.mktemp("budget")
    result = CliRunner().invoke(cli, ["build", "-w", str(REPO), "--all", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out


# The EuropeAid concept note carries no budget at concept-note stage; the other variants show budget tables.
WITH_TABLES = ("ausaid", "ilo", "mdgf")


@pytest.mark.parametrize("donor", WITH_TABLES)
def test_every_budget_table_totals_the_csv_converted_at_the_donors_rate(built, donor):
    path = built / f"green-jobs-china-2010-{donor}.docx"
    tables = budget_tables(path)
    assert tables, f"no budget table in the {donor} variant"
    total = expected_total(donor)
    currency = yaml.safe_load((REPO / f"templates/donors/{donor}.yaml").read_text(encoding="utf-8")).get("currency")
    for rows, after in tables:
        header, body, last = rows[0], rows[1:-1], rows[-1]
        assert header[-1] == f"Total ({currency})"
        assert last[0] == "Total" and number(last[-1]) == total, (donor, last)
        # The totals are the sums of the displayed figures, across and down.
        for row in body:
            assert number(row[-1]) == sum(number(c) for c in row[1:-1]), row
        for column in range(1, len(header)):
            assert number(last[column]) == sum(number(row[column]) for row in body), (donor, header[column])
        if donor_rate(donor) != 1:
            assert after.replace("\u00a0", " ").startswith(  # a date's spaces do not break
                f"Amounts converted from USD at 1 USD = {donor_rate(donor)} {currency}, the rate of 1 December 2009"
            )
    text = all_text(docx.Document(str(path)))
    assert "indicative planning figures" in text


def test_the_eu_concept_note_has_no_budget_table_and_its_cover_states_cost_request_and_share(built):
    path = built / "green-jobs-china-2010-eu.docx"
    assert budget_tables(path) == []
    text = all_text(docx.Document(str(path)))
    total = expected_total("eu")
    assert f"Total eligible cost: EUR {total:,}" in text
    share = yaml.safe_load((REPO / "evidence/context/phase-ii-design.md").read_text(encoding="utf-8").split("---")[1])[
        "metrics"
    ]["eu_share_pct"]["value"]
    requested = int((Decimal(total) * Decimal(share) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert f"EU contribution requested: EUR {requested:,} ({share} per cent of the total eligible cost)" in text


def test_support_costs_are_each_donors_rate_of_the_line_items(built):
    """13 per cent for the ILO and AusAID (the ILO's rate on extra-budgetary funds), 7 per cent for MDG-F and EU."""
    assert {d: support_rate(d) for d in DONORS} == {"ausaid": 13, "eu": 7, "ilo": 13, "mdgf": 7}
    rows = csv_rows()
    for donor in WITH_TABLES:
        rate = donor_rate(donor)
        lines = sum(converted(row["amount"], rate) for row in rows)
        support = expected_total(donor) - lines
        assert abs(Decimal(support) - Decimal(lines) * support_rate(donor) / 100) <= 1, donor


def test_every_line_of_the_example_budget_is_marked_indicative():
    rows = csv_rows()
    assert rows and all(row["basis"] == "indicative" for row in rows)
    categories = {row["category"] for row in rows}
    assert {"Project personnel", "Contingency"} <= categories
    # Programme support costs are computed at each donor's rate, never written into the table.
    assert not any("support" in category.lower() for category in categories)


def frame(amounts: list[str], categories: list[str] | None = None) -> pd.DataFrame:
    categories = categories or ["Supplies"] * len(amounts)
    return pd.DataFrame(
        {
            "category": categories,
            "output": ["1.1"] * len(amounts),
            "year": [2010] * len(amounts),
            "amount": [float(a) for a in amounts],
        }
    )


def test_lines_are_converted_and_rounded_once_then_added_exactly():
    # Three lines of USD 1.00 at 0.5: each shows 1 (0.5 rounded half up), so the total is 3, not round(1.5) = 2.
    budget = Budget(frame(["1", "1", "1"]), "budget", None, "EUR", 0.5, "note")
    assert [line.amount for line in budget.lines()] == [1, 1, 1] and budget.total == 3
    rows = budget.table("category", None).splitlines()
    assert rows[2] == "| Supplies | 3 |" and rows[3] == "| **Total** | **3** |"
    # Amounts with cents are read as the decimals written (0.1 + 0.2 is exactly 0.3, shown as 0).
    assert Budget(frame(["0.1", "0.2", "2.5"]), "budget", None, "USD", 1.0, "").total == 0 + 0 + 3


def test_a_many_line_table_has_no_drift():
    amounts = [f"{i}.{i % 100:02d}" for i in range(1, 2001)]
    budget = Budget(frame(amounts), "budget", None, "AUD", 1.09, "")
    expected = sum(int((Decimal(a) * Decimal("1.09")).quantize(Decimal(1), rounding=ROUND_HALF_UP)) for a in amounts)
    assert budget.total == expected == budget.amount(category="Supplies")


def test_headings_follow_the_profiles_order_and_merge_categories():
    profile = BudgetProfile(
        "budget",
        (("Staff travel", "Travel"), ("Participant travel", "Travel"), ("Supplies", "Equipment")),
        ("Travel", "Equipment"),
        (),
        Position("d.yaml"),
    )
    budget = Budget(
        frame(["10", "20", "30"], ["Supplies", "Staff travel", "Participant travel"]), "budget", profile, "USD", 1.0, ""
    )
    assert budget.headings() == ["Travel", "Equipment"] and budget.amount(category="Travel") == 50


# Bad budget input: each a located error, exit 1, nothing written --------------------------------------------


def failed(run, root: Path, tmp_path: Path, *args: str):
    out = tmp_path / "out"
    result = run("build", "-w", root, *args, "--out", out)
    assert result.code == 1, result.err
    assert not out.exists() or not any(out.iterdir())
    return result


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


def replace_in(path: Path, old: str, new: str) -> str:
    content = path.read_text(encoding="utf-8")
    assert old in content
    content = content.replace(old, new, 1)
    path.write_text(content, encoding="utf-8")
    return content


BUDGET = "evidence/data/budget.csv"


def test_text_in_the_amount_column(example, run, tmp_path):
    path = example / BUDGET
    first = path.read_text(encoding="utf-8").splitlines()[1]
    amount = first.split(",")[3]
    content = replace_in(path, first, first.replace(f",{amount},", ",about 15k,"))
    column = content.splitlines()[1].index("about 15k") + 1
    result = failed(run, example, tmp_path)
    assert (
        f"{BUDGET}:2:{column}: error: column 'amount': 'about 15k' is not a number (write digits with a decimal "
        "point, no thousands separators or currency) [table.bad-type]" in result.lines
    )


def test_a_missing_required_column(example, run, tmp_path):
    path = example / BUDGET
    rows = list(csv.reader(path.open(encoding="utf-8")))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([r[:4] + r[5:] for r in rows])  # no `basis`
    result = failed(run, example, tmp_path)
    assert any(
        l.startswith(
            f"{BUDGET}:1:1: error: missing required column 'basis' (declared in the schema at "
            "evidence/data/budget.schema.yaml:"
        )
        and l.endswith("[table.missing-column]")
        for l in result.lines
    ), result.lines


def test_a_duplicate_key(example, run, tmp_path):
    path = example / BUDGET
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[3]]) + "\n", encoding="utf-8")
    row = next(csv.DictReader([lines[0], lines[3]]))
    key = yaml.safe_load((example / "evidence/data/budget.schema.yaml").read_text(encoding="utf-8"))["key"]
    named = ", ".join(f"{column}={row[column]}" for column in key)
    result = failed(run, example, tmp_path)
    assert (
        f"{BUDGET}:{len(lines) + 1}:1: error: duplicate key ({named}): "
        "the same as line 4 [table.duplicate-key]" in result.lines
    )


def test_a_category_not_allowed(example, run, tmp_path):
    path = example / BUDGET
    content = replace_in(path, ",Supplies,", ",Stationery,")
    number_ = next(n for n, l in enumerate(content.splitlines(), start=1) if ",Stationery," in l)
    column = content.splitlines()[number_ - 1].index("Stationery") + 1
    result = failed(run, example, tmp_path)
    assert any(
        l.startswith(
            f"{BUDGET}:{number_}:{column}: error: column 'category': 'Stationery' is not one of the allowed values"
        )
        for l in result.lines
    ), result.lines


def test_a_year_outside_the_project(example, run, tmp_path):
    path = example / BUDGET
    lines = path.read_text(encoding="utf-8").splitlines()
    number_ = next(n for n, line in enumerate(lines, start=1) if n > 1 and line.split(",")[2] == "2")
    cells = lines[number_ - 1].split(",")
    column = len(",".join(cells[:2])) + 2  # the year is the table's third column
    cells[2] = "3"
    lines[number_ - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = failed(run, example, tmp_path)
    assert (
        f"{BUDGET}:{number_}:{column}: error: column 'year': 3 is above the maximum 2 [table.out-of-range]"
        in result.lines
    )


def eu_direct_and_indirect(root: Path) -> tuple[int, int]:
    """(indirect, direct) of the eu variant, computed by the test: the line items converted one by one are the
    direct costs; indirect costs are the support rate times each year's direct costs, rounded half up per year."""
    rate, support = donor_rate("eu", root), support_rate("eu", root)
    by_year: dict[str, int] = {}
    for row in csv_rows(root):
        by_year[row["year"]] = by_year.get(row["year"], 0) + converted(row["amount"], rate)
    indirect = sum(
        int((Decimal(amount) * support / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for amount in by_year.values()
    )
    return indirect, sum(by_year.values())


def test_the_eu_indirect_costs_are_within_the_limit(example):
    indirect, direct = eu_direct_and_indirect(example)
    assert indirect * 100 <= 7 * direct


def test_indirect_costs_over_the_eu_limit_are_an_error_at_the_rule(example, run, tmp_path):
    donor = example / "templates/donors/eu.yaml"
    replace_in(
        donor, "support_costs: {rate: 7, heading: Indirect costs}", "support_costs: {rate: 8, heading: Indirect costs}"
    )
    indirect, direct = eu_direct_and_indirect(example)
    share = Decimal(indirect) * 100 / Decimal(direct)
    assert share > 7
    line = line_of(donor, "max_percent: 7")
    for command in ("build", "check"):
        result = (
            run(command, "-w", example, "--donor", "eu", "--out", tmp_path / "out")
            if command == "build"
            else run(command, "-w", example, "--donor", "eu")
        )
        assert result.code == 1
        assert (
            f"templates/donors/eu.yaml:{line}:20: error: Indirect costs are {share:.1f}% of direct costs "
            f"(EUR {indirect:,} of EUR {direct:,}); the limit is 7% [budget.over-limit]" in result.lines
        ), result.lines
    assert not (tmp_path / "out").exists()


def test_a_ceiling_on_the_total(example, run, tmp_path):
    donor = example / "templates/donors/eu.yaml"
    replace_in(donor, "  rules:\n", "  rules:\n    - max_total: 500000\n")
    result = failed(run, example, tmp_path, "--donor", "eu")
    total = expected_total("eu")
    assert (
        f"templates/donors/eu.yaml:{line_of(donor, 'max_total')}:18: error: the budget total is EUR {total:,}; "
        "this donor's ceiling is EUR 500,000 [budget.over-ceiling]" in result.lines
    )


def test_a_category_without_a_heading_and_a_rule_on_an_unknown_heading(example, run, tmp_path):
    donor = example / "templates/donors/eu.yaml"
    replace_in(donor, "    Supplies: Equipment and supplies\n", "")
    replace_in(
        donor, "  order: [Human resources, Travel, Equipment and supplies, ", "  order: [Human resources, Travel, "
    )
    replace_in(donor, "- heading: Indirect costs", "- heading: Reserve")
    result = failed(run, example, tmp_path, "--donor", "eu")
    assert (
        f"templates/donors/eu.yaml:{line_of(donor, '  categories:') + 1}:5: error: category 'Supplies' of "
        "evidence/data/budget.csv has no heading in this profile's budget.categories [budget.unmapped-category]"
        in result.lines
    ), result.lines
    assert any(
        l.startswith(f"templates/donors/eu.yaml:{line_of(donor, 'heading: Reserve')}:")
        and "heading 'Reserve' is not a heading of budget.categories" in l
        for l in result.lines
    ), result.lines


def test_an_unknown_budget_key_and_a_bad_rule(example, run, tmp_path):
    donor = example / "templates/donors/eu.yaml"
    replace_in(donor, "  rules:\n", "  headings: []\n  rules:\n    - max_percent: 5\n")
    result = failed(run, example, tmp_path, "--donor", "eu")
    assert any(
        l.startswith(
            f"templates/donors/eu.yaml:{line_of(donor, 'headings: []')}:3: error: unknown budget key 'headings'"
        )
        for l in result.lines
    ), result.lines
    assert any(
        l.startswith(
            f"templates/donors/eu.yaml:{line_of(donor, '- max_percent: 5')}:7: error: missing required field 'heading'"
        )
        for l in result.lines
    ), result.lines
