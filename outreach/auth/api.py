"""Small helpers for the JSON endpoints of the passkey flows."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from ..config import rp_id


def json_body() -> dict | None:
    body = request.get_json(silent=True) if request.is_json else None
    return body if isinstance(body, dict) else None


def relying_party() -> tuple[str, str]:
    """(expected origin, rp id), both from configuration, never from the request."""
    origin = current_app.config["PUBLIC_ORIGIN"].rstrip("/")
    return origin, rp_id(current_app.config)


def refusal_messages() -> dict[str, str]:
    return {
        "malformed": _("The browser sent something we could not read. Please try again."),
        "expired": _("That took too long. Please start again."),
        "device_revoked": _("This device has been blocked. Please contact your administrator."),
        "person_disabled": _("Your access is disabled. Please contact your administrator."),
        "invitation_used": _("This link has already been used. Ask for a new one."),
        "invitation_expired": _("This link has expired. Ask for a new one."),
        "invitation_unknown": _("This link is not valid. Check that you opened it completely, or ask for a new one."),
        "already_registered": _("This passkey is already registered."),
        "sign_in_failed": _("Sign-in did not work. Please try again, or use another passkey."),
        "registration_failed": _("The passkey could not be set up. Please try again."),
        "approval_failed": _("The approval did not work: the note may have changed, or another passkey was used. "
                             "Reload the page and try again."),
        "not_submitted": _("This note is not waiting for approval (any more)."),
    }


def refuse(code: str, status: int = 400):
    messages = refusal_messages()
    return jsonify(error=code, message=messages.get(code, messages["sign_in_failed"])), status
