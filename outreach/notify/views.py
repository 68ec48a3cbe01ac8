"""A person's notification settings and their devices' Web Push subscriptions (thin views)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, for_you
from ..auth.access import require
from ..auth.api import json_body
from ..clock import berlin_today
from ..db import get_db
from ..domain.notify import MODES, valid_hour
from ..domain.permissions import may_manage_own_passkeys
from ..forms import Form
from ..i18n import current_locale
from . import bp, channels, planner, store

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
KEY_TEXT = re.compile(r"^[A-Za-z0-9_-]{16,200}={0,2}$")  # base64url keys of a subscription
MAX_ENDPOINT = 1000
# The push services of the browsers (Chrome/Edge/Samsung: FCM; Firefox: Mozilla; Safari: Apple;
# Windows: WNS). The server posts to a subscription's endpoint, so any other address is refused:
# a signed-in person cannot make the server call a host of their choosing (docs/security.md).
PUSH_SERVICES = ("fcm.googleapis.com", "android.googleapis.com", "updates.push.services.mozilla.com",
                 "push.services.mozilla.com", "web.push.apple.com", "notify.windows.com")


def known_push_service(endpoint: str) -> bool:
    host = (urlsplit(endpoint).hostname or "").lower()
    return urlsplit(endpoint).scheme == "https" and any(host == name or host.endswith("." + name)
                                                        for name in PUSH_SERVICES)


def _page(form: Form | None = None, status: int = 200):
    db = get_db()
    row = store.settings_of(db, current_user.id)
    if form is None:
        prefs = store.preferences(row)
        form = Form({"email_on": "1" if prefs.email_on else "", "email_address": row["email_address"] if row
                     else current_user.email, "email_mode": prefs.email_mode, "digest_hour": str(prefs.digest_hour),
                     "quiet_from": "" if prefs.quiet_from is None else str(prefs.quiet_from),
                     "quiet_to": "" if prefs.quiet_to is None else str(prefs.quiet_to),
                     **{f"kind_{kind}": mode for kind, mode in prefs.kinds.items()}})
    return render_template("notify/settings.html", form=form, kinds=for_you.kinds_for(current_user.roles),
                           subscriptions=store.subscriptions_of(db, current_user.id),
                           this_device=session.device_id, mail_ready=channels.mail_configured(current_app.config),
                           push_key=channels.application_server_key(current_app.config)
                           if channels.push_configured(current_app.config) else ""), status


@bp.get("/account/notifications")
@require(may_manage_own_passkeys)
def settings():
    return _page()


@bp.post("/account/notifications")
@require(may_manage_own_passkeys)
def save_settings():
    db = get_db()
    form = Form(request.form)
    email_on = form.flag("email_on")
    address = form.text("email_address", required=email_on, max_length=254,
                        missing=_("Please enter the address for the messages."))
    if address and not EMAIL.match(address):
        form.errors["email_address"] = _("This is not an e-mail address.")
    mode = form.choice("email_mode", ("instant", "digest")) or "digest"
    digest_hour = valid_hour(form.raw("digest_hour"))
    if digest_hour is None:
        form.errors["digest_hour"] = _("Please choose one of the options.")
    quiet = {name: valid_hour(form.raw(name)) for name in ("quiet_from", "quiet_to")}
    for name in quiet:
        if form.raw(name).strip() and quiet[name] is None:
            form.errors[name] = _("Please choose one of the options.")
    if (quiet["quiet_from"] is None) != (quiet["quiet_to"] is None):
        form.errors["quiet_to"] = _("Quiet hours need a start and an end.")
    kinds = {}
    for kind in for_you.kinds_for(current_user.roles):
        chosen = form.choice(f"kind_{kind.code}", MODES, required=False)
        if chosen:
            kinds[kind.code] = chosen
    if not form.ok:
        return _page(form, 400)
    before = store.settings_of(db, current_user.id)
    store.save_settings(db, current_user.id, email_on=email_on, email_address=address, email_mode=mode,
                        digest_hour=digest_hour, quiet_from=quiet["quiet_from"], quiet_to=quiet["quiet_to"],
                        kinds=kinds, language=current_locale())
    if email_on and not (before and before["email_on"]):
        _baseline(db)
    audit.log("notify.settings_saved", subject=("person", current_user.id),
              details={"email": email_on, "mode": mode, "kinds": sorted(kinds)})  # never the address
    flash(_("Your notification settings are saved."))
    return redirect(url_for("notify.settings"), code=303)


def _baseline(db) -> None:
    """What waits now is already known: the first message tells only of what comes after."""
    planner.baseline(db, current_user.id, for_you.entries(db, current_user.actor, berlin_today()))


@bp.post("/account/push-subscriptions")
@require(may_manage_own_passkeys)
def subscribe():
    """The browser's PushSubscription (JSON: endpoint, keys.p256dh, keys.auth) for this device."""
    body = json_body()
    subscription = body.get("subscription") if isinstance(body, dict) else None
    keys = subscription.get("keys") if isinstance(subscription, dict) else None
    endpoint = subscription.get("endpoint") if isinstance(subscription, dict) else None
    if not (isinstance(endpoint, str) and len(endpoint) <= MAX_ENDPOINT and known_push_service(endpoint)
            and isinstance(keys, dict) and all(isinstance(keys.get(k), str) and KEY_TEXT.match(keys[k])
                                               for k in ("p256dh", "auth"))):
        return jsonify(error="malformed", message=_("The browser sent a subscription the app cannot use.")), 400
    if not channels.push_configured(current_app.config):
        return jsonify(error="push_off", message=_("Push messages are not set up on this server.")), 409
    db = get_db()
    if store.settings_of(db, current_user.id) is None:  # the digest needs an hour: the defaults
        store.save_settings(db, current_user.id, email_on=False, email_address=current_user.email,
                            email_mode="digest", digest_hour=7, quiet_from=None, quiet_to=None, kinds={},
                            language=current_locale())
    had_channel = db.execute("SELECT 1 FROM push_subscription WHERE person_id = ?", [current_user.id]).fetchone()
    subscription_id = store.subscribe(db, current_user.id, session.device_id, endpoint, keys["p256dh"], keys["auth"])
    if not had_channel:
        _baseline(db)
    audit.log("notify.push_subscribed", subject=("device", session.device_id or ""))
    return jsonify(ok=True, id=subscription_id)


@bp.post("/account/push-subscriptions/remove")
@require(may_manage_own_passkeys)
def unsubscribe():
    """From the settings page (a subscription's id) or from the browser (its endpoint)."""
    body = json_body() if request.is_json else None
    if request.is_json and body is None:
        return jsonify(error="malformed", message=_("The browser sent something we could not read.")), 400
    endpoint = body.get("endpoint") if isinstance(body, dict) else None
    subscription_id = request.form.get("subscription_id") if body is None else None
    removed = store.unsubscribe(get_db(), current_user.id, subscription_id=subscription_id,
                                endpoint=endpoint if isinstance(endpoint, str) else None)
    audit.log("notify.push_unsubscribed", details={"removed": removed})
    if body is not None:
        return jsonify(ok=True, removed=removed)
    flash(_("Push messages to that device are switched off.") if removed else _("That device gets no push messages."))
    return redirect(url_for("notify.settings"), code=303)
