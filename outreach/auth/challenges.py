"""WebAuthn challenges: stored server-side, bound to the session, single-use, short-lived."""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlite_utils

from .. import clock
from ..db import write


class ChallengeRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # unknown · used · expired · other_session · wrong_purpose


def issue(db: sqlite_utils.Database, purpose: str, session_hash: str, minutes: int, *,
          person_id: str | None = None, invitation_id: str | None = None) -> bytes:
    challenge = secrets.token_bytes(32)
    now = clock.now()
    with write(db):
        db["challenge"].insert({
            "id": secrets.token_urlsafe(12), "challenge": challenge, "purpose": purpose,
            "session_hash": session_hash, "person_id": person_id, "invitation_id": invitation_id,
            "created_at": clock.stamp(now), "expires_at": clock.stamp(now + timedelta(minutes=minutes)),
            "used_at": None,
        })
    return challenge


def consume(db: sqlite_utils.Database, table: str, challenge: bytes,
            bindings: list[tuple[str, object, str]]) -> tuple[dict | None, str | None]:
    """Use a stored challenge once: it is marked used (committed at once, so a refused attempt
    cannot reuse it) before its bindings — (column, expected value, reason) — and its expiry are
    checked. Returns the row and the reason it is refused, or None."""
    assert table in ("challenge", "approval_challenge")
    reason = None
    with write(db):
        rows = list(db.query(f"SELECT * FROM {table} WHERE challenge = ?", [challenge]))
        row = rows[0] if rows else None
        if row is None:
            reason = "unknown"
        elif row["used_at"]:
            reason = "used"
        else:
            db.execute(f"UPDATE {table} SET used_at = ? WHERE challenge = ?", [clock.stamp(), challenge])
            reason = next((why for column, expected, why in bindings if row[column] != expected), None)
            if reason is None and clock.now() >= clock.parse_stamp(row["expires_at"]):
                reason = "expired"
    return row, reason


def take(db: sqlite_utils.Database, challenge: bytes, purpose: str, session_hash: str) -> dict:
    """Consume a sign-in, registration or re-verification challenge, or refuse."""
    row, reason = consume(db, "challenge", challenge, [("purpose", purpose, "wrong_purpose"),
                                                       ("session_hash", session_hash, "other_session")])
    if reason:
        raise ChallengeRefused(reason)
    return row
