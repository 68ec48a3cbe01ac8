"""People sign in with passkeys only: sessions, sign-in, invitations, own passkeys, demo."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager

from ..db import get_db, get_meta

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
# What a send-only session (a revoked device's last sign-in) may reach: the page that sends, and sync.
# (the vault: a revoked phone opens its outbox once more to send it, issue 25)
SEND_ONLY_ENDPOINTS = {"sync.send_only", "sync.sync", "sync.sync_token", "sync.discard", "sync.vault"}
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@login_manager.user_loader
def load_person(person_id: str):
    """Checked on every request: a live session row of a signing kind, an active person, an
    unrevoked passkey and device; demo sessions only in the demo app on a marked database."""
    from ..modes import DEMO, DEMO_MARKER
    from . import devices, passkeys
    from .people import get_person

    if session.kind not in ("passkey", "demo") or session.person_id != person_id:
        return None
    db = get_db()
    if session.kind == "demo" and not (
        current_app.extensions["outreach_mode"] == DEMO and get_meta(db, DEMO_MARKER) is not None
    ):
        return None
    person = get_person(db, person_id)
    if person is None or not person.is_active:
        return None
    if session.kind == "passkey" and not passkeys.usable(passkeys.get_credential(db, session.credential_id or "")):
        return None
    if session.device_id:
        device = devices.get(db, session.device_id)
        if device is None:
            return None
        g.session_device = device  # read once per request: /sync needs it again
        if device["revoked_at"] and not (session.get("send_only") and request.endpoint in SEND_ONLY_ENDPOINTS):
            return None
    elif session.get("send_only"):
        return None
    if session.get("send_only") and request.endpoint not in SEND_ONLY_ENDPOINTS:
        return None
    return person


def init_app(app: Flask) -> None:
    from .sessions import ServerSessionInterface

    app.session_interface = ServerSessionInterface()
    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are server-side and bound; phones change IPs
    login_manager.login_view = "auth.sign_in"
    limiter.init_app(app)

    @app.before_request
    def remember_device():
        g.device_id = session.device_id or ""

    from . import account_views, demo_views, retention, views  # noqa: F401  (routes register on bp; retention its pruner)

    app.register_blueprint(bp)
