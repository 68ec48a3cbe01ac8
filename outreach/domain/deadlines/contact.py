"""First-contact standard of the outreach service (organisational, not statutory)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class FirstContactStandard:
    """How many contact attempts are due within how many days of the report."""

    attempts: int = 3
    within_days: int = 28


@dataclass(frozen=True)
class FirstContactStatus:
    """Result of checking the standard: "met", "pending" or "lapsed"."""

    state: str
    due_on: date
    attempts_counted: int
    met_on: date | None


def first_contact_status(
    report_received_on: date,
    attempt_dates: Sequence[date],
    today: date,
    standard: FirstContactStandard = FirstContactStandard(),
    reached_on: date | None = None,
) -> FirstContactStatus:
    """Check the first-contact standard (DOMAIN.md: e.g. 3 attempts in 4 weeks).

    The window runs from the report day to report + ``within_days`` (day of
    the report not counted in the length, § 187(1) BGB by analogy). Met when the
    required attempts fall in the window or the tenant was reached in it;
    otherwise pending until the due day, lapsed after it.
    """
    due_on = report_received_on + timedelta(days=standard.within_days)
    in_window = sorted(d for d in attempt_dates if report_received_on <= d <= due_on)
    met_on = in_window[standard.attempts - 1] if len(in_window) >= standard.attempts else None
    if reached_on is not None and report_received_on <= reached_on <= due_on:
        met_on = min(filter(None, (met_on, reached_on)))
    if met_on is not None:
        state = "met"
    elif today <= due_on:
        state = "pending"
    else:
        state = "lapsed"
    return FirstContactStatus(state, due_on, len(in_window), met_on)
