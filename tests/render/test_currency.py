"""`money` and `md_table(money=...)` convert from the base currency at the profile's rate; the note states it."""

from __future__ import annotations

import datetime as dt

from proposalkit.base.model import ExchangeRate, Position
from proposalkit.render.filters import exchange_note, make_money, md_table
from proposalkit.render.sandbox import make_environment

RATE = ExchangeRate(0.67, dt.date(2009, 12, 1), "ECB euro reference rate", False, Position("x.yaml"))


def test_money_converts_from_the_base_currency():
    money = make_money("USD", "EUR", 0.67)
    assert money(800000) == "EUR 536,000"
    assert money(1234.5, decimals=2) == "EUR 827.12"
    assert money(800000, "USD") == "USD 800,000"  # an explicit code shows the amount as written
    assert money(None) == "to be costed"


def test_money_in_the_base_currency_is_unchanged():
    assert make_money("USD")(700000) == "USD 700,000"
    assert make_money("USD", "USD", 1.0)(700000) == "USD 700,000"


def test_exchange_note_names_rate_date_and_source():
    assert exchange_note("USD", "EUR", RATE) == (
        "Amounts converted from USD at 1 USD = 0.67 EUR, the rate of 1 December 2009 (ECB euro reference rate)."
    )
    assumed = ExchangeRate(1.09, dt.date(2009, 12, 1), "approximate", True, Position("x.yaml"))
    assert exchange_note("USD", "AUD", assumed).endswith("This rate is an assumption still to be confirmed.")
    assert exchange_note("USD", "USD", None) == ""


def test_table_money_columns_convert_in_the_sandbox(tmp_path):
    env = make_environment(tmp_path, "USD", "EUR", 0.5)
    rows = [{"item": "Training", "amount_usd": 1000}, {"item": "Travel", "amount_usd": None}]
    text = env.from_string("{{ rows | md_table(money=['amount_usd'], na='to be costed') }}").render(rows=rows)
    assert "| Training | 500 |" in text and "| Travel | to be costed |" in text
    plain = md_table(rows, money=["amount_usd"])  # outside a donor's sandbox nothing converts
    assert "| Training | 1,000 |" in plain
