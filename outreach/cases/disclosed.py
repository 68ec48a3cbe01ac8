"""The registry of what areas add to the data a partner may receive: a provider names its field
(which must be in domain/consent.FIELDS, so consent decides) and reads it for one case; this module
knows no area. consent/disclosures.case_fields asks here for every field it is allowed to give.

A provider is `(db, case, member_ids) -> value` (member_ids: whose personal data the consent
releases); None means the case has nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..domain.consent import FIELDS

Provider = Callable[..., object]
_PROVIDERS: dict[str, Provider] = {}


def register(field: str, provider: Provider) -> None:
    if not any(field in fields for fields in FIELDS.values()):
        raise ValueError(f"{field} is in no consent category (domain/consent.FIELDS)")
    _PROVIDERS[field] = provider


def fields(db, case: dict, allowed_fields: set[str], member_ids: dict[str, set[str]]) -> dict:
    """The registered fields among those allowed. member_ids: per personal category, whose data."""
    category_of = {field: category for category, names in FIELDS.items() for field in names}
    return {field: provider(db, case, sorted(member_ids.get(category_of[field], ())))
            for field, provider in sorted(_PROVIDERS.items()) if field in allowed_fields}
