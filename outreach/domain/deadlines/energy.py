"""Energy cut for arrears in basic supply (§ 19 StromGVV / GasGVV)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from outreach.domain.calendar import DEFAULT_STATE, add_werktage
from outreach.domain.deadlines.periods import period_end_weeks
from outreach.domain.rules import rule_value


@dataclass(frozen=True)
class EnergyCutCheck:
    """Whether the arrears allow a cut, and the threshold that applied (cents)."""

    allowed: bool
    threshold_cents: int
    basis: str  # "instalments", "annual_bill" or "minimum"


def _arrears_threshold(
    monthly_instalment_cents: int | None, annual_bill_cents: int | None, on: date
) -> tuple[int, str]:
    """Threshold in cents under the rule version in force ``on``, and its basis."""
    minimum = rule_value("energy_cut_min_arrears_cents", on)
    multiple = rule_value("energy_cut_instalment_multiple", on)
    divisor = rule_value("energy_cut_annual_bill_divisor", on)
    if multiple is not None and monthly_instalment_cents:
        return max(minimum, multiple * monthly_instalment_cents), "instalments"
    if divisor is not None and annual_bill_cents:
        return max(minimum, -(-annual_bill_cents // divisor)), "annual_bill"
    return minimum, "minimum"


def energy_cut_allowed(
    arrears_cents: int,
    monthly_instalment_cents: int | None,
    annual_bill_cents: int | None,
    on: date,
) -> EnergyCutCheck:
    """May the supplier cut for these arrears (§ 19(2) StromGVV/GasGVV)?

    Since 1 Dec 2021: arrears (after deducting prepayments) of at least twice
    the monthly instalment, or, only where no instalments are payable, at least
    one sixth of the expected annual bill; and in any case at least 100 €.
    Disputed, untitled claims are left out by the caller. ``on`` = date of the
    threat; the rule version in force then applies.
    """
    threshold, basis = _arrears_threshold(monthly_instalment_cents, annual_bill_cents, on)
    return EnergyCutCheck(arrears_cents >= threshold, threshold, basis)


@dataclass(frozen=True)
class EnergyCutWindow:
    """Earliest day a threatened cut may happen, and why."""

    threat_period_ends: date  # four weeks after the threat (§ 19(2) S. 1)
    announcement_period_ends: date | None  # eight Werktage after the announcement
    earliest_cut_on: date


def earliest_cut(
    threat_received_on: date,
    announcement_received_on: date | None = None,
    state: str = DEFAULT_STATE,
) -> EnergyCutWindow:
    """Earliest lawful cut date after a threat and an announcement (§ 19 GVV).

    The cut may follow four weeks after the threat (§ 19(2) S. 1); its start must
    be announced eight Werktage ahead (§ 19(4), since 1 Dec 2021; before: three).
    The receipt day is not counted (§ 187(1) BGB), Saturdays count as Werktage,
    and the cut may come on the day after the last counted day. Without an
    announcement only the four-week period applies, so the date is a lower bound.
    """
    weeks = rule_value("energy_cut_threat_weeks", threat_received_on)
    threat_end = period_end_weeks(threat_received_on, weeks)
    earliest = threat_end + timedelta(days=1)
    announcement_end = None
    if announcement_received_on is not None:
        werktage = rule_value("energy_cut_announcement_werktage", announcement_received_on)
        announcement_end = add_werktage(announcement_received_on, werktage, state)
        earliest = max(earliest, announcement_end + timedelta(days=1))
    return EnergyCutWindow(threat_end, announcement_end, earliest)
