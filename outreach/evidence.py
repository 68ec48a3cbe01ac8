"""HMAC over evidence (audit log, consents, approvals) with a key kept outside the database."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from .config import evidence_key, evidence_key_id, evidence_keyring
from .domain.canonical import canonical_json  # noqa: F401  (re-exported for evidence users)


class EvidenceKeyMissing(RuntimeError):
    pass


def current_key() -> tuple[str, bytes]:
    key = evidence_key(current_app.config)
    if not key:
        raise EvidenceKeyMissing("No evidence key configured")
    return evidence_key_id(current_app.config), key


def keys_by_id() -> dict[str, bytes]:
    """The current key plus retired ones (the key ring's, or EVIDENCE_OLD_KEYS: {id: key}) for verification."""
    key_id, key = current_key()
    old = {k: v.encode() for k, v in (current_app.config.get("EVIDENCE_OLD_KEYS") or {}).items()}
    return {**old, **evidence_keyring(current_app.config)[1], key_id: key}


def mac(key: bytes, payload: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def matches(expected: str, actual: str) -> bool:
    return hmac.compare_digest(expected, actual)
