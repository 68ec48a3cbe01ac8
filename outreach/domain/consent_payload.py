"""The payloads a device sends for consent (`consent.sign`, `consent.withdraw`) and their checks.

Only shape and limits are checked here; whether the scope fits the template, the member belongs
to the case and the person may write the case is decided where the records are. Reason codes are
stable (the client words them in the person's language).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import unicodedata
from datetime import date

CURRENT_SCHEMA = 1
ACCEPTED_SCHEMAS = {CURRENT_SCHEMA}
ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PNG_PREFIX = "data:image/png;base64,"
MAX_SIGNATURE_BYTES = 300_000
MAX_STROKES, MAX_POINTS = 200, 20_000
MIN_POINTS = 2
MAX_NAME = 120
WITHDRAWAL_CHANNELS = ("in_person", "phone", "letter", "email")


class PayloadError(ValueError):
    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def _id(payload: dict, field: str) -> str:
    value = payload.get(field)
    if not isinstance(value, str) or not ID.match(value):
        raise PayloadError(field, "required")
    return value


def _strokes(value) -> list[dict]:
    """signature_pad's point groups, reduced to numbers: x, y, time, pressure per point."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_STROKES:
        raise PayloadError("signature", "empty" if value == [] else "invalid")
    cleaned, total = [], 0
    for group in value:
        points = group.get("points") if isinstance(group, dict) else None
        if not isinstance(points, list):
            raise PayloadError("signature", "invalid")
        total += len(points)
        if total > MAX_POINTS:
            raise PayloadError("signature", "too_large")
        kept = []
        for point in points:
            if not isinstance(point, dict):
                raise PayloadError("signature", "invalid")
            numbers = {k: point.get(k, 0) for k in ("x", "y", "time", "pressure")}
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers.values()):
                raise PayloadError("signature", "invalid")
            kept.append({k: round(float(v), 2) for k, v in numbers.items()})
        cleaned.append({"points": kept})
    if total < MIN_POINTS:
        raise PayloadError("signature", "empty")
    return cleaned


def signature_bytes(value) -> bytes:
    if not isinstance(value, str) or not value.startswith(PNG_PREFIX):
        raise PayloadError("signature", "not_png")
    if len(value) > MAX_SIGNATURE_BYTES * 4 // 3 + len(PNG_PREFIX) + 4:
        raise PayloadError("signature", "too_large")
    try:
        return base64.b64decode(value[len(PNG_PREFIX):], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PayloadError("signature", "not_png") from exc


def _who_and_which_form(payload) -> tuple[dict, str]:
    """What every consent record names: case, signer, template version and its hash."""
    if not isinstance(payload, dict):
        raise PayloadError("payload", "not_an_object")
    cleaned = {field: _id(payload, field) for field in ("case_id", "member_id", "template_version_id")}
    version_hash = payload.get("version_hash")
    if not isinstance(version_hash, str) or not re.fullmatch(r"[0-9a-f]{64}", version_hash):
        raise PayloadError("template_version_id", "required")
    return cleaned, version_hash


def validate_sign(payload) -> dict:
    cleaned, version_hash = _who_and_which_form(payload)
    text_hash = payload.get("text_hash")
    if not isinstance(text_hash, str) or not re.fullmatch(r"[0-9a-f]{64}", text_hash):
        raise PayloadError("text", "required")
    scope = payload.get("scope")
    if not isinstance(scope, dict):
        raise PayloadError("scope", "required")
    interpreter = payload.get("interpreter") or ""
    if not isinstance(interpreter, str) or len(interpreter) > MAX_NAME:
        raise PayloadError("interpreter", "too_long")
    if any(unicodedata.category(ch).startswith("C") for ch in interpreter):
        # A line break would add a line of its own to the text the tenant signs (a fake recipient).
        raise PayloadError("interpreter", "control_character")
    if payload.get("withdrawal_notice_shown") is not True:
        raise PayloadError("withdrawal_notice_shown", "required")
    app_version = payload.get("app_version") or ""
    if not isinstance(app_version, str) or len(app_version) > 40:
        raise PayloadError("app_version", "invalid")
    strokes = _strokes(payload.get("strokes"))
    return {**cleaned, "version_hash": version_hash, "text_hash": text_hash, "scope": scope, "interpreter": interpreter.strip(),
            "withdrawal_notice_shown": True, "app_version": app_version,
            "signature_png": signature_bytes(payload.get("signature")),
            "strokes": json.dumps(strokes, separators=(",", ":")).encode()}


def validate_withdraw(payload, *, today: date) -> dict:
    if not isinstance(payload, dict):
        raise PayloadError("payload", "not_an_object")
    cleaned = {field: _id(payload, field) for field in ("case_id", "consent_id")}
    value = payload.get("withdrawn_on")
    try:
        withdrawn_on = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        withdrawn_on = None
    if withdrawn_on is None:
        raise PayloadError("withdrawn_on", "invalid_date")
    if withdrawn_on > today or withdrawn_on.year < today.year - 5:
        raise PayloadError("withdrawn_on", "out_of_range")
    if payload.get("channel") not in WITHDRAWAL_CHANNELS:
        raise PayloadError("channel", "unknown")
    return {**cleaned, "withdrawn_on": withdrawn_on.isoformat(), "channel": payload["channel"]}


PHOTO_PREFIXES = ("data:image/jpeg;base64,", "data:image/png;base64,")
MAX_OUTBOX_PHOTO_BYTES = 4 * 1024 * 1024  # the phone makes the photo smaller before it waits in the outbox


def validate_paper(payload) -> dict:
    """`consent.paper`: a photo of a signed paper form that waited in the outbox."""
    cleaned, version_hash = _who_and_which_form(payload)
    scope = payload.get("scope")
    if not isinstance(scope, dict) or not all(isinstance(scope.get(k, []), list) and
                                              all(isinstance(v, str) for v in scope.get(k, []))
                                              for k in ("recipients", "purposes", "categories")):
        raise PayloadError("scope", "required")
    interpreter = payload.get("interpreter") or ""
    if not isinstance(interpreter, str) or len(interpreter) > MAX_NAME:
        raise PayloadError("interpreter", "too_long")
    if payload.get("withdrawal_notice_shown") is not True:
        raise PayloadError("withdrawal_notice_shown", "required")
    photo = payload.get("photo")
    prefix = next((p for p in PHOTO_PREFIXES if isinstance(photo, str) and photo.startswith(p)), None)
    if prefix is None:
        raise PayloadError("photo", "not_a_picture")
    if len(photo) > len(prefix) + MAX_OUTBOX_PHOTO_BYTES * 4 // 3 + 4:
        raise PayloadError("photo", "too_big")
    try:
        data = base64.b64decode(photo[len(prefix):], validate=True)
    except ValueError as error:
        raise PayloadError("photo", "not_a_picture") from error
    return {**cleaned, "version_hash": version_hash, "interpreter": interpreter.strip(),
            "scope": {k: list(scope.get(k, [])) for k in ("recipients", "purposes", "categories")}, "photo": data}
