"""Properties of the period arithmetic over many dates (hypothesis)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.domain.calendar import is_working_day
from outreach.domain.deadlines import (
    extend_to_working_day,
    notice_arrival_deadline,
    period_end_months,
    rent_due_date,
    schonfrist_end,
)

days = st.dates(min_value=date(2002, 1, 1), max_value=date(2060, 12, 31))
states = st.sampled_from(["BB", "BE", "BY", "SN", "NW"])


@settings(max_examples=200, deadline=None)
@given(days, st.integers(min_value=1, max_value=24))
def test_month_period_is_at_least_28_days_per_month_and_keeps_the_day(event, months):
    end = period_end_months(event, months)
    assert end >= event + timedelta(days=28 * months)
    assert end.day == event.day or end.day < event.day and (end + timedelta(days=1)).day == 1


@settings(max_examples=200, deadline=None)
@given(days, states)
def test_section_193_result_is_never_weekend_or_holiday_and_at_most_five_days_later(day, state):
    extended = extend_to_working_day(day, state)
    assert is_working_day(extended, state)
    assert timedelta(0) <= extended - day <= timedelta(days=5)
    if is_working_day(day, state):
        assert extended == day


@settings(max_examples=200, deadline=None)
@given(days, states)
def test_schonfrist_end_is_a_working_day_about_two_months_on(served, state):
    end = schonfrist_end([served], state).ends_on
    assert is_working_day(end, state)
    assert timedelta(days=59) <= end - served <= timedelta(days=62 + 5)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2002, max_value=2060), st.integers(min_value=1, max_value=12), states)
def test_notice_grace_never_ends_after_rent_grace(year, month, state):
    notice = notice_arrival_deadline(year, month, state)
    rent = rent_due_date(year, month, state)
    assert notice <= rent
    assert is_working_day(rent, state) and is_working_day(notice, state)
