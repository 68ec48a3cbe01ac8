"""How a case ends and what happens after: the closing record (outcome, causes, tools, the
household in aggregated categories), reopening, and the tenancy follow-ups at 3/6/12 months.

The value lists follow the chapters of the BAG Wohnungslosenhilfe's documentation system (DzW);
docs/statistics.md maps each list onto its chapter and says where ours differ. Every list allows
"unknown": a worker never has to guess to close a case.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

UNKNOWN = "unknown"

# Trigger and reason of the threatened loss of the flat (DzW chapter "Auslöser und Ursache"),
# several per case.
CAUSES = ("income_loss", "benefit_problems", "over_indebtedness", "rent_unaffordable", "separation",
          "illness_addiction", "death_in_household", "administrative_overload", "conflict_with_landlord",
          "landlord_own_use_sale", "violence", "other", UNKNOWN)
# What secured the flat or a replacement, several per case (DOMAIN.md "Outcome statistics").
TOOLS = ("sgb2_loan", "sgb12_help", "instalment_agreement", "own_funds", "charity_funds", "direct_rent_payment",
         "wohngeld_kinderzuschlag", "authority_commitment", "court_time_to_move", "none", UNKNOWN)
# Services the household was referred on to (DzW "Inanspruchnahme von Hilfen"), several per case.
ONWARD_SERVICES = ("debt_counselling", "addiction_counselling", "family_centre", "social_psychiatric_service",
                   "legal_advice", "youth_welfare", "migration_counselling", "other", "none", UNKNOWN)
SCHONFRIST_USED = ("yes", "no", "not_applicable", UNKNOWN)
EVICTION_DATE_SET = ("yes", "no", UNKNOWN)

# The household, aggregated: one value each, for the tenant who holds the lease (reference person).
DEMOGRAPHICS = {
    "sex": ("female", "male", "diverse", UNKNOWN),
    "age_band": ("under_18", "18_24", "25_29", "30_39", "40_49", "50_59", "60_64", "65_plus", UNKNOWN),
    "household_type": ("single", "single_parent", "couple", "couple_with_children", "other", UNKNOWN),
    "children": ("0", "1", "2", "3_plus", UNKNOWN),
    "income_source": ("employment", "sgb2", "sgb12", "pension", "unemployment_benefit", "other_benefits", "none",
                      "other", UNKNOWN),
    "nationality": ("german", "eu", "non_eu", "stateless", UNKNOWN),
    "housing_situation": ("own_tenancy", "sublease", "supported_housing", "other", UNKNOWN),
    "education": ("no_school_certificate", "school_certificate", "vocational_training", "university", UNKNOWN),
    "employment": ("employed", "marginal_employment", "unemployed", "retired", "unable_to_work", "in_training",
                   "other", UNKNOWN),
    "bank_account": ("account", "p_account", "none", UNKNOWN),
    "over_indebtedness": ("yes", "no", UNKNOWN),
}

# Outcomes after which the tenancy is followed up (a flat is still, or again, the household's).
FOLLOWED_UP = ("flat_kept", "moved_other_flat")
FOLLOW_UP_MONTHS = (3, 6, 12)
FOLLOW_UP_RESULTS = ("stands", "arrears_again", "lost", "no_contact")
MAX_FOLLOW_UP_NOTE = 1000
# A case reopened at least this long after it was closed counts as a repeat case.
REPEAT_AFTER_DAYS = 30


class ClosingError(ValueError):
    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def age_band(birth_year: int | None, on: date) -> str:
    """The band of someone born in ``birth_year`` (the year is all a case records: the band is
    the age they reach in the year of ``on``)."""
    if not birth_year or birth_year > on.year:
        return UNKNOWN
    age = on.year - birth_year
    for limit, band in ((18, "under_18"), (25, "18_24"), (30, "25_29"), (40, "30_39"), (50, "40_49"),
                        (60, "50_59"), (65, "60_64")):
        if age < limit:
            return band
    return "65_plus"


def children_band(minors: int | None) -> str:
    if minors is None:
        return UNKNOWN
    return "3_plus" if minors >= 3 else str(minors)


def several(values: list[str], allowed: tuple[str, ...], field: str) -> list[str]:
    """A set of choices in list order; "unknown" (and "none") stand alone; nothing chosen is unknown."""
    chosen = []
    for value in values:
        if value not in allowed:
            raise ClosingError(field, "unknown_choice")
        if value not in chosen:
            chosen.append(value)
    alone = {UNKNOWN, "none"} & set(chosen)
    if alone and len(chosen) > 1:
        raise ClosingError(field, "alone")
    return [v for v in allowed if v in chosen] or [UNKNOWN]


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it has no such day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class FollowUpDue:
    months: int
    due_on: date


def follow_ups(outcome: str, closed_on: date, months: tuple[int, ...] = FOLLOW_UP_MONTHS) -> list[FollowUpDue]:
    """The tenancy check-ins a closing gives rise to (none unless a flat is the household's)."""
    if outcome not in FOLLOWED_UP:
        return []
    return [FollowUpDue(m, add_months(closed_on, m)) for m in sorted(set(months)) if 0 < m <= 60]


def is_repeat(closed_on: date, reopened_on: date) -> bool:
    """Reopening counts as a repeat case when the case had been closed for 30 days or more."""
    return (reopened_on - closed_on).days >= REPEAT_AFTER_DAYS


def reopens(result: str) -> bool:
    """A check-in that finds new arrears brings the case back (one step for the worker)."""
    return result == "arrears_again"


CHECK_IN_SCHEMAS = {1}


def validate_check_in(payload, *, today: date) -> dict:
    """A tenancy check-in sent from a phone (`follow_up.record`), normalised, or ClosingError
    naming the field and why. The day it was made must lie within two years before today."""
    if not isinstance(payload, dict):
        raise ClosingError("payload", "not_an_object")
    case_id = payload.get("case_id")
    if not isinstance(case_id, str) or not 1 <= len(case_id) <= 40:
        raise ClosingError("case_id", "required")
    result = payload.get("result")
    if result not in FOLLOW_UP_RESULTS:
        raise ClosingError("result", "unknown")
    note = payload.get("note") or ""
    if not isinstance(note, str):
        raise ClosingError("note", "not_text")
    if len(note) > MAX_FOLLOW_UP_NOTE:
        raise ClosingError("note", "too_long")
    checked_on = payload.get("checked_on")
    try:
        checked = date.fromisoformat(checked_on) if isinstance(checked_on, str) and len(checked_on) == 10 else None
    except ValueError:
        checked = None
    if checked is None:
        raise ClosingError("checked_on", "invalid_date")
    if checked > today or checked.year < today.year - 2:
        raise ClosingError("checked_on", "out_of_range")
    return {"case_id": case_id, "result": result, "note": note.strip(), "checked_on": checked}
