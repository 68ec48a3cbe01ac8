"""A person's own passkeys: list, rename, remove (warned before the last), another device."""

from __future__ import annotations

from datetime import timedelta

import pytest

from outreach import clock
from outreach.auth import passkeys
from outreach.db import get_db
from tests.support.people import Browser, make_invitation, make_person
from tests.support.soft_authenticator import SoftAuthenticator


@pytest.fixture
def phone(registered_phone):
    registered_phone.page("/account/passkeys")
    return registered_phone


def own(app, person_id):
    with app.app_context():
        return passkeys.credentials_of(get_db(), person_id)


def form(browser, **data):
    return {"csrf_token": browser.token, **data}


def test_list_shows_name_dates_and_kind(phone):
    html = phone.page("/account/passkeys")
    assert "Testtelefon" in html and "diese Anmeldung" in html
    assert "an ein Gerät gebunden" in html and "Zuletzt benutzt" in html


def test_rename(app, phone, jana):
    credential_id = own(app, jana.id)[0]["id"]
    response = phone.client.post(f"/account/passkeys/{credential_id}/rename", data=form(phone, name="Diensthandy"))
    assert response.status_code == 303 and own(app, jana.id)[0]["name"] == "Diensthandy"


def test_rename_with_a_bad_name_keeps_what_was_typed(app, phone, jana):
    credential_id = own(app, jana.id)[0]["id"]
    response = phone.client.post(f"/account/passkeys/{credential_id}/rename", data=form(phone, name="x" * 81))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "1 bis 80 Zeichen" in html and 'value="' + "x" * 81 in html


def test_another_persons_passkey_is_not_found(app, phone):
    other = make_person(app, email="o@example.org", name="Other")
    laptop = Browser(app, SoftAuthenticator(), device_id="device-0000000000000009")
    laptop.register(make_invitation(app, other.id))
    foreign = own(app, other.id)[0]["id"]
    for action in ("rename", "remove"):
        response = phone.client.post(f"/account/passkeys/{foreign}/{action}", data=form(phone, name="mine"))
        assert response.status_code == 404
    assert own(app, other.id)[0]["name"] == "Testtelefon"


def test_removing_the_last_passkey_needs_confirmation(app, phone, jana):
    credential_id = own(app, jana.id)[0]["id"]
    response = phone.client.post(f"/account/passkeys/{credential_id}/remove", data=form(phone))
    assert response.status_code == 409
    assert "letzter Passkey" in response.get_data(as_text=True)
    assert len(own(app, jana.id)) == 1
    response = phone.client.post(f"/account/passkeys/{credential_id}/remove", data=form(phone, confirm_last="yes"))
    assert response.status_code == 303 and own(app, jana.id) == []
    assert not phone.signed_in()  # it was this session's passkey
    with app.app_context():
        kept = passkeys.get_credential(get_db(), credential_id)
    assert kept["removed_at"] and kept["public_key"]


def test_another_device_link_needs_a_recent_verification(app, phone, jana):
    response = phone.client.post("/account/passkeys/another-device", data=form(phone))
    assert response.status_code == 200 and "/invite/" in response.get_data(as_text=True)
    phone.page("/account/passkeys")
    with app.app_context():  # six minutes later
        get_db().execute("UPDATE web_session SET data = json_set(data, '$.verified_at', ?) WHERE ended_at IS NULL",
                         [clock.stamp(clock.now() - timedelta(minutes=6))])
    assert 'data-passkey="reverify"' in phone.page("/account/passkeys")  # (the vault sheet has its own)
    assert phone.client.post("/account/passkeys/another-device", data=form(phone)).status_code == 403
    # Confirm with the passkey (allowCredentials = own passkeys), then the link is offered again.
    options = phone.post("/account/reverify/options").json["publicKey"]
    assert [c["id"] for c in options["allowCredentials"]] == [own(app, jana.id)[0]["id"]]
    credential = phone.soft.get(options, origin="http://localhost")
    assert phone.post("/account/reverify/verify", {"credential": credential}).status_code == 200
    assert phone.client.post("/account/passkeys/another-device", data=form(phone)).status_code == 200


def test_another_device_link_registers_a_second_passkey_and_lasts_15_minutes(app, phone, jana):
    import re

    html = phone.client.post("/account/passkeys/another-device", data=form(phone)).get_data(as_text=True)
    token = re.search(r"/invite/([A-Za-z0-9_-]+)", html).group(1)
    assert 'src="data:image/svg+xml' in html  # the QR code
    with app.app_context():
        created, expires, purpose = get_db().execute(
            "SELECT created_at, expires_at, purpose FROM invitation ORDER BY created_at DESC").fetchone()
    assert purpose == "another_device"
    assert clock.parse_stamp(expires) - clock.parse_stamp(created) == timedelta(minutes=15)
    second = Browser(app, SoftAuthenticator(), device_id="device-0000000000000002")
    assert second.register(token).status_code == 200
    assert len(own(app, jana.id)) == 2


def test_reverify_with_another_persons_passkey_is_refused(app, phone, jana):
    other = make_person(app, email="o@example.org", name="Other")
    laptop = Browser(app, SoftAuthenticator(), device_id="device-0000000000000009")
    laptop.register(make_invitation(app, other.id))
    options = phone.post("/account/reverify/options").json["publicKey"]
    options["allowCredentials"] = []
    credential = laptop.soft.get(options, origin="http://localhost")
    assert phone.post("/account/reverify/verify", {"credential": credential}).status_code == 400


def test_pages_need_sign_in(app):
    client = app.test_client()
    response = client.get("/account/passkeys")
    assert response.status_code == 302 and response.headers["Location"].startswith("/signin?next=")
