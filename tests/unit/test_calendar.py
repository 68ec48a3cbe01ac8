"""Legal calendar: Berlin dates, Brandenburg holidays, the two kinds of working day."""

from datetime import date, datetime, timedelta, timezone

import pytest

from outreach.domain.calendar import (
    add_months,
    add_werktage,
    berlin_date,
    is_public_holiday,
    is_werktag,
    is_working_day,
    next_working_day_on_or_after,
    previous_working_day_on_or_before,
    public_holidays,
)

UTC = timezone.utc


@pytest.mark.parametrize(
    ("utc_moment", "berlin"),
    [
        # Winter (CET, UTC+1): 23:30 UTC is already the next day in Berlin.
        (datetime(2026, 1, 31, 23, 30, tzinfo=UTC), date(2026, 2, 1)),
        (datetime(2026, 1, 31, 22, 59, tzinfo=UTC), date(2026, 1, 31)),
        (datetime(2026, 1, 31, 23, 0, tzinfo=UTC), date(2026, 2, 1)),
        # Summer (CEST, UTC+2): the day changes at 22:00 UTC.
        (datetime(2026, 6, 30, 21, 59, tzinfo=UTC), date(2026, 6, 30)),
        (datetime(2026, 6, 30, 22, 0, tzinfo=UTC), date(2026, 7, 1)),
        # New Year's Eve: a UTC server would file this under the old year.
        (datetime(2025, 12, 31, 23, 15, tzinfo=UTC), date(2026, 1, 1)),
    ],
)
def test_berlin_date_turns_over_at_berlin_midnight(utc_moment, berlin):
    assert berlin_date(utc_moment) == berlin


def test_berlin_date_accepts_other_offsets():
    tokyo = timezone(timedelta(hours=9))
    assert berlin_date(datetime(2026, 3, 10, 7, 30, tzinfo=tokyo)) == date(2026, 3, 9)


def test_berlin_date_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="timezone-aware"):
        berlin_date(datetime(2026, 1, 31, 23, 30))


def test_brandenburg_keeps_easter_sunday_whit_sunday_and_reformation_day():
    holidays_2026 = public_holidays(2026, "BB")
    assert date(2026, 4, 5) in holidays_2026  # Easter Sunday
    assert date(2026, 5, 24) in holidays_2026  # Whit Sunday
    assert date(2026, 10, 31) in holidays_2026  # Reformation Day
    assert date(2027, 3, 28) in public_holidays(2027, "BB")  # Easter Sunday 2027


def test_other_states_differ():
    assert not is_public_holiday(date(2026, 10, 31), "BY")  # no Reformation Day in Bavaria
    assert is_public_holiday(date(2026, 1, 6), "BY")  # Epiphany
    assert not is_public_holiday(date(2026, 1, 6), "BB")
    assert is_public_holiday(date(2026, 3, 9), "BE") is False
    assert is_public_holiday(date(2026, 3, 8), "BE")  # Women's Day, Berlin only


def test_default_state_is_brandenburg():
    assert is_public_holiday(date(2026, 10, 31))
    assert is_working_day(date(2026, 10, 30))


def test_working_day_excludes_saturday_but_werktag_includes_it():
    saturday = date(2026, 3, 7)
    assert not is_working_day(saturday)
    assert is_werktag(saturday)
    assert not is_werktag(date(2026, 3, 8))  # Sunday
    assert not is_werktag(date(2026, 4, 6))  # Easter Monday


def test_rolling_to_working_days():
    good_friday = date(2026, 4, 3)
    assert next_working_day_on_or_after(good_friday) == date(2026, 4, 7)
    assert previous_working_day_on_or_before(date(2026, 4, 6)) == date(2026, 4, 2)
    assert next_working_day_on_or_after(date(2026, 4, 8)) == date(2026, 4, 8)


def test_add_werktage_counts_saturdays_and_skips_holidays():
    # Fri 27 Mar 2026 + 8: Sat 28, Mon 30, Tue 31, Wed 1, Thu 2, (Good Fri), Sat 4,
    # (Easter Mon), Tue 7, Wed 8.
    assert add_werktage(date(2026, 3, 27), 8) == date(2026, 4, 8)


def test_add_months_clamps_to_month_end_in_both_directions():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 2, 29), -24) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)


def test_years_without_holiday_data_are_refused():
    with pytest.raises(ValueError, match="no public-holiday data"):
        is_working_day(date(1989, 12, 29))


def test_brandenburg_sundays_kept_even_if_the_package_drops_them(monkeypatch):
    from outreach.domain import calendar as legal_calendar

    monkeypatch.setattr(legal_calendar.holidays, "Germany", lambda **kwargs: {})
    legal_calendar._holidays_of_year.cache_clear()
    try:
        assert date(2026, 4, 5) in public_holidays(2026, "BB")  # Easter Sunday
        assert date(2026, 5, 24) in public_holidays(2026, "BB")  # Whit Sunday
        assert date(2026, 4, 5) not in public_holidays(2026, "BY")
    finally:
        legal_calendar._holidays_of_year.cache_clear()
