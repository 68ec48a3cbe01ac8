"""Sign-in with a discoverable passkey, sign-out, and registration from a one-time link."""

from __future__ import annotations

import sqlite3

from flask import (
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from webauthn.helpers import base64url_to_bytes

from .. import audit, clock
from ..db import get_db, write
from ..redirects import safe_next
from . import bp, challenges, devices, invitations, leaving, limiter, passkeys
from .api import json_body, refuse, relying_party
from .people import activate, get_person
from .sessions import prune

REASON_FOR_PERSON = {"expired": "expired", "device_revoked": "device_revoked", "person_disabled": "person_disabled",
                     "malformed": "malformed"}


def sign_in_limit():
    return current_app.config["RATE_LIMIT_SIGN_IN"]


def per_credential_limit():
    return current_app.config["RATE_LIMIT_SIGN_IN_PER_CREDENTIAL"]


def credential_key() -> str:
    body = json_body() or {}
    credential = body.get("credential") if isinstance(body.get("credential"), dict) else {}
    return "credential:" + str(credential.get("id", ""))[:200]


def registration_limit():
    return current_app.config["RATE_LIMIT_REGISTRATION"]


@bp.get("/signin")
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("shell.index"))
    from .demo_views import demo_people

    return render_template("auth/sign_in.html", next=safe_next(request.args.get("next")),
                           signed_out=request.args.get("signed_out") == "1", demo_people=demo_people())


@bp.post("/signin/options")
@limiter.limit(sign_in_limit)
def sign_in_options():
    _origin, rp = relying_party()
    challenge = challenges.issue(get_db(), "sign_in", session.id_hash(), current_app.config["CHALLENGE_MINUTES"])
    return jsonify(publicKey=passkeys.authentication_options(rp, challenge))


@bp.post("/signin/verify")
@limiter.limit(sign_in_limit)
@limiter.limit(per_credential_limit, key_func=credential_key)
def sign_in_verify():
    db = get_db()
    body = json_body()
    credential = body.get("credential") if body else None
    if not isinstance(credential, dict):
        return refuse("malformed")
    credential_id = str(credential.get("id", ""))[:200]
    person = None
    try:
        challenge = passkeys.client_challenge(credential)
        challenges.take(db, challenge, "sign_in", session.id_hash())
        stored = passkeys.get_credential(db, credential_id)
        if stored is None:
            raise passkeys.PasskeyRefused("unknown_credential")
        person = get_person(db, stored["person_id"])
        if not passkeys.usable(stored):
            raise passkeys.PasskeyRefused("revoked_credential")
        response = credential.get("response")
        handle = response.get("userHandle") if isinstance(response, dict) else None
        if not isinstance(handle, str) or _bytes_or_none(handle) != person.user_handle:
            raise passkeys.PasskeyRefused("wrong_user_handle")
        origin, rp = relying_party()
        sign_count = passkeys.verify_sign_in(credential, stored, challenge, origin, rp)
        if not person.is_active:
            raise passkeys.PasskeyRefused("person_disabled")
        send_only = False
        try:
            device_id = devices.register_contact(db, body.get("device_id"), person.id, request.user_agent.string)
        except devices.DeviceRefused as refused:
            # A revoked device: its outbox's author may sign in once more, only to send it.
            if refused.reason != "device_revoked" or not devices.may_send_only(db, body.get("device_id"), person.id):
                raise
            device_id, send_only = body.get("device_id"), True
    except (challenges.ChallengeRefused, passkeys.PasskeyRefused, devices.DeviceRefused) as refused:
        audit.log("sign_in.failed", actor_id=person.id if person else None, subject=("credential", credential_id),
                  details={"reason": refused.reason})
        if refused.reason == "counter_regression":
            audit.log("sign_in.possible_clone", actor_id=person.id, subject=("credential", credential_id))
        return refuse(REASON_FOR_PERSON.get(refused.reason, "sign_in_failed"))
    passkeys.record_use(db, credential_id, sign_count, credential)
    prune(db)
    login_user(person)
    session["verified_at"] = clock.stamp()
    session.start("passkey", person.id, credential_id, device_id)
    if send_only:
        session["send_only"] = True
        audit.log("sign_in.send_only", actor_id=person.id, subject=("device", device_id))
        return jsonify(ok=True, redirect=url_for("sync.send_only"), **vault_hint(person))
    audit.log("sign_in.succeeded", actor_id=person.id, subject=("credential", credential_id),
              details={"device": device_id})
    return jsonify(ok=True, redirect=safe_next(body.get("next")), **vault_hint(person))


@bp.post("/signout")
def sign_out():
    if current_user.is_authenticated:
        audit.log("sign_out", subject=("session", session.kind))
        leaving.device_left(get_db(), session.device_id, "signed_out")
    logout_user()
    session.end("signed_out")
    response = redirect(url_for("auth.sign_in", signed_out="1"), code=303)
    # Only the HTTP cache: other people's outboxes, the device id and the worker survive.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


def _open_invitation(token: str):
    try:
        return invitations.find(get_db(), token), None
    except invitations.InvitationRefused as refused:
        return None, refused.reason


@bp.get("/invite/<token>")
@limiter.limit(registration_limit)
def invitation(token: str):
    found, reason = _open_invitation(token)
    if found is None:
        status = 404 if reason == "unknown" else 410
        return render_template("auth/invitation_invalid.html", reason=reason), status
    person = get_person(get_db(), found["person_id"])
    return render_template("auth/register.html", person=person, invitation=found, token=token)


@bp.post("/invite/<token>/options")
@limiter.limit(registration_limit)
def invitation_options(token: str):
    db = get_db()
    found, reason = _open_invitation(token)
    if found is None:
        return refuse(f"invitation_{reason}", 404 if reason == "unknown" else 410)
    person = get_person(db, found["person_id"])
    if person.status == "disabled":
        return refuse("person_disabled", 403)
    _origin, rp = relying_party()
    challenge = challenges.issue(db, "register", session.id_hash(), current_app.config["CHALLENGE_MINUTES"],
                                 person_id=person.id, invitation_id=found["id"])
    # Every passkey the person ever had, revoked ones too: an authenticator still holding one (a lost
    # phone found again) must not re-enrol silently; deleting the old passkey on it comes first.
    exclude = [c["id"] for c in passkeys.credentials_of(db, person.id, usable_only=False)]
    return jsonify(publicKey=passkeys.registration_options(rp, person, challenge, exclude))


@bp.post("/invite/<token>/verify")
@limiter.limit(registration_limit)
def invitation_verify(token: str):
    db = get_db()
    body = json_body()
    credential = body.get("credential") if body else None
    if not isinstance(credential, dict):
        return refuse("malformed")
    found, reason = _open_invitation(token)
    if found is None:
        audit.log("passkey.registration_refused", subject=("invitation", token[:8]), details={"reason": reason})
        return refuse(f"invitation_{reason}", 404 if reason == "unknown" else 410)
    person = get_person(db, found["person_id"])
    try:
        challenge = passkeys.client_challenge(credential)
        row = challenges.take(db, challenge, "register", session.id_hash())
        if row["invitation_id"] != found["id"]:
            raise challenges.ChallengeRefused("other_invitation")
        if person.status == "disabled":
            raise passkeys.PasskeyRefused("person_disabled")
        origin, rp = relying_party()
        verified = passkeys.verify_registration(credential, challenge, origin, rp)
        transports = credential.get("response", {}).get("transports") or []
        name = str(body.get("name") or "").strip() or _default_name(request.user_agent)
        with write(db):
            credential_id = passkeys.store_credential(db, person.id, verified, name, [str(t) for t in transports][:8])
            invitations.consume(db, found["id"], credential_id)
            activate(db, person.id)
            device_id = devices.register_contact(db, body.get("device_id"), person.id, request.user_agent.string)
    except sqlite3.IntegrityError:
        return refuse("already_registered", 409)
    except invitations.InvitationRefused:
        return refuse("invitation_used", 410)
    except (challenges.ChallengeRefused, passkeys.PasskeyRefused, devices.DeviceRefused) as refused:
        audit.log("passkey.registration_refused", actor_id=person.id, subject=("invitation", found["id"]),
                  details={"reason": refused.reason})
        return refuse(REASON_FOR_PERSON.get(refused.reason, "registration_failed"))
    audit.log("passkey.registered", actor_id=person.id, subject=("credential", credential_id),
              details={"invitation": found["id"], "purpose": found["purpose"], "device": device_id})
    login_user(get_person(db, person.id))
    session["verified_at"] = clock.stamp()
    session.start("passkey", person.id, credential_id, device_id)
    return jsonify(ok=True, redirect=url_for("auth.own_passkeys"), **vault_hint(person))


def vault_hint(person) -> dict:
    """Whom the page opens the phone's vault for (issue 25): those who keep cases offline."""
    return {"person": person.id, "vault": person.has("worker") or person.has("supervisor")}


def _bytes_or_none(text: str) -> bytes | None:
    try:
        return base64url_to_bytes(text)
    except ValueError:
        return None


def _default_name(user_agent) -> str:
    platform = (user_agent.platform or "").capitalize()
    browser = (user_agent.browser or "").capitalize()
    return " · ".join(part for part in (platform, browser) if part) or "Passkey"
