"""Repayment plan for rent arrears: instalment, months, schedule, payoff month, warnings.

A tenant has no right to instalments; the plan is a proposal to the landlord.
Nothing here reads the clock: the start month and the Schonfrist end are
arguments. Mirrored in outreach/static/js/money.js; see docs/money.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from outreach.domain.money import MAX_SAFE_INTEGER, MoneyError, is_int, require_cents

DEFAULT_BUFFER_CENTS = 5_000  # 50,00 € kept back each month for the unforeseen
MAX_SCHEDULE_MONTHS = 600  # 50 years; a longer plan is listed without its schedule

WARNING_MESSAGES: dict[str, dict[str, str]] = {
    "no_plan_possible": {
        "de": "Kein Ratenplan möglich: Es bleibt kein Betrag für eine Rate. "
        "Ansprüche prüfen (Wohngeld, Kinderzuschlag, Aufstockung nach SGB II/XII) "
        "und die Übernahme der Mietschulden durch Jobcenter oder Sozialamt klären.",
        "en": "No repayment plan possible: nothing is left for an instalment. "
        "Check entitlements (Wohngeld, Kinderzuschlag, top-up under SGB II/XII) "
        "and ask the Jobcenter or Sozialamt to take over the rent debt.",
    },
    "instalment_exceeds_free": {
        "de": "Die Rate ist höher als der freie Betrag. Der Haushalt kann sie nicht dauerhaft zahlen.",
        "en": "The instalment is higher than the free amount. The household cannot keep paying it.",
    },
    "buffer_reduced": {
        "de": "Die Rate lässt weniger als den Puffer für Unvorhergesehenes übrig.",
        "en": "The instalment leaves less than the buffer for the unforeseen.",
    },
    "ends_after_schonfrist": {
        "de": "Der Plan endet nach dem Ende der Schonfrist. Die Kündigung wird nur geheilt, "
        "wenn bis dahin der volle Betrag gezahlt ist: Übernahme der Mietschulden "
        "durch Jobcenter oder Sozialamt (Verpflichtungserklärung) beantragen.",
        "en": "The plan ends after the Schonfrist. The termination is only healed if the full "
        "amount is paid by then: ask the Jobcenter or Sozialamt to take over the rent debt "
        "(Verpflichtungserklärung).",
    },
    "too_long": {
        "de": "Der Plan würde länger als 50 Jahre laufen. Bitte eine höhere Rate oder eine andere Lösung suchen.",
        "en": "The plan would run longer than 50 years. Please find a higher instalment or another solution.",
    },
}


@dataclass(frozen=True)
class Instalment:
    year: int
    month: int
    instalment_cents: int
    remaining_cents: int  # arrears still open after this instalment


@dataclass(frozen=True)
class RepaymentPlan:
    suggested_instalment_cents: int
    instalment_cents: int
    months: int | None  # None: no plan possible
    payoff: tuple[int, int] | None  # (year, month) of the last instalment
    schedule: tuple[Instalment, ...]
    warnings: tuple[str, ...]  # codes, in the order of WARNING_MESSAGES

    def to_dict(self) -> dict:
        """The shape money.js returns, and the shape of the test vectors."""
        return {
            "suggested_instalment_cents": self.suggested_instalment_cents,
            "instalment_cents": self.instalment_cents,
            "months": self.months,
            "payoff": None if self.payoff is None else {"year": self.payoff[0], "month": self.payoff[1]},
            "schedule": [
                {
                    "year": row.year,
                    "month": row.month,
                    "instalment_cents": row.instalment_cents,
                    "remaining_cents": row.remaining_cents,
                }
                for row in self.schedule
            ],
            "warnings": [{"code": code, "message": dict(WARNING_MESSAGES[code])} for code in self.warnings],
        }


def suggested_instalment(free_cents: int, buffer_cents: int = DEFAULT_BUFFER_CENTS) -> int:
    """Free amount minus the buffer, never below 0."""
    require_cents(free_cents, name="free_cents", low=-MAX_SAFE_INTEGER, high=MAX_SAFE_INTEGER)
    require_cents(buffer_cents, name="buffer_cents")
    return max(0, free_cents - buffer_cents)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


_ISO_DATE = re.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _day(value: date | str) -> tuple[int, int, int]:
    """A date, or its ISO text "YYYY-MM-DD" as it arrives in JSON."""
    if isinstance(value, date):
        return value.year, value.month, value.day
    match = _ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is not None:
        year, month, day = (int(part) for part in match.groups())
        if year >= 1 and 1 <= month <= 12 and 1 <= day <= days_in_month(year, month):
            return year, month, day
    raise MoneyError("invalid_date", 'schonfrist_end must be a date or "YYYY-MM-DD"')


def _check_month(year: object, month: object) -> None:
    if not (is_int(year) and is_int(month) and 1 <= year <= 9999 and 1 <= month <= 12):
        raise MoneyError("invalid_date", "start month needs a year 1–9999 and a month 1–12")


def repayment_plan(
    arrears_cents: int,
    free_cents: int,
    start_year: int,
    start_month: int,
    *,
    buffer_cents: int = DEFAULT_BUFFER_CENTS,
    instalment_cents: int | None = None,
    schonfrist_end: date | str | None = None,
    due_day: int | None = None,
) -> RepaymentPlan:
    """Plan to pay off arrears in monthly instalments, the first in the start month.

    instalment_cents=None takes the suggestion (free amount − buffer). due_day is
    the day of the month an instalment is paid; without it the last instalment
    counts as paid at the end of its month, so the Schonfrist warning errs on the
    side of caution.
    """
    require_cents(arrears_cents, name="arrears_cents")
    suggestion = suggested_instalment(free_cents, buffer_cents)
    instalment = suggestion if instalment_cents is None else require_cents(instalment_cents, name="instalment_cents")
    _check_month(start_year, start_month)
    end = None if schonfrist_end is None else _day(schonfrist_end)
    if due_day is not None and not (is_int(due_day) and 1 <= due_day <= 31):
        raise MoneyError("invalid_date", "due_day must be 1–31")

    warnings: list[str] = []
    if arrears_cents == 0:
        return RepaymentPlan(suggestion, instalment, 0, None, (), ())
    if instalment == 0:
        return RepaymentPlan(suggestion, instalment, None, None, (), ("no_plan_possible",))
    if instalment > free_cents:
        warnings.append("instalment_exceeds_free")
    elif instalment + buffer_cents > free_cents:
        warnings.append("buffer_reduced")

    months = (arrears_cents + instalment - 1) // instalment
    payoff = add_months(start_year, start_month, months - 1)
    if end is not None:
        last_day = days_in_month(*payoff)
        paid_on = min(due_day, last_day) if due_day is not None else last_day
        if (*payoff, paid_on) > end:
            warnings.append("ends_after_schonfrist")

    schedule: list[Instalment] = []
    if months > MAX_SCHEDULE_MONTHS:
        warnings.append("too_long")
    else:
        remaining = arrears_cents
        for offset in range(months):
            paid = min(instalment, remaining)
            remaining -= paid
            schedule.append(Instalment(*add_months(start_year, start_month, offset), paid, remaining))
    return RepaymentPlan(suggestion, instalment, months, payoff, tuple(schedule), tuple(warnings))
