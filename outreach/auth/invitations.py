"""One-time links to register a passkey: invitations, recovery and "another device".

The link holds ≥ 128 random bits; only its SHA-256 is stored. Opening it (GET) changes nothing;
a successful registration consumes it atomically.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlite_utils

from .. import clock
from ..db import write

PURPOSES = ("invite", "recovery", "another_device")


class InvitationRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # unknown · used · expired


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(db: sqlite_utils.Database, person_id: str, purpose: str, lifetime: timedelta,
           created_by: str | None) -> str:
    assert purpose in PURPOSES
    token = secrets.token_urlsafe(32)  # 256 bits
    now = clock.now()
    with write(db):
        db["invitation"].insert({
            "id": secrets.token_urlsafe(12), "token_hash": digest(token), "person_id": person_id,
            "purpose": purpose, "created_by": created_by, "created_at": clock.stamp(now),
            "expires_at": clock.stamp(now + lifetime), "used_at": None, "used_credential_id": None,
        })
    return token


def find(db: sqlite_utils.Database, token: str) -> dict:
    """The open invitation for a token, or InvitationRefused saying why not."""
    if not token or len(token) > 100:
        raise InvitationRefused("unknown")
    rows = list(db.query("SELECT * FROM invitation WHERE token_hash = ?", [digest(token)]))
    if not rows:
        raise InvitationRefused("unknown")
    row = rows[0]
    if row["used_at"]:
        raise InvitationRefused("used")
    if clock.now() >= clock.parse_stamp(row["expires_at"]):
        raise InvitationRefused("expired")
    return row


def consume(db: sqlite_utils.Database, invitation_id: str, credential_id: str) -> None:
    """Inside the registration's transaction: exactly one registration can use a link."""
    with write(db):
        changed = db.execute(
            "UPDATE invitation SET used_at = ?, used_credential_id = ? "
            "WHERE id = ? AND used_at IS NULL AND expires_at > ?",
            [clock.stamp(), credential_id, invitation_id, clock.stamp()],
        ).rowcount
        if changed != 1:
            raise InvitationRefused("used")
