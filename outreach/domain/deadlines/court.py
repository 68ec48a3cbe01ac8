"""Court and enforcement dates in eviction proceedings (ZPO, GVGA).

Periods in the ZPO are computed with §§ 187-189 BGB (§ 222(1) ZPO); a period
ending on a Saturday, Sunday or general public holiday at the court's seat ends
with the next working day (§ 222(2) ZPO).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from outreach.domain.calendar import DEFAULT_STATE
from outreach.domain.deadlines.periods import (
    FilingDeadline,
    extend_to_working_day,
    filing_deadline_before,
    period_end_months,
    period_end_weeks,
)

NOTFRIST_WEEKS = 2  # §§ 276(1) S. 1, 339(1) ZPO
BAILIFF_NOTICE_WEEKS = 3  # § 128(2) S. 5 GVGA


def defence_notice_deadline(claim_served_on: date, state: str = DEFAULT_STATE) -> date:
    """Last day to announce a defence after service of the claim (§ 276(1) S. 1 ZPO).

    A two-week Notfrist; missed, a default judgment may follow (§ 331(3) ZPO).
    Extended by § 222(2) ZPO.
    """
    return extend_to_working_day(period_end_weeks(claim_served_on, NOTFRIST_WEEKS), state)


def einspruch_deadline(default_judgment_served_on: date, state: str = DEFAULT_STATE) -> date:
    """Last day for the Einspruch against a default judgment (§ 339(1) ZPO).

    A two-week Notfrist from service of the judgment, extended by § 222(2) ZPO.
    """
    return extend_to_working_day(
        period_end_weeks(default_judgment_served_on, NOTFRIST_WEEKS), state
    )


def settlement_raeumungsfrist_deadline(
    moving_date: date, state: str = DEFAULT_STATE
) -> FilingDeadline:
    """Last day to ask for a Räumungsfrist after a court settlement (§ 794a(1) S. 2 ZPO).

    At least two weeks before the day on which the settlement says to vacate.
    """
    return filing_deadline_before(moving_date, "§ 794a(1) S. 2 ZPO", state)


def settlement_raeumungsfrist_limit(settled_on: date, moving_date: date) -> date:
    """Latest end of all Räumungsfristen after a settlement (§ 794a(3) ZPO).

    One year from the settlement, or from the agreed moving date if later.
    """
    return period_end_months(max(settled_on, moving_date), 12)


def raeumungsfrist_extension_deadline(
    raeumungsfrist_ends_on: date, state: str = DEFAULT_STATE
) -> FilingDeadline:
    """Last day to ask for a longer Räumungsfrist (§ 721(3) S. 2 ZPO).

    At least two weeks before the Räumungsfrist expires (end of its last day).
    """
    return filing_deadline_before(
        raeumungsfrist_ends_on, "§ 721(3) S. 2 ZPO", state, reference_is_end_of_period=True
    )


def raeumungsfrist_limit(judgment_final_on: date, future_vacate_on: date | None = None) -> date:
    """Latest end of all Räumungsfristen after a judgment (§ 721(5) ZPO).

    One year from the day the judgment became final, or from a later day set in
    a judgment for future vacation (§ 259 ZPO).
    """
    start = max(judgment_final_on, future_vacate_on or judgment_final_on)
    return period_end_months(start, 12)


def eviction_protection_deadline(eviction_on: date, state: str = DEFAULT_STATE) -> FilingDeadline:
    """Last day for a hardship application against an eviction (§ 765a(3) ZPO).

    At least two weeks before the eviction date; later only if the reasons arose
    later or the debtor was not at fault.
    """
    return filing_deadline_before(eviction_on, "§ 765a(3) ZPO", state)


@dataclass(frozen=True)
class BailiffNoticeCheck:
    """Whether the bailiff announced the eviction early enough."""

    notice_served_on: date
    eviction_on: date
    earliest_lawful_eviction: date
    notice_period_kept: bool  # § 128(2) S. 5 GVGA: three full weeks in between
    protection_deadline_passed_at_notice: bool  # § 765a(3) ZPO could not be kept


def check_bailiff_notice(
    notice_served_on: date, eviction_on: date, state: str = DEFAULT_STATE
) -> BailiffNoticeCheck:
    """Check the bailiff's eviction notice against § 128(2) S. 5 GVGA.

    At least three weeks must lie between the day of service and the eviction
    day, so the earliest day is service + 22 days. The GVGA is an internal
    instruction: a breach alone rarely stops an eviction (LG Baden-Baden 4 T
    31/18) but a notice that makes § 765a(3) ZPO impossible to keep lifts that
    deadline.
    """
    earliest = notice_served_on + timedelta(weeks=BAILIFF_NOTICE_WEEKS, days=1)
    protection = eviction_protection_deadline(eviction_on, state)
    return BailiffNoticeCheck(
        notice_served_on=notice_served_on,
        eviction_on=eviction_on,
        earliest_lawful_eviction=earliest,
        notice_period_kept=eviction_on >= earliest,
        protection_deadline_passed_at_notice=notice_served_on > protection.latest_arguable,
    )
