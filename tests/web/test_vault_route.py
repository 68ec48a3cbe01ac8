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
from tests.support.people import Browser, make_invitation
from tests.support.soft_authenticator import SoftAuthenticator


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


def offer(seed: int) -> dict:
    """A wrapping as the phone sends it (the server only keeps it)."""
    raw = lambda size: base64.urlsafe_b64encode(bytes([seed]) * size).decode().rstrip("=")  # noqa: E731
    return {"salt": raw(32), "iv": raw(12), "wrapped": raw(48)}


def test_the_first_devices_data_key_is_kept_in_escrow_and_reaches_the_persons_next_device(app, registered_phone, jana):
    first = vault(registered_phone).json["escrow"]
    assert len(base64.urlsafe_b64decode(first["key"] + "=")) == 32 and first["wrapping"] is None
    kept = vault(registered_phone, escrow=offer(1)).json["escrow"]
    assert kept == {"key": first["key"], "wrapping": offer(1)}
    # Another offer (a device that was slower) changes nothing: the first device's key is the person's.
    assert vault(registered_phone, escrow=offer(2)).json["escrow"]["wrapping"] == offer(1)
    # Jana's second phone, after its own passkey sign-in, receives the same escrow.
    second = Browser(app, SoftAuthenticator(), device_id="device-0000000000000002")
    assert second.register(make_invitation(app, jana.id)).status_code == 200
    second.page()
    assert second.device_id != registered_phone.device_id
    assert vault(second).json["escrow"] == kept
    with app.app_context():
        actions = [row[0] for row in get_db().execute(
            "SELECT action FROM audit_log WHERE action LIKE 'vault.escrow%' ORDER BY seq")]
    assert actions == ["vault.escrow_set"]


def test_another_persons_escrow_is_never_given(app, registered_phone, centre):
    vault(registered_phone, escrow=offer(3))
    other = Browser(app, SoftAuthenticator(), device_id="device-0000000000000003")
    with app.app_context():
        lukas = get_db().execute("SELECT id FROM person WHERE email = 'worker@example.org'").fetchone()[0]
    assert other.register(make_invitation(app, lukas)).status_code == 200
    other.page()
    theirs = vault(other).json["escrow"]
    assert theirs["wrapping"] is None and theirs["key"] != vault(registered_phone).json["escrow"]["key"]


@pytest.mark.parametrize("bad", [
    "text", [], {}, {**offer(4), "salt": offer(4)["salt"][:-2]}, {**offer(4), "iv": "!" * 16},
    {**offer(4), "extra": "x"}, {"salt": 1, "iv": 2, "wrapped": 3}, {**offer(4), "wrapped": "A" * 200},
])
def test_a_malformed_escrow_offer_is_refused_and_nothing_is_kept(app, registered_phone, bad):
    response = vault(registered_phone, escrow=bad)
    assert response.status_code == 400 and response.json["error"] == "malformed" and response.json["message"]
    assert vault(registered_phone).json["escrow"]["wrapping"] is None


def test_the_send_only_sign_in_of_a_revoked_device_gets_no_escrow(app, registered_phone, jana):
    vault(registered_phone, escrow=offer(5))
    with app.app_context():
        devices.revoke(get_db(), registered_phone.device_id, by=jana.id)
    registered_phone.page()
    registered_phone.sign_in()
    registered_phone.page("/sync/send")
    answer = vault(registered_phone)
    assert answer.status_code == 200 and "escrow" not in answer.json and answer.json["recovery_key"]


def test_admins_never_see_the_escrow(app, registered_phone, centre):
    escrow = vault(registered_phone, escrow=offer(6)).json["escrow"]
    page = centre.admin.page("/admin/devices")
    for value in (escrow["key"], offer(6)["wrapped"]):
        assert value not in page
