"""Schonfrist: healing a termination for arrears by payment (§ 569(3) Nr. 2 BGB)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from outreach.domain.calendar import DEFAULT_STATE, add_months
from outreach.domain.deadlines.arrears import checked_ledger
from outreach.domain.deadlines.periods import extend_to_working_day, period_end_months
from outreach.domain.deadlines.tenancy import LedgerMonth, rent_due_date
from outreach.domain.rules import rule_value

ESCALATION_WEEKS = (6, 3, 1)


@dataclass(frozen=True)
class Schonfrist:
    """End of the Schonfrist and the dates on which to escalate before it."""

    starts_after: date  # service that started the clock (not counted, § 187(1) BGB)
    ends_on: date  # money or commitment must reach the landlord by the end of this day
    escalate_on: tuple[date, ...]  # 6, 3 and 1 weeks before ``ends_on``
    heals_ordinary_termination: bool


def schonfrist_end(
    service_dates: Sequence[date],
    state: str = DEFAULT_STATE,
    *,
    terminated_on: date | None = None,
    start_at: str | None = None,
) -> Schonfrist:
    """Schonfrist after service of the eviction suit (§ 569(3) Nr. 2 S. 1 BGB).

    Two months from Rechtshängigkeit (service, §§ 253(1), 261(1) ZPO), §§ 187(1),
    188(2)/(3) BGB, extended by § 193 BGB (a payment deadline). With several
    tenants the clock starts at service on the last one by default (rule
    ``schonfrist_starts_at_service_on``, to be confirmed; ``start_at="first"``
    overrides). Rules are evaluated at ``terminated_on`` (default: service).
    """
    if not service_dates:
        raise ValueError("at least one service date is needed")
    rule_day = terminated_on or max(service_dates)
    start_rule = start_at or rule_value("schonfrist_starts_at_service_on", rule_day)
    if start_rule not in ("last", "first"):
        raise ValueError("start_at must be 'last' or 'first'")
    start = max(service_dates) if start_rule == "last" else min(service_dates)
    months = rule_value("schonfrist_months", rule_day)
    end = extend_to_working_day(period_end_months(start, months), state)
    return Schonfrist(
        starts_after=start,
        ends_on=end,
        escalate_on=tuple(end - timedelta(weeks=weeks) for weeks in ESCALATION_WEEKS),
        heals_ordinary_termination=bool(
            rule_value("schonfrist_heals_ordinary_termination", rule_day)
        ),
    )


def schonfrist_available(
    terminated_on: date, earlier_healed_termination_on: date | None
) -> bool:
    """False if healing is excluded by an earlier healed termination.

    § 569(3) Nr. 2 S. 2 BGB compares the two terminations (dates received):
    excluded if the earlier healed one was received not more than two years
    before the current one, i.e. on or after the same calendar day two years
    earlier (29 Feb → 28 Feb, which errs towards "excluded").
    """
    if earlier_healed_termination_on is None:
        return True
    if earlier_healed_termination_on > terminated_on:
        raise ValueError("the earlier termination must not be after the current one")
    years = rule_value("schonfrist_repeat_exclusion_years", terminated_on)
    window_starts = add_months(terminated_on, -12 * years)
    return earlier_healed_termination_on < window_starts


@dataclass(frozen=True)
class HealingAmount:
    """Money the landlord must have received by ``pay_on`` to heal (cents)."""

    pay_on: date
    rent_arrears_cents: int  # months fallen due before the tenancy ended
    use_compensation_cents: int  # § 546a(1) BGB, months fallen due from the end on
    months_counted: int

    @property
    def total_cents(self) -> int:
        """Amount needed; never negative."""
        return max(0, self.rent_arrears_cents + self.use_compensation_cents)


def _months_through(
    ledger: Sequence[LedgerMonth], monthly_rent_cents: int, pay_on: date
) -> list[LedgerMonth]:
    """Ledger months plus unpaid months after the ledger up to ``pay_on``."""
    months = list(checked_ledger(ledger))
    if months:
        cursor = add_months(date(months[-1].year, months[-1].month, 1), 1)
    else:
        cursor = pay_on.replace(day=1)
    while cursor <= pay_on:
        months.append(LedgerMonth(cursor.year, cursor.month, monthly_rent_cents, 0))
        cursor = add_months(cursor, 1)
    return months


def healing_amount(
    ledger: Sequence[LedgerMonth],
    monthly_rent_cents: int,
    pay_on: date,
    tenancy_ended_on: date,
    state: str = DEFAULT_STATE,
) -> HealingAmount:
    """Amount that heals the termination if it reaches the landlord on ``pay_on``.

    § 569(3) Nr. 2 S. 1 BGB: all rent due plus use-compensation under § 546a(1)
    BGB (equal to the agreed rent) for every month fallen due up to the payment;
    costs and interest are not needed. A month counts once its due date
    (§ 556b(1) BGB) is on or before ``pay_on`` (on the due day itself it is
    counted, to be safe). Months after the ledger are added as unpaid.
    """
    rent = compensation = counted = 0
    for entry in _months_through(ledger, monthly_rent_cents, pay_on):
        due = rent_due_date(entry.year, entry.month, state)
        if due > pay_on:
            continue
        counted += 1
        if date(entry.year, entry.month, 1) <= tenancy_ended_on:
            rent += entry.open_cents
        else:
            compensation += entry.open_cents
    return HealingAmount(pay_on, rent, compensation, counted)
