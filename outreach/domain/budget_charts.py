"""The tenant's pictures of a budget, as geometry: bars of income, expenses and the free amount,
and the arrears left month by month. The same integers are drawn live in the browser
(outreach/static/js/budget-charts.js) and on the printed copy (templates/budgets/_charts.html),
so both pictures are the same; the shared vectors prove the geometry equal.
"""

from __future__ import annotations

from collections.abc import Sequence

from .money import MAX_SAFE_INTEGER, div_round_half_up, require_cents

BAR_WIDTH = 280  # the longest bar, in SVG units
ARREARS_HEIGHT = 100  # the first month's bar, in SVG units
MAX_MONTH_BARS = 60


def budget_bars(income_cents: int, deduction_cents: int, expense_cents: int) -> dict:
    """Income (after deductions), expenses and the free amount, the longest bar BAR_WIDTH."""
    require_cents(income_cents, name="income_cents", high=MAX_SAFE_INTEGER)
    require_cents(deduction_cents, name="deduction_cents", high=MAX_SAFE_INTEGER)
    require_cents(expense_cents, name="expense_cents", high=MAX_SAFE_INTEGER)
    available = income_cents - deduction_cents
    free = available - expense_cents
    values = [("income", available), ("expenses", expense_cents), ("free", free)]
    longest = max(abs(value) for _, value in values)
    bars = [{"key": key, "cents": value,
             "width": div_round_half_up(abs(value) * BAR_WIDTH, longest) if longest else 0,
             "negative": value < 0} for key, value in values]
    return {"bars": bars}


def arrears_bars(arrears_cents: int, remaining_cents: Sequence[int]) -> dict:
    """One bar per month for what is still owed after that month's instalment (at most 60)."""
    require_cents(arrears_cents, name="arrears_cents")
    shown = [require_cents(r, name="remaining_cents") for r in remaining_cents[:MAX_MONTH_BARS]]
    width = BAR_WIDTH // len(shown) if shown else 0
    bars = [{"x": index * width, "height": div_round_half_up(r * ARREARS_HEIGHT, arrears_cents) if arrears_cents else 0,
             "cents": r} for index, r in enumerate(shown)]
    return {"bar_width": width, "bars": bars, "truncated": len(remaining_cents) > MAX_MONTH_BARS}
