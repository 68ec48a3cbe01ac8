"""Termination threshold for rent arrears: § 543(2) S. 1 Nr. 3 with § 569(3) Nr. 1 BGB."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from outreach.domain.calendar import DEFAULT_STATE
from outreach.domain.deadlines.tenancy import LedgerMonth, rent_due_date


def checked_ledger(ledger: Sequence[LedgerMonth]) -> tuple[LedgerMonth, ...]:
    """The ledger sorted by month; raises ``ValueError`` on gaps or duplicates.

    A missing month would silently count as paid, so it is refused.
    """
    months = tuple(sorted(ledger, key=lambda entry: (entry.year, entry.month)))
    for before, after in zip(months, months[1:]):
        if after.year * 12 + after.month != before.year * 12 + before.month + 1:
            raise ValueError(
                f"ledger must list consecutive months: {before.year}-{before.month:02d} "
                f"is followed by {after.year}-{after.month:02d}"
            )
    return months


@dataclass(frozen=True)
class ArrearsThreshold:
    """Whether and since which rent due date a termination without notice is open.

    The right arises once the given due date has passed unpaid, and ends if the
    landlord is satisfied before the termination (§ 543(2) S. 2 BGB).
    """

    variant_a_since: date | None
    variant_b_since: date | None

    @property
    def met(self) -> bool:
        """True if either variant is met."""
        return self.variant_a_since is not None or self.variant_b_since is not None

    @property
    def since(self) -> date | None:
        """The earlier of the two dates, or None."""
        dates = [d for d in (self.variant_a_since, self.variant_b_since) if d is not None]
        return min(dates) if dates else None


def _months_in_default(
    ledger: Sequence[LedgerMonth], as_of: date, state: str
) -> list[tuple[LedgerMonth, date]]:
    """Ledger months whose rent due date has passed by ``as_of``, with that date."""
    return [(entry, rent_due_date(entry.year, entry.month, state))
            for entry in checked_ledger(ledger)
            if rent_due_date(entry.year, entry.month, state) < as_of]


def variant_a_since(
    ledger: Sequence[LedgerMonth], monthly_rent_cents: int, as_of: date, state: str = DEFAULT_STATE
) -> date | None:
    """First due date at which § 543(2) S. 1 Nr. 3 a BGB is met, or None.

    Two consecutive due dates both unpaid in whole or part, and the two open
    amounts together exceed one month's rent (§ 569(3) Nr. 1 S. 1 BGB; BGH
    VIII ZR 32/20, 8 Dec 2021: the total of both counts, not each month).
    """
    months = _months_in_default(ledger, as_of, state)
    for (first, _), (second, second_due) in zip(months, months[1:]):
        both_open = first.open_cents > 0 and second.open_cents > 0
        if both_open and first.open_cents + second.open_cents > monthly_rent_cents:
            return second_due
    return None


def variant_b_since(
    ledger: Sequence[LedgerMonth], monthly_rent_cents: int, as_of: date, state: str = DEFAULT_STATE
) -> date | None:
    """First due date at which § 543(2) S. 1 Nr. 3 b BGB is met, or None.

    Over a period spanning more than two due dates (counted from the first
    month still open), the open rent reaches two months' rent.
    """
    months = _months_in_default(ledger, as_of, state)
    start = next((i for i, (entry, _) in enumerate(months) if entry.open_cents > 0), None)
    if start is None:
        return None
    total = 0
    for index in range(start, len(months)):
        entry, due = months[index]
        total += entry.open_cents
        if index - start + 1 > 2 and total >= 2 * monthly_rent_cents:
            return due
    return None


def arrears_threshold(
    ledger: Sequence[LedgerMonth],
    monthly_rent_cents: int,
    as_of: date,
    state: str = DEFAULT_STATE,
) -> ArrearsThreshold:
    """Check both variants of § 543(2) S. 1 Nr. 3 BGB on the ledger as of a date.

    ``monthly_rent_cents`` is the gross rent (see ``gross_monthly_rent_cents``).
    Only months whose due date (§ 556b(1) BGB) lies before ``as_of`` count.
    """
    return ArrearsThreshold(
        variant_a_since=variant_a_since(ledger, monthly_rent_cents, as_of, state),
        variant_b_since=variant_b_since(ledger, monthly_rent_cents, as_of, state),
    )
