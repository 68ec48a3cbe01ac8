from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

from flask import current_app, g, jsonify, request, session
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, clock
from ..auth import devices, passkeys
from ..auth.people import get_person
from ..clock import berlin_today
from ..db import get_db, insert_row, write
from ..domain import sync as rules
from ..operations.metrics import count_sync
from . import bp, kinds

MAX_BATCH = 500
ACCESS_REASONS = {"forbidden", "not_found"}


def refuse(status: int, code: str, message: str, **extra):
    return jsonify(error=code, message=message, **extra), status


@bp.get("/sync/device")
def device_state():
    """Whether a device may keep case pages: JSON, no personal data, changes nothing."""
    device_id = request.args.get("device_id", "")
    db = get_db()
    device = devices.get(db, device_id) if devices.valid_id(device_id) else None
    state = "unknown"
    if device:
        owner = get_person(db, device["person_id"]) if device["person_id"] else None
        state = ("device_revoked" if device["revoked_at"] else
                 "person_disabled" if owner and owner.status == "disabled" else "ok")
    response = jsonify(state=state)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/sync/send")
def send_only():
    """After the last sign-in on a revoked device: send what waits, then the device is emptied."""
    from flask import redirect, render_template, url_for

    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in"))
    return render_template("sync_send_only.html")


@bp.get("/sync/token")
def sync_token():
    """A fresh CSRF token for the sync client (its page may be old); JSON, never a redirect."""
    from flask_wtf.csrf import generate_csrf

    # Also for a session that ended: the retried POST /sync then says why (signed out, device
    # revoked, person disabled) instead of failing on the token.
    response = jsonify(token=generate_csrf(), signed_in=current_user.is_authenticated)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/sync/discard")
def discard():
    """The worker confirmed discarding an unsent item: audited before the device deletes it."""
    body = request.get_json(silent=True) if request.is_json else None
    if not current_user.is_authenticated:
        return refuse(401, "signed_out", _("Please sign in again."))
    if not isinstance(body, dict) or not isinstance(body.get("mutation_id"), str):
        return refuse(400, "malformed", _("The app sent data in the wrong format. Please reload the page."))
    audit.log("outbox.discarded", subject=("mutation", body["mutation_id"][:64]),
              details={"kind": str(body.get("kind", ""))[:40], "reason": str(body.get("reason", ""))[:40]})
    return jsonify(ok=True)


@bp.post("/sync")
def sync():
    if not request.is_json:
        return refuse(415, "json_required", _("The app sent data in the wrong format. Please reload the page."))
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("mutations", []), list):
        return refuse(400, "malformed", _("The app sent data in the wrong format. Please reload the page."))
    mutations = body.get("mutations", [])
    if len(mutations) > MAX_BATCH:
        return refuse(413, "batch_too_large", _("Too many items at once; the app sends them in smaller parts."))
    db = get_db()
    device_id = body.get("device_id")
    device, owner = _device_and_owner(db, device_id)
    if owner and owner.status == "disabled":
        reported = body.get("unsent") if isinstance(body.get("unsent"), int) else 0
        # Only the loss the admin saw and accepted: a device holding more is not wiped (yet).
        wipe = bool(device["wipe_confirmed_at"]) and reported <= (device["wipe_confirmed_count"] or 0)
        if wipe:
            devices.mark_wiped(db, device["id"])
            audit.log("device.wiped", subject=("device", device["id"]),
                      details={"person": owner.id, "unsent_lost": body.get("unsent")})
        return refuse(401, "person_disabled", _("Your access is disabled. Please contact your administrator."),
                      wipe=wipe)
    if device and device["revoked_at"]:
        if not (current_user.is_authenticated and session.get("send_only") and session.device_id == device["id"]):
            return refuse(401, "device_revoked", _("This device has been blocked. Please contact your administrator."))
        results = apply_batch(db, mutations)
        unsent = body.get("unsent") if isinstance(body.get("unsent"), int) else len(mutations)
        delivered = all(r["status"] in ("applied", "duplicate", "conflict") for r in results)
        if unsent > len(mutations) or not delivered:
            return jsonify(results=results, wipe=False)  # more to send, or something to correct first
        devices.mark_wiped(db, device["id"])
        # A passkey bound to this phone goes with it, so the emptied phone cannot come back as a
        # "new" device; a synced passkey lives on in the person's other devices.
        credential = passkeys.get_credential(db, session.credential_id or "")
        if passkeys.usable(credential) and credential["device_type"] == "single_device":
            passkeys.remove(db, credential["id"], revoked_by=device["revoked_by"] or current_user.id)
            audit.log("passkey.revoked", subject=("credential", credential["id"]), details={"reason": "device_wiped"})
        audit.log("device.wiped", subject=("device", device["id"]),
                  details={"sent": sum(r["status"] in ("applied", "duplicate", "conflict") for r in results)})
        session.end("device_wiped")
        return jsonify(results=results, wipe=True)
    if not current_user.is_authenticated:
        return refuse(401, "signed_out", _("Please sign in again."))
    if device is None or (session.device_id and session.device_id != device["id"]):
        return refuse(403, "device_mismatch", _("This device is not the one you signed in with. Please sign in again."))
    unsent = body.get("unsent")
    reported = unsent if isinstance(unsent, int) and not isinstance(unsent, bool) and 0 <= unsent < 1_000_000 else None
    oldest = _moment(body.get("unsent_since"))
    results = apply_batch(db, mutations, first=lambda: devices.report(db, device["id"], reported, oldest),
                          then=lambda results: reported is not None and devices.after_batch(
                              db, device["id"], reported - sum(r["status"] in DELIVERED for r in results)))
    return jsonify(results=results)  # only after the batch's commit: an answer means it is stored


DELIVERED = ("applied", "duplicate", "conflict")


def _moment(milliseconds) -> str | None:
    """The device's time of its oldest waiting item (ms since 1970), if plausible (a phone's clock a
    little ahead counts as now)."""
    if isinstance(milliseconds, bool) or not isinstance(milliseconds, int | float):
        return None
    try:
        moment = datetime.fromtimestamp(milliseconds / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    now = clock.now()
    return clock.stamp(min(moment, now)) if datetime(2020, 1, 1, tzinfo=UTC) <= moment <= now + timedelta(days=1) else None


def _device_and_owner(db, device_id) -> tuple[dict | None, object | None]:
    """The device named in the body and its person; the signed-in person and device are not read
    a second time (each read is a query on every sync request)."""
    if not devices.valid_id(device_id):
        return None, None
    signed_in = current_user.is_authenticated and g.get("session_device")
    device = signed_in if signed_in and signed_in["id"] == device_id else devices.get(db, device_id)
    if not device or not device["person_id"]:
        return device, None
    if current_user.is_authenticated and current_user.id == device["person_id"]:
        return device, current_user._get_current_object()
    return device, get_person(db, device["person_id"])


def apply_batch(db, mutations: list, first=None, then=None) -> list[dict]:
    """The whole batch in one write transaction, each mutation in a savepoint of its own (apply):
    one commit instead of one per mutation, and a refused or failing mutation rolls back alone.
    `first`/`then(results)`: what else this request writes before and after the items (the
    device's report, what is left on it), in the same transaction, so a request takes the writer
    lock once."""
    with write(db):
        if first:
            first()
        results = [apply(db, mutation) for mutation in mutations]
        if then:
            then(results)
        return results


def apply(db, raw) -> dict:
    """One mutation in its own savepoint, together with the record of its result.

    One bad item never blocks the others: anything that fails inside it is rolled back alone,
    logged once with the request id, and answered `rejected` (reason `server_error`); the batch
    goes on. Every refusal is audited (kind, reason, ids — never the content)."""
    try:
        result = _apply(db, raw)
    except Exception:  # noqa: BLE001 — the batch must answer every item; the log has the traceback
        from ..errors import request_id

        if not db.conn.in_transaction:  # the error ended the batch's transaction: go on in a new one
            db.conn.execute("BEGIN IMMEDIATE")
        current_app.logger.exception("Mutation failed (request %s)", request_id())
        result = {"id": _raw_id(raw), "status": rules.REJECTED, "reason": "server_error", "request_id": request_id()}
    if result["status"] == rules.REJECTED:
        _audit_refusal(raw, result)
    count_sync(raw.get("kind") if isinstance(raw, dict) and isinstance(raw.get("kind"), str) else "",
               result["status"], kinds.KINDS)
    return result


def _raw_id(raw) -> str | None:
    """The id a mutation claims, if any, for answering one that could not be read."""
    found = raw.get("id") if isinstance(raw, dict) else None
    return found[:64] if isinstance(found, str) and found else None


def _audit_refusal(raw, result: dict) -> None:
    envelope = raw if isinstance(raw, dict) else {}
    payload = envelope.get("payload") if isinstance(envelope.get("payload"), dict) else {}
    case_id = payload.get("case_id")
    subject = ("case", case_id) if isinstance(case_id, str) and 0 < len(case_id) <= 40 else None

    def short(value):
        return value[:64] if isinstance(value, str) else None

    details = {"reason": result.get("reason"), "kind": short(envelope.get("kind")),
               "mutation": _raw_id(raw), "entity": short(envelope.get("entity_id"))}
    if subject and result.get("reason") in ACCESS_REASONS:
        # The same line a refused read of the case page writes, so one filter finds both.
        audit.log("case.access_refused", subject=subject, details={"need": "write", "via": "sync", **details})
    else:
        audit.log("sync.rejected", subject=subject, details=details)


def _apply(db, raw) -> dict:
    try:
        mutation = rules.read_mutation(raw)
    except rules.Malformed:
        return {"id": _raw_id(raw), "status": rules.REJECTED, "reason": "malformed"}
    if mutation.author != current_user.id:
        # Written by someone else on this device: it waits for its author (the client keeps it).
        return {"id": mutation.id, "status": rules.REJECTED, "reason": "wrong_author"}
    handler = kinds.handler_for(mutation.kind)
    if handler is None:
        return {"id": mutation.id, "status": rules.REJECTED, "reason": "unknown_kind"}
    with write(db):
        row = db.execute("SELECT content_hash, result FROM sync_mutation WHERE person_id = ? AND mutation_id = ?",
                         [current_user.id, mutation.id]).fetchone()
        earlier = rules.Earlier(row[0], json.loads(row[1])) if row else None
        replayed = rules.replay(mutation, earlier)
        if replayed is not None:
            return replayed
        # Server records decide, not the envelope: the device is the one this session signed in on.
        mutation = dataclasses.replace(mutation, device_id=session.device_id or "")
        result = handler(db, current_user, mutation, today=berlin_today())
        if result["status"] in (rules.APPLIED, rules.CONFLICT):
            insert_row(db, "sync_mutation", {"person_id": current_user.id, "mutation_id": mutation.id,
                                             "content_hash": mutation.hash, "result": json.dumps(result),
                                             "applied_at": clock.stamp()})
            audit.log(f"{mutation.kind}.{result['status']}", subject=(mutation.kind.split(".")[0], mutation.entity_id),
                      details={"mutation": mutation.id, **({"flag": result["flag"]} if "flag" in result else {})},
                      db=db)
    return result
