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
from .db import get_db, get_meta, insert_row, set_meta, write

GENESIS = "0" * 64
REFUSALS = ("refused", "rejected")  # actions that record a refusal end so
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
ANCHOR = "audit_anchor"  # meta: where the chain starts once its oldest lines were removed (retention)
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
        last = db.execute("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone() or _anchor_end(db)
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
    anchor = _anchor(db)
    if anchor:
        key = keys.get(anchor.get("key_id", ""))
        if key is None or not evidence.matches(evidence.mac(key, _anchor_payload(anchor)), anchor.get("mac", "")):
            broken.append(0)  # the anchor itself was altered: the first lines cannot be trusted
        previous, expected_seq = anchor.get("previous", GENESIS), int(anchor.get("seq", 1))
    for row in db.query("SELECT * FROM audit_log ORDER BY seq"):
        key = keys.get(row["key_id"])
        if row["seq"] != expected_seq:
            broken.append(expected_seq)
        if key is None or not evidence.matches(evidence.mac(key, _payload(row, previous)), row["mac"]):
            broken.append(row["seq"])
        previous, expected_seq = row["mac"], row["seq"] + 1
    return broken


def _anchor(db) -> dict | None:
    text = get_meta(db, ANCHOR)
    try:
        return json.loads(text) if text else None
    except ValueError:
        return {"seq": 1, "previous": GENESIS, "key_id": "", "mac": ""}  # unreadable: verify() reports it


def _anchor_end(db) -> tuple[int, str] | None:
    """With every line removed, the next one continues the chain after the last removed line."""
    anchor = _anchor(db)
    return (int(anchor["seq"]) - 1, anchor["previous"]) if anchor else None


def _anchor_payload(anchor: dict) -> bytes:
    return evidence.canonical_json({k: anchor[k] for k in ("seq", "previous", "key_id")})


def prune(db: sqlite_utils.Database, before: str) -> int:
    """Remove the lines older than `before` (an ISO time stamp; the retention of the audit log,
    issue 23). The chain stays verifiable: an anchor, sealed with the evidence key, names the
    first line kept and the MAC of the last line removed."""
    with write(db):
        last = db.execute("SELECT max(seq) FROM audit_log WHERE at < ?", [before]).fetchone()[0]
        if last is None:
            return 0
        mac = db.execute("SELECT mac FROM audit_log WHERE seq = ?", [last]).fetchone()[0]
        key_id, key = evidence.current_key()
        anchor = {"seq": last + 1, "previous": mac, "key_id": key_id}
        anchor["mac"] = evidence.mac(key, _anchor_payload(anchor))
        db.execute("INSERT INTO erasure_gate (what) VALUES ('audit_retention')")
        removed = db.execute("DELETE FROM audit_log WHERE seq <= ?", [last]).rowcount
        db.execute("DELETE FROM erasure_gate WHERE what = 'audit_retention'")
        set_meta(db, ANCHOR, json.dumps(anchor, sort_keys=True))
    return removed


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
