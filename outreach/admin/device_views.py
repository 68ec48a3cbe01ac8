"""Devices: which browser profiles people use, how much they have not sent yet, revoking one."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, clock
from ..auth import devices
from ..auth.access import require
from ..auth.people import get_person
from ..db import get_db, write
from ..domain.permissions import may_administer
from . import bp


def render_devices(error: str | None = None, status: int = 200):
    return render_template("admin/devices.html", devices=devices.all_devices(get_db()),
                           current_device=session.device_id, error=error), status


@bp.get("/devices")
@require(may_administer)
def devices_list():
    return render_devices()


@bp.post("/devices/<device_id>/revoke")
@require(may_administer)
def revoke_device(device_id: str):
    db = get_db()
    device = devices.get(db, device_id)
    if device is None:
        abort(404)
    if device_id == session.device_id:
        return render_devices(_("This is the device you are using now: revoking it would sign you out for good "
                                "on it. Ask another administrator."), 400)
    if not device["revoked_at"]:
        with write(db):
            devices.revoke(db, device_id, by=current_user.id)  # also ends its sessions
            audit.log("device.revoked", subject=("device", device_id), details={"person": device["person_id"]})
    if request.form.get("back") == "person" and device["person_id"]:
        return redirect(url_for("admin.person", person_id=device["person_id"]), code=303)
    return redirect(url_for("admin.devices_list"), code=303)


@bp.post("/devices/<device_id>/confirm-wipe")
@require(may_administer)
def confirm_wipe(device_id: str):
    """For a disabled person's device: the admin confirms the unsent items it last reported will be
    lost; the device is then wiped, outbox included, at its next contact. Audited with the count."""
    db = get_db()
    device = devices.get(db, device_id)
    if device is None:
        abort(404)
    owner = get_person(db, device["person_id"]) if device["person_id"] else None
    if owner is None or owner.status != "disabled":
        abort(409)
    if not device["wipe_confirmed_at"]:
        with write(db):
            db.execute("UPDATE device SET wipe_confirmed_at = ?, wipe_confirmed_by = ?, wipe_confirmed_count = ? "
                       "WHERE id = ?", [clock.stamp(), current_user.id, device["last_unsent_count"] or 0, device_id])
            audit.log("device.wipe_confirmed", subject=("device", device_id),
                      details={"person": owner.id, "unsent_lost": device["last_unsent_count"]})
    return redirect(url_for("admin.devices_list"), code=303)
