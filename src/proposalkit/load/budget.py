"""A donor profile's `budget:` mapping: headings for the base categories, their order and the donor's rules."""

from __future__ import annotations

from ..base.model import BudgetProfile, BudgetRule, SupportCosts
from .fields import FieldReader

BUDGET_KEYS = ("table", "categories", "order", "rules", "support_costs")
SUPPORT_KEYS = ("rate", "heading", "output")
RULE_KEYS = ("heading", "max_percent", "of", "max_total", "source")
RULE_BASES = ("direct", "total")


def load_budget_profile(f: FieldReader) -> BudgetProfile | None:
    """The profile's `budget:` mapping, or None when it has none (or after located errors)."""
    if not f.present("budget"):
        return None
    budget = f.child("budget")
    if budget is None:
        f.error("budget", "invalid-field", "field 'budget' must be a mapping with categories, order and rules")
        return None
    for key in budget.mapping:
        if key not in BUDGET_KEYS:
            budget.diags.error(
                budget.doc.key_pos(*budget.path, key),
                "donor.budget-unknown-key",
                f"unknown budget key '{key}'; expected one of: {', '.join(BUDGET_KEYS)}",
            )
    categories = []
    for category, heading in budget.mapping_of("categories").items():
        if heading is None or isinstance(heading, (dict, list, bool)):
            budget.diags.error(
                budget.doc.pos(*budget.path, "categories", category),
                "donor.invalid-field",
                f"budget category '{category}' needs this donor's heading as text",
            )
            continue
        categories.append((category, budget.written(heading, "categories", category).strip()))
    support = _support(budget)
    headings = list(dict.fromkeys([h for _, h in categories] + ([support.heading] if support and categories else [])))
    order = budget.text_list("order")
    for index, heading in enumerate(order):
        if categories and heading not in headings:
            budget.diags.error(
                budget.doc.pos(*budget.path, "order", index),
                "donor.budget-unknown-heading",
                f"heading '{heading}' in budget.order is not a heading of budget.categories ({', '.join(headings)})",
            )
    rules = tuple(
        r for index, _ in enumerate(budget.list_of("rules")) if (r := _rule(budget, index, headings)) is not None
    )
    return BudgetProfile(
        table=budget.text("table") or "budget",
        categories=tuple(categories),
        order=tuple(order),
        rules=rules,
        position=budget.pos(),
        categories_position=budget.pos("categories") if categories else None,
        support=support,
    )


def _support(budget: FieldReader) -> SupportCosts | None:
    """`support_costs: {rate: 13, heading: Programme support costs, output: support}`, or None."""
    if not budget.present("support_costs"):
        return None
    support = budget.child("support_costs")
    if support is None:
        budget.error(
            "support_costs",
            "invalid-field",
            "field 'support_costs' must be a mapping: {rate: PERCENT, heading: TEXT, output: TEXT}",
        )
        return None
    for key in support.mapping:
        if key not in SUPPORT_KEYS:
            support.diags.error(
                support.doc.key_pos(*support.path, key),
                "donor.budget-unknown-key",
                f"unknown support_costs key '{key}'; expected one of: {', '.join(SUPPORT_KEYS)}",
            )
    rate = support.positive_number("rate", required=True)
    if rate is None:
        return None
    if rate >= 100:
        support.error("rate", "invalid-field", f"a support-cost rate is a percentage below 100, not {rate:g}")
        return None
    heading = support.text("heading") or "Programme support costs"
    return SupportCosts(rate, heading, support.text("output") or "support", support.pos("rate"))


def _rule(budget: FieldReader, index: int, headings: list[str]) -> BudgetRule | None:
    rule = budget.child("rules", index)
    where = budget.doc.pos(*budget.path, "rules", index)
    shape = "a budget rule is a mapping: {heading: H, max_percent: N, of: direct|total} or {max_total: AMOUNT}"
    if rule is None:
        budget.diags.error(where, "donor.invalid-field", shape)
        return None
    for key in rule.mapping:
        if key not in RULE_KEYS:
            budget.diags.error(
                rule.doc.key_pos(*rule.path, key),
                "donor.budget-unknown-key",
                f"unknown budget rule key '{key}'; expected one of: {', '.join(RULE_KEYS)}",
            )
    if rule.present("max_total"):
        ceiling = rule.positive_number("max_total")
        if rule.present("heading") or rule.present("max_percent"):
            budget.diags.error(where, "donor.invalid-field", "a 'max_total' rule stands alone: " + shape)
            return None
        if ceiling is None:
            return None
        return BudgetRule(rule.pos("max_total"), max_total=ceiling, source=rule.text("source") or "")
    heading = rule.text("heading", required=True)
    percent = rule.positive_number("max_percent", required=True)
    base = rule.choice("of", RULE_BASES, default="direct")
    if heading is not None and headings and heading not in headings:
        rule.error(
            "heading",
            "budget-unknown-heading",
            f"heading '{heading}' is not a heading of budget.categories ({', '.join(headings)})",
        )
        return None
    if heading is None or percent is None or base is None:
        return None
    return BudgetRule(
        rule.pos("max_percent"), heading=heading, max_percent=percent, of=base, source=rule.text("source") or ""
    )
