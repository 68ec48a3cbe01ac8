"""The local help network's directory (issue 21), Flask-free: the kinds of service, the languages a
service may offer, and the checks of what an admin types (phone, e-mail, waiting time)."""

from __future__ import annotations

import re

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
