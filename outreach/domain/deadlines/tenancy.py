"""Rent due dates, notice of termination and the § 543(2) Nr. 3 BGB threshold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from outreach.domain.calendar import (
    DEFAULT_STATE,
    add_months,
    is_werktag,
    is_working_day,
    last_day_of_month,
    next_working_day_on_or_after,
    nth_day_of_month,
)


@dataclass(frozen=True)
class LedgerMonth:
    """Rent account of one month: what fell due and what has been paid for it."""

    year: int
    month: int
    due_cents: int
    paid_cents: int

    @property
    def open_cents(self) -> int:
        """Unpaid part of this month (negative if overpaid)."""
        return self.due_cents - self.paid_cents


def gross_monthly_rent_cents(base_cents: int, service_charge_cents: int, heating_cents: int) -> int:
    """"Miete" of §§ 543, 569 BGB: base rent plus service-charge and heating prepayments.

    A year-end settlement (Nachzahlung) is not rent in this sense.
    """
    return base_cents + service_charge_cents + heating_cents


# Both are asked for the same months again and again (twelve per case on every list): remembered.
@lru_cache(maxsize=4096)
def rent_due_date(year: int, month: int, state: str = DEFAULT_STATE) -> date:
    """Last day to pay the month's rent: the 3rd working day (§ 556b(1) BGB).

    Saturday does not count (BGH VIII ZR 129/09, 13 Jul 2010: not a bank day);
    public holidays of ``state`` do not count either.
    """
    return nth_day_of_month(year, month, 3, lambda day: is_working_day(day, state))


@lru_cache(maxsize=4096)
def notice_arrival_deadline(year: int, month: int, state: str = DEFAULT_STATE) -> date:
    """Last day a notice must arrive to count for ``month`` (§ 573c(1) S. 1 BGB).

    The 3rd Werktag of the month; Saturday counts, unless it is the last day of
    the grace, which then ends on the next working day (BGH VIII ZR 206/04,
    27 Apr 2005, with § 193 BGB).
    """
    third = nth_day_of_month(year, month, 3, lambda day: is_werktag(day, state))
    return next_working_day_on_or_after(third, state)


def landlord_notice_months(tenancy_start: date, received_on: date) -> int:
    """Landlord's notice period: 3, 6 or 9 months (§ 573c(1) S. 2 BGB).

    It grows by 3 months after 5 and after 8 years since the flat was handed
    over, counted up to the day the notice is received.
    """
    if received_on >= add_months(tenancy_start, 8 * 12):
        return 9
    if received_on >= add_months(tenancy_start, 5 * 12):
        return 6
    return 3


def ordinary_termination_effective(
    received_on: date, tenancy_start: date, state: str = DEFAULT_STATE
) -> date:
    """Day a landlord's ordinary termination takes effect (§ 573c(1) BGB).

    Received by the 3rd Werktag of month M: the tenancy ends with the last day of
    month M + notice months − 1 (3 months: end of the month after next);
    received later: one month later. The end is not moved by § 193 BGB.
    """
    months = landlord_notice_months(tenancy_start, received_on)
    counts_this_month = received_on <= notice_arrival_deadline(
        received_on.year, received_on.month, state
    )
    first_month = received_on.replace(day=1)
    end_month = add_months(first_month, months - 1 if counts_this_month else months)
    return end_month.replace(day=last_day_of_month(end_month.year, end_month.month))
