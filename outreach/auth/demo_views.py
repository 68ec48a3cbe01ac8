"""Demo only: "sign in as" any invented person, on a demo app over a marked database."""

from __future__ import annotations

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import login_user

from .. import audit
from ..db import get_db, get_meta
from ..modes import DEMO, DEMO_MARKER
from . import bp, devices
from .people import get_person


def demo_allowed() -> bool:
    return current_app.extensions["outreach_mode"] == DEMO and get_meta(get_db(), DEMO_MARKER) is not None


def demo_people() -> list[dict]:
    if not demo_allowed():
        return []
    return list(get_db().query(
        """SELECT p.id, p.display_name, group_concat(r.role, ', ') AS roles, o.name AS organisation
           FROM person p JOIN person_role r ON r.person_id = p.id
           LEFT JOIN organisation o ON o.id = p.organisation_id
           WHERE p.status = 'active' GROUP BY p.id ORDER BY min(r.role = 'partner'), p.display_name"""
    ))


@bp.post("/demo/sign-in-as")
def demo_sign_in_as():
    if not demo_allowed():
        abort(404)
    db = get_db()
    person = get_person(db, request.form.get("person_id", ""))
    if person is None or not person.is_active:
        abort(404)
    device_id = request.form.get("device_id")
    if devices.valid_id(device_id):
        try:
            devices.register_contact(db, device_id, person.id, request.user_agent.string)
        except devices.DeviceRefused:
            abort(403)
    else:
        device_id = None
    login_user(person)
    session.start("demo", person.id, None, device_id)
    audit.log("sign_in.demo", actor_id=person.id, subject=("person", person.id))
    return redirect(url_for("shell.index"), code=303)
