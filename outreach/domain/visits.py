"""Visit notes: the payload a device sends (schema versions), and its validation.

A note is a series of immutable revisions; this module only says whether one revision's content
is acceptable and in which words to refuse it. Reason codes are stable (the client shows the
message for the code in the person's language).
"""

from __future__ import annotations

import re
from datetime import date, datetime

CURRENT_SCHEMA = 1
# The server accepts the current and the previous schema; v1 is the first, so only v1 exists.
ACCEPTED_SCHEMAS = {CURRENT_SCHEMA}

KINDS = ("home_visit", "office", "phone", "attempt_nobody_home")
STATUSES = ("draft", "submitted")
TEXT_LIMITS = {"present": 500, "situation": 10_000, "money": 10_000, "tenancy_legal": 10_000,
               "next_visit_note": 500, "free_text": 20_000}
MAX_STEPS = 20
STEP_LIMIT = 500
LOCAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


class PayloadError(ValueError):
    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def _date(value, field: str, *, required: bool = False) -> str:
    if value in (None, ""):
        if required:
            raise PayloadError(field, "required")
        return ""
    if not isinstance(value, str):
        raise PayloadError(field, "invalid_date")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise PayloadError(field, "invalid_date") from exc
    return value


def _text(payload: dict, field: str) -> str:
    value = payload.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise PayloadError(field, "not_text")
    if len(value) > TEXT_LIMITS[field]:
        raise PayloadError(field, "too_long")
    return value


def _steps(payload: dict, field: str, keys: tuple[str, ...]) -> list[dict]:
    items = payload.get(field) or []
    if not isinstance(items, list):
        raise PayloadError(field, "not_a_list")
    if len(items) > MAX_STEPS:
        raise PayloadError(field, "too_many")
    cleaned = []
    for item in items:
        if not isinstance(item, dict):
            raise PayloadError(field, "not_a_list")
        step = {}
        for key in keys:
            if key in ("by", "due"):
                step[key] = _date(item.get(key), f"{field}.{key}")
                continue
            value = item.get(key, "")
            if not isinstance(value, str) or len(value) > STEP_LIMIT:
                raise PayloadError(f"{field}.{key}", "too_long" if isinstance(value, str) else "not_text")
            step[key] = value
        if step.get("what", "").strip():
            cleaned.append(step)
    return cleaned


MAX_MINUTES = 1440


def _minutes(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise PayloadError(field, "not_a_number")
    if not 0 <= value <= MAX_MINUTES:
        raise PayloadError(field, "out_of_range")
    return value


def validate(payload, *, today: date) -> dict:
    """The normalised payload of one revision, or PayloadError naming the field and why."""
    if not isinstance(payload, dict):
        raise PayloadError("payload", "not_an_object")
    case_id = payload.get("case_id")
    if not isinstance(case_id, str) or not 1 <= len(case_id) <= 40:
        raise PayloadError("case_id", "required")
    visited_at = payload.get("visited_at")
    if not isinstance(visited_at, str) or not LOCAL_DATETIME.match(visited_at):
        raise PayloadError("visited_at", "invalid_date")
    try:
        visited = datetime.fromisoformat(visited_at)
    except ValueError as exc:
        raise PayloadError("visited_at", "invalid_date") from exc
    if visited.date() > today or visited.year < today.year - 2:
        raise PayloadError("visited_at", "out_of_range")
    kind = payload.get("kind")
    if kind not in KINDS:
        raise PayloadError("kind", "unknown")
    status = payload.get("status", "draft")
    if status not in STATUSES:
        raise PayloadError("status", "unknown")
    note = {"case_id": case_id, "visited_at": visited_at, "kind": kind, "status": status}
    for field in TEXT_LIMITS:
        note[field] = _text(payload, field)
    note["next_visit"] = _date(payload.get("next_visit"), "next_visit")
    note["agreed_steps"] = _steps(payload, "agreed_steps", ("what", "who", "by"))
    note["tasks"] = _steps(payload, "tasks", ("what", "due"))
    for field in ("minutes", "travel_minutes"):  # effort, travel apart (Fachleistungsstunden); optional,
        minutes = _minutes(payload.get(field), field)  # and left out when not given: a note without them
        if minutes is not None:  # keeps the same content hash as before they existed
            note[field] = minutes
    if kind != "attempt_nobody_home" and not (note["situation"].strip() or note["free_text"].strip()):
        raise PayloadError("situation", "required")
    resolves = payload.get("resolves") or []
    if not isinstance(resolves, list) or not all(isinstance(r, str) and len(r) <= 64 for r in resolves):
        raise PayloadError("resolves", "not_a_list")
    note["resolves"] = resolves[:10]
    addendum_of = payload.get("addendum_of") or ""
    if not isinstance(addendum_of, str) or len(addendum_of) > 64:
        raise PayloadError("addendum_of", "not_text")
    note["addendum_of"] = addendum_of
    return note
