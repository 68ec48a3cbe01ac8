"""The append-only audit log: who did what, when, from which device — never note text.

Each row carries an HMAC over its own fields and the previous row's MAC (a chain), with the
evidence key, so editing, deleting or inserting rows in the file is detected by `verify()`.
Triggers refuse UPDATE and DELETE through SQLite as well.
"""

from __future__ import annotations

import json

import sqlite_utils
from flask import g, has_request_context, request

from . import clock, evidence
from .db import get_db, insert_row, write

GENESIS = "0" * 64
REFUSALS = ("refused", "rejected")  # actions that record a refusal end so
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
FIELDS = ("seq", "at", "actor_id", "action", "subject_type", "subject_id", "device_id", "ip", "user_agent", "details", "key_id")


def _payload(row: dict, previous_mac: str) -> bytes:
    return evidence.canonical_json({**{f: row[f] for f in FIELDS}, "previous": previous_mac})


def append(
    db: sqlite_utils.Database,
    action: str,
    *,
    actor_id: str | None = None,
    subject: tuple[str, str] | None = None,
    details: dict | None = None,
    device_id: str = "",
    ip: str = "",
    user_agent: str = "",
) -> int:
    """Append one event inside the caller's transaction (or its own)."""
    key_id, key = evidence.current_key()
    with write(db):
        last = db.execute("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        row = {
            "seq": (last[0] + 1) if last else 1,
            "at": clock.stamp(),
            "actor_id": actor_id,
            "action": action,
            "subject_type": subject[0] if subject else "",
            "subject_id": subject[1] if subject else "",
            "device_id": device_id or "",
            "ip": ip or "",
            "user_agent": (user_agent or "")[:300],
            "details": json.dumps(details or {}, sort_keys=True, ensure_ascii=False),
            "key_id": key_id,
        }
        row["mac"] = evidence.mac(key, _payload(row, last[1] if last else GENESIS))
        insert_row(db, "audit_log", row)
    return row["seq"]


def log(action: str, *, subject: tuple[str, str] | None = None, details: dict | None = None,
        actor_id: str | None = None, db: sqlite_utils.Database | None = None) -> int:
    """Append an event for the current request: actor, device, IP and user agent filled in."""
    from flask_login import current_user

    if actor_id is None and has_request_context() and current_user and current_user.is_authenticated:
        actor_id = current_user.id
    if has_request_context() and action.endswith(REFUSALS):
        g.refusal_audited = True  # the request's refusal is on record; refused_write() adds none
    device_id = getattr(g, "device_id", "") if has_request_context() else ""
    ip = request.remote_addr if has_request_context() else ""
    user_agent = request.user_agent.string if has_request_context() else "cli"
    return append(db or get_db(), action, actor_id=actor_id, subject=subject, details=details,
                  device_id=device_id, ip=ip or "", user_agent=user_agent)


def verify(db: sqlite_utils.Database, keys: dict[str, bytes]) -> list[int]:
    """Sequence numbers whose MAC does not hold (edited, inserted, reordered or unknown key),
    plus gaps where rows were removed."""
    broken = []
    previous, expected_seq = GENESIS, 1
    for row in db.query("SELECT * FROM audit_log ORDER BY seq"):
        key = keys.get(row["key_id"])
        if row["seq"] != expected_seq:
            broken.append(expected_seq)
        if key is None or not evidence.matches(evidence.mac(key, _payload(row, previous)), row["mac"]):
            broken.append(row["seq"])
        previous, expected_seq = row["mac"], row["seq"] + 1
    return broken


def refused_write(response):
    """Every refused write of a signed-in person is on record, like a refused read: which route,
    which status, the fields a form refused and what it was about — never what was sent."""
    from flask_login import current_user

    if (request.method not in STATE_CHANGING or not 400 <= response.status_code < 500
            or response.status_code == 401 or g.get("refusal_audited")):
        return response
    try:
        if not (current_user and current_user.is_authenticated):
            return response
        args = {k: v for k, v in (request.view_args or {}).items() if isinstance(v, str) and len(v) <= 64}
        name = "case_id" if "case_id" in args else next(iter(args), None)
        subject = (name.removesuffix("_id"), args[name]) if name else None
        log("request.refused", subject=subject,
            details={"endpoint": request.endpoint or "", "status": response.status_code,
                     "fields": sorted(g.get("refused_fields", []))[:20]})
    except Exception:  # noqa: BLE001 — the refusal itself must still reach the person
        from flask import current_app

        current_app.logger.exception("Could not audit a refused request")
    return response


def init_app(app) -> None:
    app.after_request(refused_write)
