"""A donor's budget rules checked against the budget table: headings mapped, shares and ceilings respected."""

from __future__ import annotations

from decimal import Decimal

from ..base.diagnostics import Diagnostics, citing_rule
from ..base.model import Donor, Workspace
from ..render.budget import BudgetError, variant_budget


def _percent(part: int, whole: int) -> str:
    return f"{Decimal(part) * 100 / Decimal(whole):.1f}%" if whole else "undefined (nothing to compare with)"


def check_budget(ws: Workspace, donor: Donor, diags: Diagnostics) -> None:
    """Report, at the donor profile's lines, budget categories without a heading and every rule breached."""
    profile = donor.budget
    if profile is None:
        return
    budget = variant_budget(ws, donor)
    try:
        lines = budget.lines()
    except BudgetError as exc:
        diags.error(profile.position, "budget.bad-table", str(exc))
        return
    if profile.categories:
        mapped = {category for category, _ in profile.categories}
        for category in dict.fromkeys(line.category for line in lines if line.row >= 0 and line.category not in mapped):
            diags.error(
                profile.categories_position or profile.position,
                "budget.unmapped-category",
                f"category '{category}' of evidence/data/{profile.table}.csv has no heading "
                f"in this profile's budget.categories",
            )
    money = budget.money
    total = budget.total
    limited = {rule.heading for rule in profile.rules if rule.heading is not None}
    direct = total - sum(budget.amount(category=heading) for heading in limited)
    for rule in profile.rules:
        if rule.max_total is not None:
            if total > Decimal(repr(rule.max_total)):
                diags.error(
                    rule.position,
                    "budget.over-ceiling",
                    citing_rule(
                        f"the budget total is {money(total)}; this donor's ceiling is "
                        f"{money(int(rule.max_total)) if float(rule.max_total).is_integer() else rule.max_total}",
                        rule.source,
                    ),
                )
            continue
        amount = budget.amount(category=rule.heading)
        base = direct if rule.of == "direct" else total
        what = "direct costs" if rule.of == "direct" else "the total"
        if Decimal(amount) * 100 > Decimal(repr(rule.max_percent)) * base:
            diags.error(
                rule.position,
                "budget.over-limit",
                citing_rule(
                    f"{rule.heading} are {_percent(amount, base)} of {what} "
                    f"({money(amount)} of {money(base)}); the limit is {rule.max_percent:g}%",
                    rule.source,
                ),
            )
