"""Periods: §§ 187, 188, 193 BGB and § 222 ZPO, forwards and backwards."""

from datetime import date

import pytest

from outreach.domain.deadlines import (
    extend_to_working_day,
    filing_deadline_before,
    period_end_months,
    period_end_weeks,
)


@pytest.mark.parametrize(
    ("event_day", "months", "last_day"),
    [
        (date(2025, 12, 31), 2, date(2026, 2, 28)),  # § 188(3): no 31 Feb, non-leap
        (date(2023, 12, 31), 2, date(2024, 2, 29)),  # leap year
        (date(2025, 11, 30), 2, date(2026, 1, 30)),  # same number, not month end
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 2, 28), 2, date(2026, 4, 28)),  # not "end of month" just because Feb ends
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
    ],
)
def test_period_end_months(event_day, months, last_day):
    assert period_end_months(event_day, months) == last_day


def test_period_end_weeks_is_same_weekday():
    assert period_end_weeks(date(2026, 3, 20), 2) == date(2026, 4, 3)


@pytest.mark.parametrize("bad", [0, -1])
def test_periods_need_positive_length(bad):
    with pytest.raises(ValueError):
        period_end_months(date(2026, 1, 1), bad)
    with pytest.raises(ValueError):
        period_end_weeks(date(2026, 1, 1), bad)


@pytest.mark.parametrize(
    ("last_day", "extended"),
    [
        (date(2026, 2, 28), date(2026, 3, 2)),  # Saturday → Monday
        (date(2026, 3, 1), date(2026, 3, 2)),  # Sunday → Monday
        (date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday → Tuesday after Easter Monday
        (date(2026, 10, 31), date(2026, 11, 2)),  # Reformation Day (Sat) → Monday
        (date(2026, 12, 25), date(2026, 12, 28)),
        (date(2026, 3, 3), date(2026, 3, 3)),  # Tuesday stays
    ],
)
def test_section_193_moves_end_to_next_working_day(last_day, extended):
    assert extend_to_working_day(last_day, "BB") == extended


def test_section_193_uses_the_states_holidays():
    reformation_day_wed = date(2028, 10, 31)
    assert extend_to_working_day(reformation_day_wed, "BB") == date(2028, 11, 1)
    assert extend_to_working_day(reformation_day_wed, "BY") == reformation_day_wed


def test_backward_deadline_strict_and_lenient_readings():
    # Eviction Wed 28 Mar 2018: strict reading (Thomas/Putzo) → Tue 13 Mar,
    # lenient (BeckOK ZPO/Ulrici) → Wed 14 Mar (rechtspflegerforum example).
    deadline = filing_deadline_before(date(2018, 3, 28), "§ 765a(3) ZPO", "BW")
    assert deadline.file_by == date(2018, 3, 13)
    assert deadline.latest_arguable == date(2018, 3, 14)


def test_backward_deadline_safe_date_is_a_working_day_before():
    # Reference Mon 16 Mar 2026: strict day is Sun 1 Mar → file by Fri 27 Feb.
    deadline = filing_deadline_before(date(2026, 3, 16), "x", "BB")
    assert deadline.file_by == date(2026, 2, 27)
    assert deadline.latest_arguable == date(2026, 3, 2)  # Sun 1 Mar extended (§ 222(2))


def test_backward_deadline_from_end_of_period_counts_fourteen_days():
    deadline = filing_deadline_before(
        date(2026, 6, 30), "§ 721(3) ZPO", "BB", reference_is_end_of_period=True
    )
    assert deadline.file_by == date(2026, 6, 16)
