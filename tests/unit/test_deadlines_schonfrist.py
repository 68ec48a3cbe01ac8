"""Schonfrist (§ 569(3) Nr. 2 BGB): end, escalation, availability, amount needed."""

from datetime import date

import pytest

from outreach.domain.deadlines import (
    LedgerMonth,
    healing_amount,
    schonfrist_available,
    schonfrist_end,
)

RENT = 65_000  # 650 € gross


def test_schonfrist_runs_two_months_from_service_on_the_last_tenant():
    result = schonfrist_end([date(2026, 2, 10), date(2026, 2, 3)], "BB")
    assert result.starts_after == date(2026, 2, 10)
    assert result.ends_on == date(2026, 4, 10)


def test_schonfrist_start_can_be_configured_to_the_first_service():
    # 3 Feb + 2 months = Good Friday 3 Apr 2026 → § 193 → Tue 7 Apr (Easter Monday between).
    result = schonfrist_end([date(2026, 2, 3), date(2026, 2, 10)], "BB", start_at="first")
    assert result.ends_on == date(2026, 4, 7)


def test_schonfrist_end_on_saturday_reformation_day_moves_to_monday():
    assert schonfrist_end([date(2026, 8, 31)], "BB").ends_on == date(2026, 11, 2)


def test_schonfrist_month_end_rule():
    assert schonfrist_end([date(2025, 12, 31)], "BB").ends_on == date(2026, 3, 2)  # Sat 28 Feb
    assert schonfrist_end([date(2026, 10, 31)], "BB").ends_on == date(2026, 12, 31)


def test_escalation_dates_are_six_three_one_weeks_before_the_end():
    result = schonfrist_end([date(2026, 1, 24)], "BB")
    assert result.ends_on == date(2026, 3, 24)
    assert result.escalate_on == (date(2026, 2, 10), date(2026, 3, 3), date(2026, 3, 17))


def test_schonfrist_does_not_heal_an_ordinary_termination_under_current_law():
    assert schonfrist_end([date(2026, 2, 10)], terminated_on=date(2026, 1, 5)) \
        .heals_ordinary_termination is False


def test_schonfrist_needs_a_service_date():
    with pytest.raises(ValueError):
        schonfrist_end([], "BB")


@pytest.mark.parametrize(
    ("earlier", "available"),
    [
        (None, True),
        (date(2024, 3, 9), True),  # more than two years before 10 Mar 2026
        (date(2024, 3, 10), False),  # exactly two years: "not more than two years"
        (date(2025, 9, 1), False),
    ],
)
def test_schonfrist_excluded_after_healed_termination_within_two_years(earlier, available):
    assert schonfrist_available(date(2026, 3, 10), earlier) is available


def test_two_year_window_from_29_february_errs_towards_excluded():
    assert schonfrist_available(date(2028, 2, 29), date(2026, 2, 28)) is False
    assert schonfrist_available(date(2028, 2, 29), date(2026, 2, 27)) is True


def test_earlier_termination_after_current_is_an_input_error():
    with pytest.raises(ValueError):
        schonfrist_available(date(2026, 3, 10), date(2026, 4, 1))


def _ledger(*entries):
    return [LedgerMonth(y, m, RENT, paid) for (y, m, paid) in entries]


def test_healing_amount_adds_use_compensation_for_months_fallen_due():
    # Jan and Feb unpaid, tenancy ended by termination on 10 Feb 2026.
    ledger = _ledger((2026, 1, 0), (2026, 2, 0))
    # March rent falls due on Wed 4 Mar 2026 (Mon 2, Tue 3, Wed 4).
    before = healing_amount(ledger, RENT, date(2026, 3, 3), date(2026, 2, 10), "BB")
    assert before.total_cents == 2 * RENT
    on_due_day = healing_amount(ledger, RENT, date(2026, 3, 4), date(2026, 2, 10), "BB")
    assert on_due_day.rent_arrears_cents == 2 * RENT
    assert on_due_day.use_compensation_cents == RENT
    assert on_due_day.total_cents == 3 * RENT
    assert on_due_day.months_counted == 3


def test_healing_amount_counts_partial_payments_and_ledger_months():
    ledger = _ledger((2026, 1, 20_000), (2026, 2, 0), (2026, 3, RENT))
    result = healing_amount(ledger, RENT, date(2026, 4, 2), date(2026, 2, 10), "BB")
    # Jan 450 € + Feb 650 € open; Mar paid; April due only on Tue 7 Apr (Easter).
    assert result.total_cents == 45_000 + RENT
    assert healing_amount(ledger, RENT, date(2026, 4, 7), date(2026, 2, 10), "BB") \
        .total_cents == 45_000 + 2 * RENT


def test_healing_amount_never_negative():
    ledger = [LedgerMonth(2026, 1, RENT, 2 * RENT)]
    assert healing_amount(ledger, RENT, date(2026, 1, 20), date(2026, 1, 10)).total_cents == 0


def test_ledger_with_a_gap_is_refused():
    ledger = _ledger((2026, 1, 0), (2026, 3, 0))
    with pytest.raises(ValueError, match="consecutive"):
        healing_amount(ledger, RENT, date(2026, 4, 1), date(2026, 2, 1))
