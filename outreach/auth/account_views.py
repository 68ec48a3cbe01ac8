"""A person's own passkeys: list, rename, remove, confirm, and a link for another device."""

from __future__ import annotations

from datetime import timedelta

import segno
from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from .. import audit, clock
from ..db import get_db
from ..domain.permissions import may_manage_own_passkeys
from ..modes import DEMO
from . import bp, challenges, invitations, limiter, passkeys
from .access import require
from .api import json_body, refuse, relying_party
from .views import vault_hint

RECENT = timedelta(minutes=5)


def invitation_limit():
    return current_app.config["RATE_LIMIT_INVITATIONS"]


def person_key() -> str:
    return "person:" + (current_user.id if current_user.is_authenticated else request.remote_addr or "")


def recently_verified() -> bool:
    """A fresh passkey verification in the last five minutes (the demo's sessions count)."""
    if session.kind == "demo" and current_app.extensions["outreach_mode"] == DEMO:
        return True
    stamp = session.get("verified_at")
    return bool(stamp) and clock.now() - clock.parse_stamp(stamp) < RECENT


def own_credential(credential_id: str) -> dict:
    """404 for a passkey that is not the signed-in person's own (or no longer usable)."""
    stored = passkeys.get_credential(get_db(), credential_id)
    if not passkeys.usable(stored) or stored["person_id"] != current_user.id:
        abort(404)
    return stored


@bp.get("/account/passkeys")
@require(may_manage_own_passkeys)
def own_passkeys():
    items = passkeys.credentials_of(get_db(), current_user.id)
    return render_template("auth/passkeys.html", passkeys=items, current_credential=session.credential_id,
                           recently_verified=recently_verified())


@bp.post("/account/passkeys/<credential_id>/rename")
@require(may_manage_own_passkeys)
def rename_passkey(credential_id: str):
    own_credential(credential_id)
    name = request.form.get("name", "").strip()
    if not name or len(name) > 80:
        items = passkeys.credentials_of(get_db(), current_user.id)
        return render_template("auth/passkeys.html", passkeys=items, current_credential=session.credential_id,
                               recently_verified=recently_verified(), rename_error=credential_id,
                               rename_value=name[:200]), 400
    passkeys.rename(get_db(), credential_id, name)
    audit.log("passkey.renamed", subject=("credential", credential_id))
    return redirect(url_for("auth.own_passkeys"), code=303)


@bp.post("/account/passkeys/<credential_id>/remove")
@require(may_manage_own_passkeys)
def remove_passkey(credential_id: str):
    own_credential(credential_id)
    db = get_db()
    last = len(passkeys.credentials_of(db, current_user.id)) == 1
    if last and request.form.get("confirm_last") != "yes":
        items = passkeys.credentials_of(db, current_user.id)
        return render_template("auth/passkeys.html", passkeys=items, current_credential=session.credential_id,
                               recently_verified=recently_verified(), confirm_last=credential_id), 409
    passkeys.remove(db, credential_id)
    audit.log("passkey.removed", subject=("credential", credential_id), details={"last": last})
    if credential_id == session.credential_id:
        logout_user()
        session.end("passkey_removed")
        return redirect(url_for("auth.sign_in"), code=303)
    return redirect(url_for("auth.own_passkeys"), code=303)


@bp.post("/account/reverify/options")
@require(may_manage_own_passkeys)
def reverify_options():
    db = get_db()
    _origin, rp = relying_party()
    challenge = challenges.issue(db, "reverify", session.id_hash(), current_app.config["CHALLENGE_MINUTES"],
                                 person_id=current_user.id)
    allow = [c["id"] for c in passkeys.credentials_of(db, current_user.id)]
    return jsonify(publicKey=passkeys.authentication_options(rp, challenge, allow))


@bp.post("/account/reverify/verify")
@require(may_manage_own_passkeys)
def reverify_verify():
    db = get_db()
    body = json_body()
    credential = body.get("credential") if body else None
    if not isinstance(credential, dict):
        return refuse("malformed")
    try:
        challenge = passkeys.client_challenge(credential)
        challenges.take(db, challenge, "reverify", session.id_hash())
        stored = passkeys.get_credential(db, str(credential.get("id", "")))
        if not passkeys.usable(stored) or stored["person_id"] != current_user.id:
            raise passkeys.PasskeyRefused("not_own_credential")
        origin, rp = relying_party()
        sign_count = passkeys.verify_sign_in(credential, stored, challenge, origin, rp)
    except (challenges.ChallengeRefused, passkeys.PasskeyRefused) as refused:
        audit.log("passkey.reverify_failed", details={"reason": refused.reason})
        return refuse("expired" if refused.reason == "expired" else "sign_in_failed")
    passkeys.record_use(db, stored["id"], sign_count, credential)
    session["verified_at"] = clock.stamp()
    audit.log("passkey.reverified", subject=("credential", stored["id"]))
    # The phone refreshes its vault too: a passkey removed since loses its wrapping there.
    return jsonify(ok=True, redirect=url_for("auth.own_passkeys"), **vault_hint(current_user))


def qr_data_uri(link: str) -> str:
    return segno.make(link, error="m").svg_data_uri(scale=6, border=2)


@bp.post("/account/passkeys/another-device")
@require(may_manage_own_passkeys)
@limiter.limit(invitation_limit, key_func=person_key)
def another_device_link():
    if not recently_verified():
        abort(403)
    minutes = current_app.config["ANOTHER_DEVICE_MINUTES"]
    token = invitations.create(get_db(), current_user.id, "another_device", timedelta(minutes=minutes),
                               created_by=current_user.id)
    link = current_app.config["PUBLIC_ORIGIN"].rstrip("/") + url_for("auth.invitation", token=token)
    audit.log("invitation.created", subject=("person", current_user.id), details={"purpose": "another_device"})
    return render_template("auth/link_created.html", link=link, qr=qr_data_uri(link),
                           title=_("Passkey on another device"), minutes=minutes)
