"""Household budget: monthly figures, totals, free amount, pro-rata split."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.domain.budget import (
    RHYTHMS,
    BudgetItem,
    budget_summary,
    monthly_cents,
    pro_rata,
)
from outreach.domain.money import MAX_CENTS, MoneyError
from tests.support.vectors import VECTORS, outcome


def run(vector):
    given_ = vector["input"]
    if vector["op"] == "monthly":
        return outcome(lambda: monthly_cents(given_["cents"], given_["rhythm"]))
    if vector["op"] == "budget":
        return outcome(lambda: budget_summary([BudgetItem(**item) for item in given_["items"]]))
    return outcome(lambda: pro_rata(given_["available_cents"], given_["claims_cents"]))


@pytest.mark.parametrize(
    "vector", [v for v in VECTORS if v["op"] in {"monthly", "budget", "pro_rata"}], ids=lambda v: v["id"]
)
def test_vector(vector):
    assert run(vector) == vector["expected"], vector["note"]


def item(kind, cents, rhythm="monthly", **extra):
    return BudgetItem(kind=kind, category="other", amount_cents=cents, rhythm=rhythm, **extra)


def test_free_amount_is_income_minus_expenses_and_can_be_negative():
    summary = budget_summary([item("income", 56300), item("expense", 45000), item("expense", 15000)])
    assert (summary.income_cents, summary.expense_cents, summary.free_cents) == (56300, 60000, -3700)
    assert summary.free_is_negative


def test_one_off_item_is_listed_but_adds_nothing_monthly():
    summary = budget_summary([item("income", 100000), item("expense", 31240, "one_off")])
    assert summary.one_off_indices == (1,)
    assert summary.monthly_cents == (100000, 0)
    assert summary.expense_cents == 0


def test_totals_add_item_figures_rounded_once_each():
    # 1 ct weekly is 4.33 ct a month; two such items are 4 + 4, not a rounded 8.67.
    assert budget_summary([item("income", 1, "weekly"), item("income", 1, "weekly")]).income_cents == 8
    assert budget_summary([item("income", 2, "weekly")]).income_cents == 9


def test_attachable_income_counts_only_attachable_income():
    summary = budget_summary(
        [item("income", 185000, attachable=True), item("income", 25900), item("expense", 5000, attachable=True)]
    )
    assert summary.attachable_income_cents == 185000


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "gift"},
        {"rhythm": "daily"},
        {"amount_cents": -1},
        {"amount_cents": MAX_CENTS + 1},
        {"amount_cents": 12.5},
        {"amount_cents": True},
        {"attachable": "yes"},
        {"member": 3},
    ],
)
def test_an_item_the_rules_cannot_read_is_refused(bad):
    fields = {"kind": "income", "category": "other", "amount_cents": 100, "rhythm": "monthly", **bad}
    with pytest.raises(MoneyError):
        BudgetItem(**fields)


rhythms = st.sampled_from(sorted(RHYTHMS))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_CENTS), rhythms)
def test_monthly_figure_is_the_exact_fraction_rounded_half_up(cents, rhythm):
    numerator, denominator = RHYTHMS[rhythm]
    exact = Fraction(cents * numerator, denominator)
    assert abs(Fraction(monthly_cents(cents, rhythm)) - exact) <= Fraction(1, 2)
    if exact - int(exact) == Fraction(1, 2):
        assert monthly_cents(cents, rhythm) == int(exact) + 1


def test_weekly_never_lands_on_a_half_cent_so_ties_come_from_other_rhythms():
    # 52/12 = 13/3: thirds, never halves. Halves arise for /2, /6 and /12.
    assert {(c * 52) % 12 for c in range(12)} == {0, 4, 8}
    assert monthly_cents(1, "every_two_months") == 1
    assert monthly_cents(3, "half_yearly") == 1
    assert monthly_cents(6, "yearly") == 1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["income", "expense"]), st.integers(min_value=0, max_value=MAX_CENTS), rhythms),
        max_size=30,
    )
)
def test_totals_are_sums_of_item_figures(rows):
    items = [item(kind, cents, rhythm) for kind, cents, rhythm in rows]
    summary = budget_summary(items)
    assert summary.income_cents == sum(i.monthly_cents for i in items if i.kind == "income")
    assert summary.expense_cents == sum(i.monthly_cents for i in items if i.kind == "expense")
    assert summary.free_is_negative == (summary.free_cents < 0)


def test_issue_example_100_cents_over_three_equal_claims():
    assert pro_rata(100, [10000, 10000, 10000]).shares == (34, 33, 33)


def test_equal_remainders_go_to_the_creditor_listed_first():
    assert pro_rata(5, [3, 2, 2, 3]).shares == (2, 1, 1, 1)
    assert pro_rata(5, [2, 3, 3, 2]).shares == (1, 2, 1, 1)


def test_zero_available_and_zero_claims():
    assert pro_rata(0, [100, 200]).to_dict() == {"shares": [0, 0], "undistributed_cents": 0}
    assert pro_rata(1000, [0, 0]).to_dict() == {"shares": [0, 0], "undistributed_cents": 1000}
    assert pro_rata(1000, []).to_dict() == {"shares": [], "undistributed_cents": 1000}


claims_lists = st.lists(st.integers(min_value=0, max_value=MAX_CENTS), min_size=1, max_size=20).filter(any)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_CENTS), claims_lists)
def test_pro_rata_shares_always_sum_to_the_available_amount(available, claims):
    split = pro_rata(available, claims)
    assert sum(split.shares) == available
    assert split.undistributed_cents == 0
    total = sum(claims)
    for share, claim in zip(split.shares, claims):
        # Largest remainder: every share is its exact value floored, or one cent more.
        assert 0 <= share - (claim * available) // total <= 1


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_CENTS), st.integers(min_value=1, max_value=MAX_CENTS), st.integers(2, 9))
def test_equal_claims_get_shares_that_never_grow_down_the_list(available, claim, count):
    shares = pro_rata(available, [claim] * count).shares
    assert list(shares) == sorted(shares, reverse=True)
    assert max(shares) - min(shares) <= 1
