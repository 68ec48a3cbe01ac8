"""How a case ends: choices, age bands, follow-up dates, repeat cases (hand-counted)."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.domain import outcomes
from outreach.domain.cases import KeyDate, case_deadlines


@pytest.mark.parametrize("birth_year, band", [
    (2009, "under_18"), (2008, "18_24"), (2002, "18_24"), (2001, "25_29"), (1997, "25_29"), (1996, "30_39"), (1987, "30_39"),
    (1986, "40_49"), (1966, "60_64"), (1962, "60_64"), (1961, "65_plus"), (None, "unknown"), (2030, "unknown"),
])
def test_age_band_by_the_age_reached_in_the_year(birth_year, band):
    assert outcomes.age_band(birth_year, date(2026, 12, 6)) == band


@pytest.mark.parametrize("minors, band", [(None, "unknown"), (0, "0"), (2, "2"), (3, "3_plus"), (7, "3_plus")])
def test_children_band(minors, band):
    assert outcomes.children_band(minors) == band


def test_several_keeps_list_order_drops_repeats_and_means_unknown_when_empty():
    assert outcomes.several(["separation", "income_loss", "separation"], outcomes.CAUSES, "causes") == [
        "income_loss", "separation"]
    assert outcomes.several([], outcomes.CAUSES, "causes") == ["unknown"]
    with pytest.raises(outcomes.ClosingError) as error:
        outcomes.several(["unknown", "violence"], outcomes.CAUSES, "causes")
    assert error.value.code == "alone"
    with pytest.raises(outcomes.ClosingError):
        outcomes.several(["none", "own_funds"], outcomes.TOOLS, "tools")
    with pytest.raises(outcomes.ClosingError) as error:
        outcomes.several(["drop table"], outcomes.TOOLS, "tools")
    assert error.value.code == "unknown_choice"


@pytest.mark.parametrize("closed, months, due", [
    (date(2026, 11, 30), 3, date(2027, 2, 28)),  # no 30 February: the month's last day
    (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 12, 6), 12, date(2027, 12, 6)),
    (date(2026, 10, 15), 3, date(2027, 1, 15)),  # over the year's end
])
def test_follow_up_dates(closed, months, due):
    assert outcomes.add_months(closed, months) == due


def test_follow_ups_only_after_a_kept_or_new_flat_and_configurable():
    assert [f.months for f in outcomes.follow_ups("flat_kept", date(2026, 1, 10))] == [3, 6, 12]
    assert [f.due_on for f in outcomes.follow_ups("moved_other_flat", date(2026, 1, 10), (12, 1, 1, 0, 99))] == [
        date(2026, 2, 10), date(2027, 1, 10)]
    for outcome in ("emergency_accommodation", "precarious", "moved_away_no_contact", "help_refused"):
        assert outcomes.follow_ups(outcome, date(2026, 1, 10)) == []


def test_a_repeat_case_is_reopened_thirty_days_or_more_after_closing():
    assert not outcomes.is_repeat(date(2026, 1, 1), date(2026, 1, 30))
    assert outcomes.is_repeat(date(2026, 1, 1), date(2026, 1, 31))
    assert outcomes.reopens("arrears_again") and not outcomes.reopens("lost")


def test_a_key_date_done_ends_its_deadlines_until_a_new_one_of_that_kind_comes():
    today = date(2026, 12, 6)
    hearing = KeyDate("hearing", date(2026, 12, 1))
    codes = [d.code for d in case_deadlines(date(2026, 11, 1), [hearing], [], None, today, "BB")]
    assert "hearing_raeumungsfrist_request" in codes
    done = KeyDate("hearing", date(2026, 12, 1), done=True)
    codes = [d.code for d in case_deadlines(date(2026, 11, 1), [done], [], None, today, "BB")]
    assert "hearing_raeumungsfrist_request" not in codes
    again = KeyDate("hearing", date(2027, 1, 20))
    codes = [d.code for d in case_deadlines(date(2026, 11, 1), [done, again], [], None, today, "BB")]
    assert "hearing_raeumungsfrist_request" in codes
