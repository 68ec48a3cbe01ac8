"""Dates of claims to the authorities and their decisions (issue 20): when to file, when a notice
counts as received, when the appeal period ends, and whether an authority's commitment beats the
Schonfrist. Pure functions; sources and worked examples in docs/deadlines.md.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from outreach.domain.calendar import DEFAULT_STATE, is_working_day
from outreach.domain.deadlines.periods import extend_to_working_day, period_end_months

# Claims that count from the 1st of the month they are filed in: Wohngeld (§ 25(2) WoGG) and the
# SGB II basic income (§ 37(2) S. 2 SGB II). Filing on the 1st of the next month costs a month.
FROM_FILING_MONTH = frozenset({"wohngeld", "sgb2_basic_income"})
DEEMED_RECEIPT_DAYS = 4  # § 37(2) SGB X as amended by the Postrechtsmodernisierungsgesetz (1 Jan 2025)
DEEMED_RECEIPT_SINCE = date(2025, 1, 1)
DEEMED_RECEIPT_DAYS_BEFORE = 3  # the old rule, for notices posted before 2025
SENT_BY = ("post", "electronic", "in_person")


@dataclass(frozen=True)
class FilingHint:
    file_by: date  # the last working day of the month: handed in by then, it counts for this month
    month_starts: date  # "file before" this day (the 1st of the next month)


def filing_hint(kind: str, today: date, state: str = DEFAULT_STATE) -> FilingHint | None:
    """For a claim being prepared that counts from its filing month: file within this month. The
    last day a person can hand it in at the office is the month's last working day; posted or
    online, the last calendar day still counts, but the safer date is shown."""
    if kind not in FROM_FILING_MONTH:
        return None
    last = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    file_by = last
    while not is_working_day(file_by, state) and file_by > today:
        file_by -= timedelta(days=1)
    return FilingHint(file_by=file_by, month_starts=last + timedelta(days=1))


def deemed_receipt(sent_on: date, sent_by: str) -> date:
    """The day a notice counts as received (§ 37(2) SGB X; the same in § 41(2) VwVfG): by post or
    electronically the 4th day after sending (the 3rd for notices sent before 2025); handed over,
    that day. Social law does not move this day off a weekend or holiday (BSG B 14 AS 12/09 R;
    tax law does, BFH IX R 68/98): the earlier date is the safer one for an appeal."""
    if sent_by not in SENT_BY:
        raise ValueError(f"unknown way of sending: {sent_by!r}")
    if sent_by == "in_person":
        return sent_on
    days = DEEMED_RECEIPT_DAYS if sent_on >= DEEMED_RECEIPT_SINCE else DEEMED_RECEIPT_DAYS_BEFORE
    return sent_on + timedelta(days=days)


def receipt(sent_on: date, sent_by: str, received_on: date | None = None) -> date:
    """When the appeal period starts: the deemed day, or a later actual receipt the tenant can show
    (an earlier actual receipt does not shorten the period)."""
    deemed = deemed_receipt(sent_on, sent_by)
    return max(deemed, received_on) if received_on else deemed


def appeal_deadline(received: date, instructions_correct: bool = True, state: str = DEFAULT_STATE) -> date:
    """Last day for the Widerspruch: one month from receipt (§ 84(1) SGG; § 70 VwGO), one year
    when the appeal instructions are missing or wrong (§ 66(2) SGG; § 58(2) VwGO). Counted from the
    day after receipt, ending on the same-numbered day (or the month's last), moved to the next
    working day (§ 64(2), (3) SGG; § 57 VwGO with § 222 ZPO and § 193 BGB)."""
    months = 1 if instructions_correct else 12
    return extend_to_working_day(period_end_months(received, months), state)


def needs_interim_order(decision: str, decided_on: date, schonfrist_ends_on: date | None) -> bool:
    """A take-over refused while the Schonfrist still runs: apply to the social court for an interim
    order at once (§ 86b(2) SGG; § 123 VwGO for Wohngeld)."""
    return decision == "refused" and schonfrist_ends_on is not None and decided_on <= schonfrist_ends_on


@dataclass(frozen=True)
class CommitmentCheck:
    state: str  # "in_time" · "too_small" · "too_late" · "not_reached_landlord"
    shortfall_cents: int = 0


def commitment_check(*, committed_cents: int, needed_cents: int, reached_landlord_on: date | None,
                     schonfrist_ends_on: date) -> CommitmentCheck:
    """Whether an authority's commitment heals the termination (§ 569(3) Nr. 2 BGB): it must reach
    the landlord (or the landlord's lawyer) within the Schonfrist and cover everything due up to
    then (the engine's healing amount); a part does not heal."""
    if reached_landlord_on is None:
        return CommitmentCheck("not_reached_landlord", max(needed_cents - committed_cents, 0))
    if reached_landlord_on > schonfrist_ends_on:
        return CommitmentCheck("too_late", max(needed_cents - committed_cents, 0))
    if committed_cents < needed_cents:
        return CommitmentCheck("too_small", needed_cents - committed_cents)
    return CommitmentCheck("in_time")
