"""Repayment plan: instalment, months, schedule, payoff month and warnings."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.domain.money import MAX_CENTS, MoneyError
from outreach.domain.repayment import (
    DEFAULT_BUFFER_CENTS,
    MAX_SCHEDULE_MONTHS,
    WARNING_MESSAGES,
    repayment_plan,
    suggested_instalment,
)
from tests.support.vectors import VECTORS, outcome


@pytest.mark.parametrize("vector", [v for v in VECTORS if v["op"] == "plan"], ids=lambda v: v["id"])
def test_vector(vector):
    assert outcome(lambda: repayment_plan(**vector["input"])) == vector["expected"], vector["note"]


def codes(plan):
    return list(plan.warnings)


def test_default_buffer_is_50_euros_and_suggestion_never_below_zero():
    assert DEFAULT_BUFFER_CENTS == 5000
    assert suggested_instalment(35000) == 30000
    assert suggested_instalment(35000, buffer_cents=0) == 35000
    assert suggested_instalment(4000) == 0
    assert suggested_instalment(-12000) == 0


def test_plan_pays_off_with_a_smaller_last_instalment():
    plan = repayment_plan(100000, 35000, 2026, 11)
    assert plan.instalment_cents == 30000
    assert plan.months == 4
    assert plan.payoff == (2027, 2)
    assert [(r.year, r.month, r.instalment_cents, r.remaining_cents) for r in plan.schedule] == [
        (2026, 11, 30000, 70000),
        (2026, 12, 30000, 40000),
        (2027, 1, 30000, 10000),
        (2027, 2, 10000, 0),
    ]
    assert codes(plan) == []


def test_caller_chooses_the_instalment_and_is_warned_above_the_free_amount():
    assert codes(repayment_plan(100000, 35000, 2026, 3, instalment_cents=40000)) == ["instalment_exceeds_free"]
    assert codes(repayment_plan(100000, 35000, 2026, 3, instalment_cents=32000)) == ["buffer_reduced"]
    assert codes(repayment_plan(100000, 35000, 2026, 3, instalment_cents=30000)) == []


@pytest.mark.parametrize("free", [5000, 0, -12000])
def test_nothing_left_for_an_instalment_means_no_plan(free):
    plan = repayment_plan(100000, free, 2026, 3)
    assert (plan.months, plan.payoff, plan.schedule) == (None, None, ())
    assert codes(plan) == ["no_plan_possible"]
    assert "Jobcenter" in WARNING_MESSAGES["no_plan_possible"]["de"]


def test_plan_past_the_schonfrist_points_to_a_public_take_over():
    plan = repayment_plan(90000, 35000, 2026, 3, schonfrist_end=date(2026, 5, 15))
    assert plan.payoff == (2026, 5)
    assert codes(plan) == ["ends_after_schonfrist"]
    assert "Jobcenter oder Sozialamt" in WARNING_MESSAGES["ends_after_schonfrist"]["de"]


def test_a_known_due_day_before_the_schonfrist_end_is_in_time():
    assert codes(repayment_plan(90000, 35000, 2026, 3, schonfrist_end=date(2026, 5, 15), due_day=15)) == []
    assert codes(repayment_plan(90000, 35000, 2026, 3, schonfrist_end="2026-05-15", due_day=16)) == [
        "ends_after_schonfrist"
    ]


def test_schedule_is_listed_up_to_fifty_years():
    assert len(repayment_plan(MAX_SCHEDULE_MONTHS, 0, 2026, 1, instalment_cents=1).schedule) == 600
    longer = repayment_plan(MAX_SCHEDULE_MONTHS + 1, 0, 2026, 1, instalment_cents=1)
    assert longer.schedule == ()
    assert longer.months == 601
    assert longer.payoff == (2076, 1)
    assert "too_long" in codes(longer)


@pytest.mark.parametrize(
    "bad",
    [
        {"start_month": 0},
        {"start_month": 13},
        {"schonfrist_end": "15.05.2026"},
        {"schonfrist_end": "2026-02-29"},
        {"due_day": 32},
        {"buffer_cents": -1},
        {"instalment_cents": MAX_CENTS + 1},
        {"arrears_cents": -1},
    ],
)
def test_values_the_plan_cannot_use_are_refused(bad):
    args = {"arrears_cents": 1000, "free_cents": 35000, "start_year": 2026, "start_month": 3, **bad}
    with pytest.raises(MoneyError):
        repayment_plan(**args)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=MAX_CENTS),
    st.integers(min_value=1, max_value=MAX_CENTS),
    st.integers(min_value=2000, max_value=2100),
    st.integers(min_value=1, max_value=12),
)
def test_schedule_pays_exactly_the_arrears_in_the_computed_months(arrears, instalment, year, month):
    plan = repayment_plan(arrears, MAX_CENTS, year, month, instalment_cents=instalment)
    assert plan.months == -(-arrears // instalment)
    if plan.months <= MAX_SCHEDULE_MONTHS:
        rows = plan.schedule
        assert sum(r.instalment_cents for r in rows) == arrears
        assert all(r.instalment_cents == instalment for r in rows[:-1])
        assert 0 < rows[-1].instalment_cents <= instalment
        assert rows[-1].remaining_cents == 0
        assert (rows[-1].year, rows[-1].month) == plan.payoff
