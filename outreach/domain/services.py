"""The local help network's directory (issue 21), Flask-free: the kinds of service, the languages a
service may offer, and the checks of what an admin types (phone, e-mail, waiting time)."""

from __future__ import annotations

import re
from datetime import date, timedelta

KINDS = ("family_centre", "debt_counselling", "addiction", "mental_health", "youth_office", "energy_hardship_fund",
         "food_bank", "legal_aid", "migration_advice", "other")
# The languages the centre's consent forms speak, and Persian and Vietnamese, common in the region.
LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "fa", "vi")
MAX_WAITING_WEEKS = 104
_PHONE = re.compile(r"(?:\+|\()?[0-9][0-9 /()\-]{4,28}[0-9]")
_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}")


class ServiceError(ValueError):
    """Refusal with a stable code (the web layer words it in the person's language)."""

    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def phone(text: str) -> str:
    """A phone number as people write it (+49 3573 123-45, (03573) 12 34 56); empty is allowed."""
    value = " ".join((text or "").split())
    if value and not _PHONE.fullmatch(value):
        raise ServiceError("phone", "invalid")
    return value


def email(text: str) -> str:
    value = (text or "").strip()
    if value and (len(value) > 200 or not _EMAIL.fullmatch(value)):
        raise ServiceError("email", "invalid")
    return value


def languages(codes: list[str]) -> list[str]:
    """The chosen languages in the directory's order; German is always offered."""
    chosen = set(codes) | {"de"}
    return [code for code in LANGUAGES if code in chosen]


def matches(service: dict, kind: str | None, language: str | None) -> bool:
    """Whether a service shows under a search by kind and language (either may be empty)."""
    return (not kind or service["kind"] == kind) and (not language or language in service["languages"])


# The funders' category (domain/outcomes.ONWARD_SERVICES) of a referral to each kind of service.
ONWARD_CODES = {"family_centre": "family_centre", "debt_counselling": "debt_counselling",
                "addiction": "addiction_counselling", "mental_health": "social_psychiatric_service",
                "youth_office": "youth_welfare", "migration_advice": "migration_counselling",
                "legal_aid": "legal_advice", "energy_hardship_fund": "other", "food_bank": "other", "other": "other"}


# ---- onward referrals --------------------------------------------------------------------

URGENCIES = ("normal", "urgent")
# How the tenant reaches the service: the worker gives the tenant the contact (no data passes), or
# refers with data (only within a consent naming the service's organisation for it).
CHANNELS = ("contact_given", "with_data")
OUTCOMES = ("arrived", "waiting_list", "not_taken_up", "refused")
ANSWERS = ("appointment", "cannot_take")
# What a referral with data may carry (consent categories).
REFERRAL_CATEGORIES = ("contact", "household", "arrears_plan", "income")
CHECK_DAYS = {"normal": 14, "urgent": 7}
REFERRAL_SCHEMAS = (1,)
MAX_REASON = 2000


def check_on(referred_on: date, urgency: str) -> date:
    """The day the worker asks whether the tenant arrived: two weeks on, one week when urgent."""
    return referred_on + timedelta(days=CHECK_DAYS[urgency])


def validate_referral(payload, *, today: date) -> dict:
    """A referral as a phone or the form sends it, checked field by field (ServiceError names the
    first wrong one). The day it was made may lie up to 30 days back (written offline)."""
    if not isinstance(payload, dict):
        raise ServiceError("payload", "invalid")

    def text(name: str, limit: int, required: bool = False) -> str:
        value = payload.get(name, "")
        if not isinstance(value, str):
            raise ServiceError(name, "invalid")
        value = value.strip()
        if required and not value:
            raise ServiceError(name, "missing")
        if len(value) > limit:
            raise ServiceError(name, "too_long")
        return value

    case_id, service_id = text("case_id", 40, True), text("service_id", 40, True)
    reason = text("reason", MAX_REASON, True)
    urgency, channel = payload.get("urgency"), payload.get("channel")
    if urgency not in URGENCIES:
        raise ServiceError("urgency", "invalid")
    if channel not in CHANNELS:
        raise ServiceError("channel", "invalid")
    categories = payload.get("categories", [])
    if not isinstance(categories, list) or not all(c in REFERRAL_CATEGORIES for c in categories):
        raise ServiceError("categories", "invalid")
    categories = sorted(set(categories))
    if channel == "with_data" and not categories:
        raise ServiceError("categories", "missing")
    if channel == "contact_given":
        categories = []
    try:
        referred_on = date.fromisoformat(text("referred_on", 10, True))
    except ValueError:
        raise ServiceError("referred_on", "invalid") from None
    if not today - timedelta(days=30) <= referred_on <= today:
        raise ServiceError("referred_on", "out_of_range")
    note_id = text("note_id", 40)
    return {"case_id": case_id, "service_id": service_id, "reason": reason, "urgency": urgency, "channel": channel,
            "categories": categories, "referred_on": referred_on, "check_on": check_on(referred_on, urgency),
            "note_id": note_id or None}
