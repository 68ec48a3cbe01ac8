"""Devices: one per browser profile, its random id kept in the browser's IndexedDB."""

from __future__ import annotations

import re
import secrets

import sqlite_utils

from .. import clock
from ..db import one_row, write
from . import leaving

VAULT_METHODS = ("prf", "pin")
DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class DeviceRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # malformed · device_revoked


def valid_id(device_id) -> bool:
    return isinstance(device_id, str) and bool(DEVICE_ID.match(device_id))


def get(db: sqlite_utils.Database, device_id: str) -> dict | None:
    return one_row(db, "SELECT * FROM device WHERE id = ?", [device_id])


def register_contact(db: sqlite_utils.Database, device_id: str | None, person_id: str, user_agent: str) -> str:
    """At sign-in: create the device on first contact, refuse a revoked one."""
    if not valid_id(device_id):
        raise DeviceRefused("malformed")
    with write(db):
        device = get(db, device_id)
        if device and device["revoked_at"]:
            raise DeviceRefused("device_revoked")
        if device is None:
            db["device"].insert({
                "id": device_id, "person_id": person_id, "created_at": clock.stamp(), "last_contact_at": clock.stamp(),
                "last_unsent_count": None, "user_agent": user_agent[:300], "revoked_at": None, "revoked_by": None,
            })
        else:
            db.execute("UPDATE device SET person_id = ?, last_contact_at = ?, user_agent = ? WHERE id = ?",
                       [person_id, clock.stamp(), user_agent[:300], device_id])
    return device_id


def may_send_only(db: sqlite_utils.Database, device_id: str | None, person_id: str) -> bool:
    """A revoked device not yet emptied, last used by this person: they may send its outbox."""
    device = get(db, device_id) if valid_id(device_id) else None
    return bool(device and device["revoked_at"] and not device["wiped_at"] and device["person_id"] == person_id)


def mark_wiped(db: sqlite_utils.Database, device_id: str) -> None:
    with write(db):
        db.execute("UPDATE device SET wiped_at = ? WHERE id = ? AND wiped_at IS NULL", [clock.stamp(), device_id])


def report(db: sqlite_utils.Database, device_id: str, unsent_count: int | None,
           oldest_unsent_at: str | None = None) -> None:
    """What the device says of its outbox as it sends: how many items wait, since when (the oldest)."""
    with write(db):
        db.execute("""UPDATE device SET last_contact_at = ?, last_unsent_count = coalesce(?, last_unsent_count),
                      oldest_unsent_at = CASE WHEN coalesce(?, last_unsent_count) = 0 THEN NULL
                                              ELSE coalesce(?, oldest_unsent_at) END WHERE id = ?""",
                   [clock.stamp(), unsent_count, unsent_count, oldest_unsent_at, device_id])


def after_batch(db: sqlite_utils.Database, device_id: str, remaining: int) -> None:
    """The items of a batch arrived: what still waits on the device (nothing: no oldest item)."""
    with write(db):
        db.execute("""UPDATE device SET last_unsent_count = ?, oldest_unsent_at = CASE WHEN ? = 0 THEN NULL
                      ELSE oldest_unsent_at END WHERE id = ?""", [max(remaining, 0), remaining, device_id])


def revoke(db: sqlite_utils.Database, device_id: str, by: str) -> None:
    from .sessions import end_sessions

    with write(db):
        db.execute("UPDATE device SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
                   [clock.stamp(), by, device_id])
        end_sessions(db, "device_revoked", device_id=device_id)
        leaving.device_left(db, device_id, "device_revoked")


def vault_recovery(db: sqlite_utils.Database, device_id: str, method: str) -> bytes:
    """Record how the device protects its offline data and return its recovery key (made once)."""
    if method not in VAULT_METHODS:
        raise ValueError(method)
    with write(db):
        db.execute("""UPDATE device SET vault_method = ?, vault_set_at = coalesce(vault_set_at, ?),
                      vault_recovery_key = coalesce(vault_recovery_key, ?) WHERE id = ?""",
                   [method, clock.stamp(), secrets.token_bytes(32), device_id])
    return one_row(db, "SELECT vault_recovery_key FROM device WHERE id = ?", [device_id])["vault_recovery_key"]


# Never the recovery key: lists and pages have no use for it.
LISTED = ("d.id, d.person_id, d.created_at, d.last_contact_at, d.last_unsent_count, d.oldest_unsent_at, d.user_agent, "
          "d.revoked_at, d.revoked_by, d.wipe_confirmed_at, d.wipe_confirmed_by, d.wiped_at, d.vault_method, d.vault_set_at")


def all_devices(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        f"SELECT {LISTED}, p.display_name, p.status AS person_status FROM device d LEFT JOIN person p ON p.id = d.person_id "
        "ORDER BY d.last_contact_at DESC"
    ))


def devices_of(db: sqlite_utils.Database, person_id: str) -> list[dict]:
    """The devices a person last signed in from, newest contact first (revoked ones included)."""
    return list(db.query(f"SELECT {LISTED} FROM device d WHERE person_id = ? ORDER BY last_contact_at DESC", [person_id]))
