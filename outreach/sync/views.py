from __future__ import annotations

from flask import current_app, jsonify, request, session
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import devices
from ..auth.people import get_person
from ..db import get_db
from . import bp

MAX_BATCH = 500
# kind → handler(db, person, mutation) -> result dict; areas add theirs (visit notes, budgets …).
KINDS: dict = {}


def same_origin() -> bool:
    """Browsers send Sec-Fetch-Site and Origin on fetch(); both must name this site."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin.rstrip("/") == current_app.config["PUBLIC_ORIGIN"].rstrip("/")


def refuse(status: int, code: str, message: str):
    return jsonify(error=code, message=message), status


@bp.post("/sync")
def sync():
    if not request.is_json:
        return refuse(415, "json_required", _("The app sent data in the wrong format. Please reload the page."))
    if not same_origin():
        return refuse(403, "cross_origin", _("You are not allowed to do this."))
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("mutations", []), list):
        return refuse(400, "malformed", _("The app sent data in the wrong format. Please reload the page."))
    mutations = body.get("mutations", [])
    if len(mutations) > MAX_BATCH:
        return refuse(413, "batch_too_large", _("Too many items at once; the app sends them in smaller parts."))
    db = get_db()
    device_id = body.get("device_id")
    device = devices.get(db, device_id) if devices.valid_id(device_id) else None
    if device and device["revoked_at"]:
        return refuse(401, "device_revoked", _("This device has been blocked. Please contact your administrator."))
    owner = get_person(db, device["person_id"]) if device and device["person_id"] else None
    if owner and owner.status == "disabled":
        return refuse(401, "person_disabled", _("Your access is disabled. Please contact your administrator."))
    if not current_user.is_authenticated:
        return refuse(401, "signed_out", _("Please sign in again."))
    if device is None or (session.device_id and session.device_id != device["id"]):
        return refuse(403, "device_mismatch", _("This device is not the one you signed in with. Please sign in again."))
    unsent = body.get("unsent")
    devices.report(db, device["id"], unsent if isinstance(unsent, int) and 0 <= unsent < 1_000_000 else None)
    results = [apply(db, mutation) for mutation in mutations]
    return jsonify(results=results)


def apply(db, mutation) -> dict:
    if not isinstance(mutation, dict) or not isinstance(mutation.get("id"), str):
        return {"id": None, "status": "rejected", "reason": "malformed"}
    handler = KINDS.get(mutation.get("kind"))
    if handler is None:
        return {"id": mutation["id"], "status": "rejected", "reason": "unknown_kind"}
    return handler(db, current_user, mutation)
