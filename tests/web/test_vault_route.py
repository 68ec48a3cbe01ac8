"""POST /sync/vault (issue 25): a device says how it protects its offline data and, right after a
passkey sign-in on that device, receives its recovery key and the passkeys still usable. Refused
with a reason (and an audit line) to anyone else: signed out, another device, a revoked one, a
session not freshly verified, a malformed body. The key never appears in a page or list."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from outreach import clock
from outreach.auth import devices
from outreach.db import get_db


def vault(browser, **body):
    return browser.post("/sync/vault", {"device_id": browser.device_id, "method": "prf", **body})


def audit_reasons(app, action):
    with app.app_context():
        return [row[0] for row in get_db().execute(
            "SELECT json_extract(details, '$.reason') FROM audit_log WHERE action = ? ORDER BY seq", [action])]


def test_right_after_sign_in_the_device_gets_its_recovery_key_and_its_method_is_recorded(app, registered_phone, jana):
    first = vault(registered_phone)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    key = base64.urlsafe_b64decode(first.json["recovery_key"] + "==")
    assert len(key) == 32
    with app.app_context():
        device = devices.get(get_db(), registered_phone.device_id)
        usable = [row[0] for row in get_db().execute("SELECT id FROM credential WHERE person_id = ?", [jana.id])]
    assert device["vault_method"] == "prf" and device["vault_set_at"]
    assert first.json["credentials"] == usable
    # The same key every time (the phone's wrapping stays valid); the method follows the phone.
    again = vault(registered_phone, method="pin")
    assert again.json["recovery_key"] == first.json["recovery_key"]
    with app.app_context():
        assert devices.get(get_db(), registered_phone.device_id)["vault_method"] == "pin"
    with app.app_context():
        released = get_db().execute("SELECT count(*) FROM audit_log WHERE action = 'vault.recovery_released'").fetchone()[0]
    assert released == 2


def test_a_session_not_freshly_verified_is_refused(app, registered_phone, monkeypatch):
    later = clock.now() + timedelta(minutes=6)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = vault(registered_phone)
    assert response.status_code == 403 and response.json["error"] == "not_fresh"
    assert "Passkey" in response.json["message"]
    assert audit_reasons(app, "vault.refused") == ["not_fresh"]


def test_another_device_id_than_the_sessions_is_refused(app, registered_phone):
    response = vault(registered_phone, device_id="device-9999999999999999")
    assert response.status_code == 403 and response.json["error"] == "device"
    assert audit_reasons(app, "vault.refused") == ["device"]


def test_a_revoked_device_is_refused(app, registered_phone, jana):
    with app.app_context():
        devices.revoke(get_db(), registered_phone.device_id, by=jana.id)
    registered_phone.page()
    response = vault(registered_phone)
    assert response.status_code == 401  # the revocation ended the session
    assert "recovery_key" not in (response.json or {})


def test_signed_out_is_401(app):
    client = app.test_client()
    token = client.get("/sync/token").json["token"]
    response = client.post("/sync/vault", json={"device_id": "device-0000000000000001", "method": "prf"},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 401 and response.json["error"] == "signed_out"


@pytest.mark.parametrize("body", [
    {"method": "password"}, {"method": None}, {"device_id": 17}, {"device_id": "../../etc"}, {"method": ["prf"]},
])
def test_malformed_bodies_are_refused_with_a_message(app, registered_phone, body):
    response = vault(registered_phone, **body)
    assert response.status_code in (400, 403)
    assert response.json["message"] and "recovery_key" not in response.json


def test_not_json_is_refused(app, registered_phone):
    response = registered_phone.client.post("/sync/vault", data="method=prf",
                                            headers={"X-CSRFToken": registered_phone.token})
    assert response.status_code in (400, 415)


def test_admins_see_each_devices_protection_but_never_its_key(app, registered_phone, centre):
    key = vault(registered_phone).json["recovery_key"]
    page = centre.admin.page("/admin/devices")
    assert "Passkey (Fingerabdruck oder Gesicht)" in page or "passkey (fingerprint or face)" in page
    assert key not in page
    raw = base64.urlsafe_b64decode(key + "==")
    assert raw.hex() not in page


def test_a_revoked_device_signed_in_once_more_to_send_may_open_its_vault(app, registered_phone, jana):
    with app.app_context():
        devices.revoke(get_db(), registered_phone.device_id, by=jana.id)
    registered_phone.page()
    signed_in = registered_phone.sign_in()
    assert signed_in.json["redirect"].endswith("/sync/send") and signed_in.json["vault"] is True
    registered_phone.page("/sync/send")
    assert vault(registered_phone).status_code == 200
    # …and nothing else: the send-only session reaches no page.
    assert registered_phone.client.get("/cases").status_code in (302, 303, 401, 403)
