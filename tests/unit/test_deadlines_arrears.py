"""Termination threshold § 543(2) S. 1 Nr. 3 a/b with § 569(3) Nr. 1 BGB."""

from datetime import date

from outreach.domain.deadlines import LedgerMonth, arrears_threshold

RENT = 70_400  # 704 € gross, as in BGH VIII ZR 32/20
AS_OF = date(2026, 12, 1)


def _ledger(start_month, *open_amounts, year=2026):
    return [LedgerMonth(year, start_month + i, RENT, RENT - open_cents)
            for i, open_cents in enumerate(open_amounts)]


def test_two_consecutive_months_unpaid_meets_variant_a_at_second_due_date():
    result = arrears_threshold(_ledger(1, RENT, RENT), RENT, AS_OF, "BB")
    assert result.variant_a_since == date(2026, 2, 4)  # 3rd bank day of Feb 2026
    assert result.met


def test_variant_a_counts_the_total_of_both_months():
    # BGH VIII ZR 32/20: 135.41 € short in January, nothing paid in February:
    # 839.41 € > 704 € → met, although January alone is far below one month's rent.
    result = arrears_threshold(_ledger(1, 13_541, RENT), RENT, AS_OF, "BB")
    assert result.variant_a_since == date(2026, 2, 4)


def test_variant_a_not_met_if_total_only_equals_one_months_rent():
    result = arrears_threshold(_ledger(1, RENT // 2, RENT // 2), RENT, AS_OF, "BB")
    assert result.variant_a_since is None


def test_variant_a_needs_both_months_in_arrears():
    result = arrears_threshold(_ledger(1, 0, RENT), RENT, AS_OF, "BB")
    assert result.variant_a_since is None


def test_variant_a_waits_for_the_due_date_to_pass():
    ledger = _ledger(1, RENT, RENT)
    assert arrears_threshold(ledger, RENT, date(2026, 2, 4), "BB").variant_a_since is None
    assert arrears_threshold(ledger, RENT, date(2026, 2, 5), "BB").variant_a_since \
        == date(2026, 2, 4)


def test_variant_b_over_more_than_two_due_dates():
    # Half rent short in Jan, Feb, Mar, Apr: 2 × rent reached at April's due date.
    result = arrears_threshold(_ledger(1, *[RENT // 2] * 4), RENT, AS_OF, "BB")
    assert result.variant_a_since is None
    assert result.variant_b_since == date(2026, 4, 7)  # Easter Monday 6 Apr does not count
    assert result.since == date(2026, 4, 7)


def test_variant_b_just_below_two_months_rent_is_not_met():
    ledger = _ledger(1, RENT // 2, RENT // 2, RENT // 2, RENT // 2 - 1)
    assert arrears_threshold(ledger, RENT, AS_OF, "BB").variant_b_since is None


def test_variant_b_with_a_paid_month_in_between():
    # January and March unpaid, February paid: period spans three due dates.
    result = arrears_threshold(_ledger(1, RENT, 0, RENT), RENT, AS_OF, "BB")
    assert result.variant_a_since is None
    assert result.variant_b_since == date(2026, 3, 4)


def test_no_arrears_no_threshold():
    result = arrears_threshold(_ledger(1, 0, 0, 0), RENT, AS_OF, "BB")
    assert not result.met and result.since is None


def test_variant_b_needs_more_than_two_due_dates():
    # Two full months unpaid: variant a is met at February's due date, variant b
    # not yet (the period spans only two due dates).
    result = arrears_threshold(_ledger(1, RENT, RENT), RENT, date(2026, 2, 10), "BB")
    assert result.variant_a_since == date(2026, 2, 4)
    assert result.variant_b_since is None
