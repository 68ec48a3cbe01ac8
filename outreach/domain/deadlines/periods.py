"""Computing periods: §§ 187-193 BGB and § 222 ZPO, forwards and backwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from outreach.domain.calendar import (
    DEFAULT_STATE,
    add_months,
    next_working_day_on_or_after,
    previous_working_day_on_or_before,
)


def period_end_months(event_day: date, months: int) -> date:
    """Last day of a period of ``months`` that starts with an event on ``event_day``.

    § 187(1) BGB: the event day is not counted. § 188(2) BGB: the period ends
    with the day of the last month whose number equals the event day; § 188(3):
    if that month has no such day, with its last day (31 Dec + 2 → 28/29 Feb).
    """
    if months < 1:
        raise ValueError("a period has at least one month")
    return add_months(event_day, months)


def period_end_weeks(event_day: date, weeks: int) -> date:
    """Last day of a period of ``weeks`` after an event (§§ 187(1), 188(2) BGB).

    The period ends on the same weekday ``weeks`` later.
    """
    if weeks < 1:
        raise ValueError("a period has at least one week")
    return event_day + timedelta(weeks=weeks)


def extend_to_working_day(last_day: date, state: str = DEFAULT_STATE) -> date:
    """Move a period end off a Saturday, Sunday or public holiday.

    § 193 BGB (payments, declarations) and § 222(2) ZPO (court periods): the
    period then ends with the next working day. Not for notice periods of a
    termination, whose end stays fixed.
    """
    return next_working_day_on_or_after(last_day, state)


@dataclass(frozen=True)
class FilingDeadline:
    """Last day to file an application that is due "two weeks before" a day.

    ``file_by`` is the safe date the app alerts on (strict reading, moved back
    to a working day so the court office is open); ``latest_arguable`` is the
    latest date a court has accepted (lenient reading with § 222(2) ZPO).
    """

    reference_day: date
    file_by: date
    latest_arguable: date
    legal_source: str


def filing_deadline_before(
    reference_day: date,
    legal_source: str,
    state: str = DEFAULT_STATE,
    *,
    weeks: int = 2,
    reference_is_end_of_period: bool = False,
) -> FilingDeadline:
    """Deadline for an application due ``weeks`` before ``reference_day``.

    Backward periods are computed with §§ 187-188 BGB by analogy (§ 222(1) ZPO);
    the counting is disputed. Strict (Thomas/Putzo): the reference day is not
    counted and ``weeks`` full weeks must lie between filing and it, so the last
    day is ``weeks`` × 7 + 1 days before. When the reference is the *end* of a
    period (§ 721(3) S. 2 ZPO: "vor Ablauf der Räumungsfrist") the period ends at
    midnight of that day, so ``weeks`` × 7 days before suffices. Lenient
    (BeckOK ZPO/Ulrici; LG Berlin 2020 on § 794a): the reference day is first
    moved to a working day, then ``weeks`` × 7 days back, extended by § 222(2).
    """
    days = 7 * weeks if reference_is_end_of_period else 7 * weeks + 1
    strict = reference_day - timedelta(days=days)
    lenient_reference = next_working_day_on_or_after(reference_day, state)
    lenient = extend_to_working_day(lenient_reference - timedelta(weeks=weeks), state)
    return FilingDeadline(
        reference_day=reference_day,
        file_by=previous_working_day_on_or_before(strict, state),
        latest_arguable=lenient,
        legal_source=legal_source,
    )
