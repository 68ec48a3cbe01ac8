"""The landlord's rent account beside the worker's ledger (domain/rent_account.py), worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.domain.deadlines import LedgerMonth
from outreach.domain.rent_account import StatementError, checked_statement, compare, parse_month

RENT = 65000


def months(*rows):
    return [LedgerMonth(year, month, due, paid) for year, month, due, paid in rows]


@pytest.mark.parametrize("text, expected", [("2026-11", (2026, 11)), (" 2026-01 ", (2026, 1)), ("2026-13", None),
                                            ("11/2026", None), ("1999-12", None), ("", None), (None, None)])
def test_months_are_read_as_year_dash_month(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize("rows, code", [
    ([], "no_months"),
    ([(2026, 9, RENT, 0), (2026, 11, RENT, 0)], "months_not_consecutive"),
    ([(2026, 9, RENT, 0), (2026, 9, RENT, 0)], "month_twice"),
    ([(2026, 12, RENT, 0)], "month_after_statement"),
    ([(2026, 10, -1, 0)], "amount_out_of_range"),
    ([(2023, 1, RENT, 0)] + [(2023 + (m // 12), m % 12 + 1, RENT, 0) for m in range(1, 37)], "too_many_months"),
])
def test_a_statement_is_refused_for_what_would_mislead(rows, code):
    with pytest.raises(StatementError) as refused:
        checked_statement(months(*rows), date(2026, 11, 20))
    assert refused.value.code == code


def test_a_good_statement_comes_back_sorted():
    checked = checked_statement(months((2026, 11, RENT, 0), (2026, 10, RENT, RENT)), date(2026, 11, 20))
    assert [(m.year, m.month) for m in checked] == [(2026, 10), (2026, 11)]


def test_differences_month_by_month_and_each_account_s_own_threshold():
    worker = months((2026, 8, RENT, RENT), (2026, 9, RENT, 40000), (2026, 10, RENT, 30000))
    landlord = months((2026, 9, RENT, 40000), (2026, 10, RENT, 0), (2026, 11, RENT, 0))
    result = compare(worker, landlord, RENT, date(2026, 11, 20), "BB")
    assert [(d.year, d.month) for d in result.differences] == [(2026, 10), (2026, 11)]
    october, november = result.differences
    assert october.open_difference_cents == 30000  # the landlord has not booked the 300 € part payment
    assert november.worker is None and november.open_difference_cents == RENT
    assert result.worker_open_cents == 25000 + 35000 and result.landlord_open_cents == 25000 + 2 * RENT
    # § 543(2) S. 1 Nr. 3 a with § 569(3) Nr. 1 BGB: two consecutive due dates with more than one
    # month's rent open. Landlord: 250 € (September) + 650 € (October) = 900 € > 650 € once October's
    # rent is due unpaid, on the 3rd working day: Mon 5 Oct 2026 (Sat 3 Oct, Unity Day, does not
    # count). Worker: 250 € + 350 € = 600 € ≤ 650 €, and less than two months' rent in all
    # (variant b): not reached.
    assert result.landlord_threshold_since == date(2026, 10, 5)
    assert result.worker_threshold_since is None
    assert not result.agrees


def test_the_same_figures_agree():
    rows = months((2026, 9, RENT, 0), (2026, 10, RENT, 20000))
    result = compare(rows, list(rows), RENT, date(2026, 11, 20), "BB")
    assert result.agrees and result.worker_open_cents == result.landlord_open_cents == 110000
