"""The landlord's rent account beside the worker's ledger (issue 20), Flask-free.

A landlord's statement lists months (rent due, paid) as of a day. It never replaces what the
worker entered: `compare` lines the two up month by month and names every difference, and the
§ 543(2) S. 1 Nr. 3 BGB check runs on each account separately, so a page can show both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .deadlines import LedgerMonth
from .deadlines.arrears import arrears_threshold, checked_ledger
from .money import MAX_CENTS

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_MONTHS = 36


class StatementError(ValueError):
    """Refusal with a stable code; `row` is the 0-based line it concerns (or None)."""

    def __init__(self, code: str, row: int | None = None):
        super().__init__(code if row is None else f"{code} (row {row})")
        self.code, self.row = code, row


def parse_month(text: str) -> tuple[int, int] | None:
    found = MONTH.match(text.strip()) if isinstance(text, str) else None
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    return (year, month) if 1 <= month <= 12 and 2000 <= year <= 2100 else None


def checked_statement(months: list[LedgerMonth], as_of: date) -> tuple[LedgerMonth, ...]:
    """The statement's months sorted, or StatementError: at least one, at most 36, consecutive
    (a missing month would count as paid), none after the month of `as_of`, amounts in range."""
    if not months:
        raise StatementError("no_months")
    if len(months) > MAX_MONTHS:
        raise StatementError("too_many_months")
    for row, entry in enumerate(months):
        if not (0 <= entry.due_cents <= MAX_CENTS and 0 <= entry.paid_cents <= MAX_CENTS):
            raise StatementError("amount_out_of_range", row)
        if (entry.year, entry.month) > (as_of.year, as_of.month):
            raise StatementError("month_after_statement", row)
    if len({(m.year, m.month) for m in months}) != len(months):
        raise StatementError("month_twice")
    try:
        return checked_ledger(months)
    except ValueError:
        raise StatementError("months_not_consecutive") from None


@dataclass(frozen=True)
class MonthDifference:
    year: int
    month: int
    worker: LedgerMonth | None  # None: the worker's ledger has no such month
    landlord: LedgerMonth | None

    @property
    def open_difference_cents(self) -> int:
        """Landlord's open amount minus the worker's (positive: the landlord says more is owed)."""
        return (self.landlord.open_cents if self.landlord else 0) - (self.worker.open_cents if self.worker else 0)


@dataclass(frozen=True)
class Comparison:
    differences: tuple[MonthDifference, ...]  # only months that differ, oldest first
    worker_open_cents: int  # over the statement's months
    landlord_open_cents: int
    worker_threshold_since: date | None  # § 543(2) S. 1 Nr. 3 BGB on each account as of the statement day
    landlord_threshold_since: date | None

    @property
    def agrees(self) -> bool:
        return not self.differences


def compare(worker: list[LedgerMonth], landlord: list[LedgerMonth], monthly_rent_cents: int, as_of: date,
            state: str) -> Comparison:
    """The two accounts over the statement's months: where they differ, and what each says."""
    by_month = {(m.year, m.month): m for m in worker}
    theirs = {(m.year, m.month): m for m in landlord}
    differences = []
    for key in sorted(set(theirs) | {k for k in by_month if k <= max(theirs) and k >= min(theirs)}):
        mine, other = by_month.get(key), theirs.get(key)
        if mine is None or other is None or (mine.due_cents, mine.paid_cents) != (other.due_cents, other.paid_cents):
            differences.append(MonthDifference(key[0], key[1], mine, other))

    def since(months: list[LedgerMonth]) -> date | None:
        if not months or not monthly_rent_cents:
            return None
        try:
            return arrears_threshold(months, monthly_rent_cents, as_of, state).since
        except ValueError:  # a gap: no verdict rather than a wrong one
            return None

    window = [m for m in worker if (m.year, m.month) in theirs]
    return Comparison(tuple(differences), sum(m.open_cents for m in window), sum(m.open_cents for m in landlord),
                      since(worker), since(landlord))
