"""One-time links: opening only shows a page; a registration consumes the link exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from outreach import clock
from outreach.auth import invitations, passkeys
from outreach.db import get_db
from tests.support.people import Browser, make_invitation
from tests.support.soft_authenticator import (
    ExcludedCredential,
    SoftAuthenticator,
    b64url_encode,
)


def credential_count(app, person_id) -> int:
    with app.app_context():
        return len(passkeys.credentials_of(get_db(), person_id))


def test_token_has_at_least_128_random_bits_and_only_its_hash_is_stored(app, jana):
    token = make_invitation(app, jana.id)
    assert len(token) >= 43  # 32 random bytes, base64url
    with app.app_context():
        stored = get_db().execute("SELECT token_hash FROM invitation").fetchone()[0]
    assert token not in stored and stored == invitations.digest(token)


def test_opening_the_link_only_shows_a_page_and_never_consumes_it(app, jana):
    token = make_invitation(app, jana.id)
    client = app.test_client()
    for _ in range(3):  # e.g. a messenger's link preview, then the person
        page = client.get(f"/invite/{token}")
        assert page.status_code == 200 and "Hallo Jana Becker" in page.get_data(as_text=True)
    assert Browser(app, SoftAuthenticator()).register(token).status_code == 200


def test_registration_activates_the_person_and_signs_them_in(app, jana):
    browser = Browser(app, SoftAuthenticator())
    response = browser.register(make_invitation(app, jana.id))
    assert response.status_code == 200 and response.json["redirect"] == "/account/passkeys"
    assert browser.signed_in()
    with app.app_context():
        row = get_db().execute("SELECT status FROM person WHERE id = ?", [jana.id]).fetchone()
        credential = passkeys.credentials_of(get_db(), jana.id)[0]
    assert row[0] == "active"
    assert credential["name"] == "Testtelefon"


def test_registration_requires_user_verification_and_a_discoverable_credential(app, jana):
    browser = Browser(app, SoftAuthenticator())
    options = browser.post(f"/invite/{make_invitation(app, jana.id)}/options").json["publicKey"]
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["user"]["name"] == "jana@example.org"


def test_registration_without_user_verification_is_refused(app, jana):
    token = make_invitation(app, jana.id)
    browser = Browser(app, SoftAuthenticator())
    response = browser.register(token, user_verified=False)
    assert response.status_code == 400 and credential_count(app, jana.id) == 0
    assert browser.register(token).status_code == 200  # the link still works afterwards


def test_registration_from_a_wrong_origin_is_refused(app, jana):
    browser = Browser(app, SoftAuthenticator())
    assert browser.register(make_invitation(app, jana.id), origin="https://evil.example").status_code == 400
    assert credential_count(app, jana.id) == 0


def test_used_invitation_is_refused(app, jana):
    token = make_invitation(app, jana.id)
    assert Browser(app, SoftAuthenticator()).register(token).status_code == 200
    second = Browser(app, SoftAuthenticator(), device_id="device-0000000000000002")
    assert second.client.get(f"/invite/{token}").status_code == 410
    assert second.post(f"/invite/{token}/options").status_code == 410
    assert credential_count(app, jana.id) == 1


def test_two_registrations_racing_for_one_link_only_one_wins(app, jana):
    token = make_invitation(app, jana.id)
    first = Browser(app, SoftAuthenticator())
    second = Browser(app, SoftAuthenticator(), device_id="device-0000000000000002")
    options_1 = first.post(f"/invite/{token}/options").json["publicKey"]
    options_2 = second.post(f"/invite/{token}/options").json["publicKey"]
    credential_1 = first.soft.create(options_1, origin="http://localhost")
    credential_2 = second.soft.create(options_2, origin="http://localhost")
    ok = first.post(f"/invite/{token}/verify", {"credential": credential_1, "device_id": first.device_id})
    late = second.post(f"/invite/{token}/verify", {"credential": credential_2, "device_id": second.device_id})
    assert ok.status_code == 200 and late.status_code == 410
    assert credential_count(app, jana.id) == 1


def test_expired_invitation_is_refused(app, jana):
    token = make_invitation(app, jana.id, lifetime=timedelta(hours=72))
    browser = Browser(app, SoftAuthenticator())
    options = browser.post(f"/invite/{token}/options").json["publicKey"]
    credential = browser.soft.create(options, origin="http://localhost")
    with app.app_context():  # 72 hours pass for the link (not for the browser's session)
        get_db().execute("UPDATE invitation SET expires_at = ?", [clock.stamp(clock.now() - timedelta(seconds=1))])
    assert browser.client.get(f"/invite/{token}").status_code == 410
    response = browser.post(f"/invite/{token}/verify", {"credential": credential, "device_id": browser.device_id})
    assert response.status_code == 410 and response.json["error"] == "invitation_expired"
    assert credential_count(app, jana.id) == 0


def test_invitation_lifetime_is_72_hours_by_default(app, jana):
    make_invitation(app, jana.id, lifetime=timedelta(hours=app.config["INVITATION_HOURS"]))
    with app.app_context():
        created, expires = get_db().execute("SELECT created_at, expires_at FROM invitation").fetchone()
    assert clock.parse_stamp(expires) - clock.parse_stamp(created) == timedelta(hours=72)


def test_unknown_link_is_a_404_with_advice(app):
    response = app.test_client().get("/invite/" + "x" * 43)
    assert response.status_code == 404
    assert "vollständig geöffnet" in response.get_data(as_text=True)


def test_exclude_credentials_names_existing_passkeys(app, jana):
    soft = SoftAuthenticator()
    Browser(app, soft).register(make_invitation(app, jana.id))
    again = Browser(app, soft)
    options = again.post(f"/invite/{make_invitation(app, jana.id, 'another_device')}/options").json["publicKey"]
    assert [c["id"] for c in options["excludeCredentials"]] == [b64url_encode(soft.credentials[0].credential_id)]
    with pytest.raises(ExcludedCredential):
        again.soft.create(options, origin="http://localhost")


def test_disabled_person_cannot_use_an_invitation(app, jana):
    from outreach.auth.people import disable

    token = make_invitation(app, jana.id)
    with app.app_context():
        disable(get_db(), jana.id)
    response = Browser(app, SoftAuthenticator()).post(f"/invite/{token}/options")
    assert response.status_code == 403 and response.json["error"] == "person_disabled"


def test_registration_events_are_audited(app, jana):
    Browser(app, SoftAuthenticator()).register(make_invitation(app, jana.id))
    with app.app_context():
        actions = [r[0] for r in get_db().execute("SELECT action FROM audit_log")]
    assert "passkey.registered" in actions
