"""Passkey sign-in with real signed responses from a software authenticator — one test per refusal.

Nothing here mocks py_webauthn: every refusal is the real verification saying no.
"""

from __future__ import annotations

import json

import pytest

from outreach import clock
from outreach.auth import passkeys
from outreach.auth.people import disable
from outreach.db import get_db
from tests.support.people import Browser, make_invitation, make_person
from tests.support.soft_authenticator import SoftAuthenticator


@pytest.fixture
def phone(registered_phone):
    """Jana's phone, registered through her invitation and then signed out."""
    registered_phone.sign_out()
    return registered_phone


def audit_events(app, action):
    with app.app_context():
        return [dict(row, details=json.loads(row["details"]))
                for row in get_db().query("SELECT * FROM audit_log WHERE action = ? ORDER BY seq", [action])]


def signed_in_as(browser) -> bool:
    return browser.signed_in()


def test_sign_in_succeeds_with_user_verification(app, phone, jana):
    response = phone.sign_in()
    assert response.status_code == 200 and response.json["ok"] is True
    assert signed_in_as(phone)
    event = audit_events(app, "sign_in.succeeded")[-1]
    assert event["actor_id"] == jana.id and event["ip"] == "127.0.0.1" and event["user_agent"]


def test_sign_in_stores_counter_and_last_use(app, phone, jana):
    phone.sign_in()
    with app.app_context():
        stored = passkeys.credentials_of(get_db(), jana.id)[0]
    assert stored["sign_count"] == phone.soft.credentials[0].sign_count == 1
    assert stored["last_used_at"] is not None


def refused(app, response, reason):
    assert response.status_code == 400, response.json
    assert response.json["message"]
    assert audit_events(app, "sign_in.failed")[-1]["details"]["reason"] == reason


def test_expired_challenge_is_refused(app, phone, monkeypatch):
    options = phone.sign_in_options()
    later = clock.now() + clock.timedelta(minutes=6)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = phone.sign_in(options=options)
    refused(app, response, "expired")
    assert response.json["error"] == "expired"


def test_reused_challenge_is_refused(app, phone):
    options = phone.sign_in_options()
    assert phone.sign_in(options=options).status_code == 200
    phone.sign_out()
    refused(app, phone.sign_in(options=options), "used")


def test_replayed_assertion_is_refused(app, phone):
    credential = phone.soft.get(phone.sign_in_options(), origin="http://localhost")
    assert phone.send_assertion(credential).status_code == 200
    phone.sign_out()
    refused(app, phone.send_assertion(credential), "used")


def test_challenge_from_another_session_is_refused(app, phone):
    other = Browser(app, phone.soft)
    options = other.sign_in_options()  # issued to another browser session
    refused(app, phone.sign_in(options=options), "other_session")


def test_wrong_origin_is_refused(app, phone):
    refused(app, phone.sign_in(origin="https://evil.example"), "invalid_assertion")


def test_wrong_rp_id_is_refused(app, phone):
    refused(app, phone.sign_in(rp_id="evil.example"), "invalid_assertion")


def test_user_verification_false_is_refused(app, phone):
    refused(app, phone.sign_in(user_verified=False), "invalid_assertion")


def test_unknown_credential_is_refused(app, phone, tmp_path):
    """A passkey registered with another Outreach server (same rp id) is unknown here."""
    from outreach import create_app
    from tests.conftest import make_test_config

    (tmp_path / "other").mkdir()
    other_app = create_app(make_test_config(tmp_path / "other"))
    elsewhere = Browser(other_app, SoftAuthenticator())
    elsewhere.register(make_invitation(other_app, make_person(other_app).id))
    stranger = Browser(app, elsewhere.soft)
    refused(app, stranger.sign_in(), "unknown_credential")


def test_another_persons_user_handle_is_refused(app, phone, jana):
    """A valid signature, but the response claims to be someone else."""
    from tests.support.soft_authenticator import b64url_encode

    mallory = make_person(app, email="m@example.org", name="Mallory")
    credential = phone.soft.get(phone.sign_in_options(), origin="http://localhost")
    credential["response"]["userHandle"] = b64url_encode(mallory.user_handle)
    refused(app, phone.send_assertion(credential), "wrong_user_handle")


def test_another_persons_credential_cannot_act_for_you(app, phone, jana):
    """Mallory's own valid passkey signs in Mallory, never Jana."""
    mallory = make_person(app, email="m@example.org", name="Mallory")
    laptop = Browser(app, SoftAuthenticator(), device_id="device-0000000000000002")
    laptop.register(make_invitation(app, mallory.id))
    laptop.sign_out()
    assert laptop.sign_in().status_code == 200
    assert audit_events(app, "sign_in.succeeded")[-1]["actor_id"] == mallory.id


def test_disabled_person_is_refused_and_their_sessions_end(app, phone, jana):
    assert phone.sign_in().status_code == 200
    with app.app_context():
        disable(get_db(), jana.id)
    assert not signed_in_as(phone)
    refused(app, phone.sign_in(), "person_disabled")
    assert phone.sign_in().json["error"] == "person_disabled"


def test_revoked_passkey_is_refused_and_its_sessions_end(app, phone, jana):
    assert phone.sign_in().status_code == 200
    with app.app_context():
        credential_id = passkeys.credentials_of(get_db(), jana.id)[0]["id"]
        passkeys.remove(get_db(), credential_id, revoked_by=jana.id)
        kept = passkeys.get_credential(get_db(), credential_id)
    assert kept["public_key"] and kept["revoked_at"]  # kept for verifying what it signed
    assert not signed_in_as(phone)
    refused(app, phone.sign_in(), "revoked_credential")


def test_revoked_device_is_refused_and_its_sessions_end(app, phone, jana):
    from outreach.auth import devices

    assert phone.sign_in().status_code == 200
    with app.app_context():
        devices.revoke(get_db(), phone.device_id, by=jana.id)
    assert not signed_in_as(phone)
    # The device's own person may sign in once more, only to send what waits there ...
    response = phone.sign_in()
    assert response.status_code == 200 and response.json["redirect"] == "/sync/send"
    assert not signed_in_as(phone)  # ... and reaches nothing else
    assert phone.client.get("/account/passkeys").status_code == 302
    assert phone.client.get("/sync/send").status_code == 200
    # Anyone else is refused on that device.
    other = make_person(app, email="o@example.org", name="Other")
    stranger = Browser(app, SoftAuthenticator(), device_id="device-0000000000000077")
    stranger.register(make_invitation(app, other.id))
    stranger.sign_out()
    stranger.device_id = phone.device_id
    response = stranger.sign_in()
    refused(app, response, "device_revoked")
    assert response.json["error"] == "device_revoked"


def test_counter_regression_is_refused_and_logged_as_possible_clone(app, phone):
    assert phone.sign_in().status_code == 200
    phone.sign_out()
    assert phone.sign_in().status_code == 200  # the stored counter is now 2
    phone.sign_out()
    refused(app, phone.sign_in(sign_count=2), "counter_regression")
    assert audit_events(app, "sign_in.possible_clone")


def test_counter_zero_on_both_sides_is_accepted(app, jana):
    """Synced passkeys report 0 every time: not a regression."""
    browser = Browser(app, SoftAuthenticator())
    browser.register(make_invitation(app, jana.id))
    browser.sign_out()
    assert browser.sign_in(sign_count=0).status_code == 200
    browser.sign_out()
    assert browser.sign_in(sign_count=0).status_code == 200


def test_malformed_requests_get_a_clear_answer(app, phone):
    for body in ({}, {"credential": "nonsense"}, {"credential": {"id": "x"}},
                 {"credential": {"id": "x", "response": {"clientDataJSON": "!!"}}}):
        response = phone.post("/signin/verify", body)
        assert response.status_code == 400 and response.json["message"], body
    response = phone.client.post("/signin/verify", data="not json", headers={"X-CSRFToken": phone.token,
                                                                             "Content-Type": "application/json"})
    assert response.status_code == 400


def test_sign_in_without_csrf_token_is_refused(app, phone):
    response = phone.client.post("/signin/options", json={})
    assert response.status_code == 403 and response.json["error"] == "csrf"
