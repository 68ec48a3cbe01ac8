"""Rent due date (§ 556b BGB), notice grace and effective date (§ 573c BGB)."""

from datetime import date

import pytest

from outreach.domain.deadlines import (
    gross_monthly_rent_cents,
    landlord_notice_months,
    notice_arrival_deadline,
    ordinary_termination_effective,
    rent_due_date,
)


@pytest.mark.parametrize(
    ("year", "month", "state", "due"),
    [
        # BGH VIII ZR 129/09 (Dec 2006): Fri 1, Mon 4, Tue 5 → paid on Tue 5 is on time.
        (2006, 12, "BE", date(2006, 12, 5)),
        # BGH VIII ZR 291/09 (Feb 2008): same pattern, Tue 5 Feb on time.
        (2008, 2, "BE", date(2008, 2, 5)),
        # Thu 1, Fri 2, (Sat 3 does not count), Mon 5 April 2027.
        (2027, 4, "BB", date(2027, 4, 5)),
        # 1 Jan holiday: Fri 2, Mon 5, Tue 6 in BB; in Bavaria 6 Jan is Epiphany.
        (2026, 1, "BB", date(2026, 1, 6)),
        (2026, 1, "BY", date(2026, 1, 7)),
    ],
)
def test_rent_due_date_is_third_bank_working_day(year, month, state, due):
    assert rent_due_date(year, month, state) == due


@pytest.mark.parametrize(
    ("year", "month", "state", "deadline"),
    [
        # BGH VIII ZR 206/04: Sat 1 Jun 2002 counts; Sat 1, Mon 3, Tue 4 → Wed 5 is late.
        (2002, 6, "SH", date(2002, 6, 4)),
        # Thu 1, Fri 2, Sat 3 Apr 2027 is the last grace day → extended to Mon 5.
        (2027, 4, "BB", date(2027, 4, 5)),
        # Fri 1, Sat 2, Mon 4 Oct 2027: Saturday counts in the middle.
        (2027, 10, "BB", date(2027, 10, 4)),
        # 1 Jan holiday: Fri 2, Sat 3, Mon 5 Jan 2026.
        (2026, 1, "BB", date(2026, 1, 5)),
    ],
)
def test_notice_arrival_deadline_counts_saturday_unless_last(year, month, state, deadline):
    assert notice_arrival_deadline(year, month, state) == deadline


def test_payment_and_notice_graces_differ_in_the_same_month():
    assert notice_arrival_deadline(2027, 10, "BB") == date(2027, 10, 4)
    assert rent_due_date(2027, 10, "BB") == date(2027, 10, 5)


@pytest.mark.parametrize(
    ("start", "received", "months"),
    [
        (date(2021, 3, 1), date(2026, 2, 28), 3),  # one day short of five years
        (date(2021, 3, 1), date(2026, 3, 1), 6),
        (date(2018, 3, 1), date(2026, 2, 28), 6),
        (date(2018, 3, 1), date(2026, 3, 1), 9),
    ],
)
def test_landlord_notice_grows_after_five_and_eight_years(start, received, months):
    assert landlord_notice_months(start, received) == months


@pytest.mark.parametrize(
    ("received", "start", "effective"),
    [
        (date(2026, 1, 5), date(2024, 1, 1), date(2026, 3, 31)),  # in time: end of month after next
        (date(2026, 1, 6), date(2024, 1, 1), date(2026, 4, 30)),  # one day late: a month later
        (date(2026, 1, 5), date(2020, 1, 1), date(2026, 6, 30)),  # 6 years: 6 months
        (date(2026, 1, 6), date(2010, 1, 1), date(2026, 10, 31)),  # 16 years, late: 9 months
        # Effective end is not moved by § 193 BGB, even on a Saturday holiday.
        (date(2026, 8, 4), date(2024, 1, 1), date(2026, 10, 31)),
    ],
)
def test_ordinary_termination_effective(received, start, effective):
    assert ordinary_termination_effective(received, start, "BB") == effective


def test_gross_rent_includes_prepayments():
    assert gross_monthly_rent_cents(45_000, 12_000, 8_000) == 65_000
