"""Debts, set-off, garnishment orientation, hints, chart geometry and a whole plan, through the
shared vectors (the same file runs in Chromium), plus the rules' own properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach.domain.budget_charts import arrears_bars, budget_bars
from outreach.domain.budget_plan import evaluate
from outreach.domain.debts import CLAIM_TYPES, PRIMARY_CLAIMS, Debt, creditor_split
from outreach.domain.entitlements import entitlement_hints, garnishment, kindergeld_check, setoff_cents
from outreach.domain.money import MAX_CENTS
from tests.support.vectors import outcome, vectors

GARNISHMENT_KEYS = ("base_cents", "first_cents", "further_cents", "fully_attachable_above_cents")


def run(vector):
    given_ = vector["input"]
    op = vector["op"]
    if op == "creditor_split":
        return outcome(lambda: creditor_split(given_["available_cents"], [Debt(**d) for d in given_["debts"]]))
    if op == "setoff":
        return outcome(lambda: setoff_cents(given_["standard_rate_cents"], given_["percent"]))
    if op == "garnishment":
        return outcome(lambda: garnishment(given_["income_cents"], given_["dependants"],
                                           **{key: given_[key] for key in GARNISHMENT_KEYS}))
    if op == "kindergeld":
        return outcome(lambda: kindergeld_check(given_["kindergeld_monthly_cents"], given_["children"],
                                                given_["rate_cents"]))
    if op == "hints":
        return [hint.to_dict() for hint in entitlement_hints(
            given_["free_cents"], given_["categories"], children=given_["children"],
            outside_benefit_unit=given_["outside_benefit_unit"], kinderzuschlag_max_cents=given_["kinderzuschlag_max_cents"])]
    if op == "budget_bars":
        return budget_bars(given_["income_cents"], given_["deduction_cents"], given_["expense_cents"])
    if op == "arrears_bars":
        return arrears_bars(given_["arrears_cents"], given_["remaining_cents"])
    return outcome(lambda: evaluate(given_["plan"], given_["context"]))


@pytest.mark.parametrize("vector", vectors("creditor_split", "setoff", "garnishment", "kindergeld", "hints",
                                           "budget_bars", "arrears_bars", "evaluate"), ids=lambda v: v["id"])
def test_vector(vector):
    assert run(vector) == vector["expected"], vector["note"]


def test_the_issue_example_and_the_primary_claims_of_domain_md():
    assert creditor_split(100, [Debt("consumer_credit", 700)] * 3).shares == (34, 33, 33)
    assert set(PRIMARY_CLAIMS) == {"rent", "energy", "maintenance", "fine"}


debts_strategy = st.lists(st.builds(Debt, st.sampled_from(CLAIM_TYPES), st.integers(0, MAX_CENTS // 3),
                                    st.integers(0, MAX_CENTS // 3), st.integers(0, MAX_CENTS // 3)), max_size=12)


@given(st.integers(0, MAX_CENTS), debts_strategy)
def test_split_adds_up_pays_primary_first_and_never_overpays(available, debts):
    split = creditor_split(available, debts)
    assert sum(split.shares) + split.undistributed_cents == available
    assert all(share <= debt.total_cents for share, debt in zip(split.shares, debts))
    primary_total = sum(d.total_cents for d in debts if d.priority == "primary")
    if split.secondary_cents:
        assert split.primary_cents == primary_total


@given(st.integers(0, MAX_CENTS), st.integers(0, 8))
def test_more_income_never_means_less_attachable(income, dependants):
    refs = {"base_cents": 155500, "first_cents": 58523, "further_cents": 32604,
            "fully_attachable_above_cents": 476699}
    lower = garnishment(income, dependants, **refs)
    more = min(MAX_CENTS, income + 1000)
    higher = garnishment(more, dependants, **refs)
    assert 0 <= lower.attachable_cents <= higher.attachable_cents
    # never more than the income above the exemption, and all of what exceeds the ceiling
    assert higher.attachable_cents <= max(0, more - higher.exempt_cents)
    assert higher.attachable_cents >= max(0, more - refs["fully_attachable_above_cents"])


def test_a_top_up_is_the_fallback_whenever_nothing_else_may_close_the_gap():
    assert [h.code for h in entitlement_hints(-1, ["buergergeld"], children=0, outside_benefit_unit=0,
                                              kinderzuschlag_max_cents=29700)] == ["top_up"]
    covered = entitlement_hints(-100, ["net_wages"], children=1, outside_benefit_unit=0, kinderzuschlag_max_cents=29700)
    assert [h.code for h in covered] == ["wohngeld_first"]
