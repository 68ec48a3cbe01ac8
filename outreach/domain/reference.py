"""Reference values (standard rates, garnishment exemption, Kindergeld …) as dated data.

They change by law every year or two, so they live in the database with a validity period and an
admin updates them; nothing here is hard-coded beyond the seed in the migration. A table whose
newest value has run out is reported as out of date, and its last known value is used, marked so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .money import MAX_CENTS

# key → (unit, what the value is used for); labels for people live in outreach/budgets/labels.py
KEYS: dict[str, str] = {
    "standard_rate_1": "cents", "standard_rate_2": "cents", "standard_rate_3": "cents",
    "standard_rate_4": "cents", "standard_rate_5": "cents", "standard_rate_6": "cents",
    "jobcenter_setoff_percent": "percent",
    "garnishment_exempt_base": "cents", "garnishment_exempt_first": "cents",
    "garnishment_exempt_further": "cents", "garnishment_fully_attachable_above": "cents",
    "kindergeld_per_child": "cents", "kinderzuschlag_max_per_child": "cents",
}
# Tables: keys that belong together and run out together.
TABLES: dict[str, tuple[str, ...]] = {
    "standard_rates": tuple(f"standard_rate_{level}" for level in range(1, 7)),
    "jobcenter_setoff": ("jobcenter_setoff_percent",),
    "garnishment": ("garnishment_exempt_base", "garnishment_exempt_first", "garnishment_exempt_further",
                    "garnishment_fully_attachable_above"),
    "kindergeld": ("kindergeld_per_child",),
    "kinderzuschlag": ("kinderzuschlag_max_per_child",),
}


@dataclass(frozen=True)
class ReferenceValue:
    key: str
    value: int
    valid_from: date
    valid_to: date | None
    source: str = ""

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Resolved:
    key: str
    value: int | None  # None: never recorded
    valid_from: date | None
    valid_to: date | None
    out_of_date: bool  # no value covers the day; value is the last known one

    def to_dict(self) -> dict:
        return {"value": self.value, "valid_from": self.valid_from.isoformat() if self.valid_from else None,
                "valid_to": self.valid_to.isoformat() if self.valid_to else None, "out_of_date": self.out_of_date}


def resolve(values: Iterable[ReferenceValue], key: str, day: date) -> Resolved:
    """The value in force on `day`, else the last one that started before it (out of date)."""
    rows = sorted((v for v in values if v.key == key), key=lambda v: v.valid_from)
    current = [v for v in rows if v.applies_on(day)]
    if current:
        chosen = current[-1]
        return Resolved(key, chosen.value, chosen.valid_from, chosen.valid_to, False)
    earlier = [v for v in rows if v.valid_from <= day]
    if earlier:
        chosen = earlier[-1]
        return Resolved(key, chosen.value, chosen.valid_from, chosen.valid_to, True)
    return Resolved(key, None, None, None, True)


def resolve_all(values: Iterable[ReferenceValue], day: date) -> dict[str, Resolved]:
    values = list(values)
    return {key: resolve(values, key, day) for key in KEYS}


def out_of_date_tables(resolved: dict[str, Resolved]) -> list[tuple[str, date | None]]:
    """Each table with a key that no value covers today, and the day its values ran out."""
    stale = []
    for table, keys in TABLES.items():
        ended = [resolved[key].valid_to for key in keys if resolved[key].out_of_date]
        if ended:
            known = [day for day in ended if day is not None]
            stale.append((table, min(known) if known else None))
    return stale


class ReferenceValueError(ValueError):
    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def check_new_value(existing: Iterable[ReferenceValue], new: ReferenceValue) -> None:
    """A new version may not overlap another version of the same key, except an open-ended one
    that it closes (the caller sets that one's valid_to to the day before)."""
    if new.key not in KEYS:
        raise ReferenceValueError("key", "unknown")
    if new.valid_to is not None and new.valid_to < new.valid_from:
        raise ReferenceValueError("valid_to", "before_start")
    unit_high = 100 if KEYS[new.key] == "percent" else MAX_CENTS
    if not 0 <= new.value <= unit_high:
        raise ReferenceValueError("value", "out_of_range")
    for other in existing:
        if other.key != new.key:
            continue
        if other.valid_to is None and other.valid_from < new.valid_from:
            continue  # closed by the new version
        ends_before = new.valid_to is not None and new.valid_to < other.valid_from
        starts_after = other.valid_to is not None and new.valid_from > other.valid_to
        if not (ends_before or starts_after):
            raise ReferenceValueError("valid_from", "overlaps")
