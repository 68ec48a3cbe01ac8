"""The phone's vault, seen from the server (issue 25): a device says how it protects its offline
data (the passkey's PRF output, or a device PIN where there is none) and, right after a passkey
sign-in on that device, receives its recovery key and the passkeys still usable. The recovery key
lets the phone open its vault again with the server's help (five wrong PINs, a new PIN). It also
receives the person's escrow (auth/escrow.py): the first device leaves its data key there wrapped,
a later one opens the same key with it. The data itself never comes here. JSON only."""

from __future__ import annotations

from flask import jsonify, request, session
from flask_babel import gettext as _
from flask_login import current_user
from webauthn.helpers import bytes_to_base64url

from .. import audit
from ..auth import devices, escrow, passkeys
from ..auth.account_views import recently_verified
from ..db import get_db
from . import bp


def _refuse(status: int, code: str, message: str):
    response = jsonify(error=code, message=message)
    response.headers["Cache-Control"] = "no-store"
    return response, status


@bp.post("/sync/vault")
def vault():
    body = request.get_json(silent=True) if request.is_json else None
    if not current_user.is_authenticated:
        return _refuse(401, "signed_out", _("Please sign in again."))
    if not isinstance(body, dict) or body.get("method") not in devices.VAULT_METHODS \
            or not isinstance(body.get("device_id"), str) \
            or ("escrow" in body and not escrow.valid_wrapping(body["escrow"])):
        return _refuse(400, "malformed", _("The app sent data in the wrong format. Please reload the page."))
    db = get_db()
    device = devices.get(db, body["device_id"]) if devices.valid_id(body["device_id"]) else None
    # A revoked device: only its outbox's author, signed in once more to send it (then it is wiped).
    send_only = bool(session.get("send_only")) and devices.may_send_only(db, body["device_id"], current_user.id)
    if device is None or body["device_id"] != session.device_id or device["person_id"] != current_user.id \
            or (device["revoked_at"] and not send_only):
        audit.log("vault.refused", subject=("device", str(body["device_id"])[:64]), details={"reason": "device"})
        return _refuse(403, "device", _("This device may not keep offline data for you. Please sign in again."))
    if not recently_verified():
        audit.log("vault.refused", subject=("device", device["id"]), details={"reason": "not_fresh"})
        return _refuse(403, "not_fresh", _("Please confirm with your passkey again to unlock the offline data."))
    key = devices.vault_recovery(db, device["id"], body["method"])
    answer = {"recovery_key": bytes_to_base64url(key),
              "credentials": [row["id"] for row in passkeys.credentials_of(db, current_user.id)]}
    # The person's data key travels only to a device in good standing (not the send-only sign-in).
    if not device["revoked_at"]:
        escrow_key, wrapping, stored_now = escrow.escrow(db, current_user.id, offer=body.get("escrow"), device_id=device["id"])
        answer["escrow"] = {"key": bytes_to_base64url(escrow_key), "wrapping": wrapping}
        if stored_now:
            audit.log("vault.escrow_set", subject=("device", device["id"]))
    audit.log("vault.recovery_released", subject=("device", device["id"]),
              details={"method": body["method"], "escrow": "escrow" in answer})
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store"
    return response
