"""Rate limits on sign-in (per IP and per passkey), registration and invitations."""

from __future__ import annotations

from outreach import create_app
from tests.conftest import make_test_config
from tests.support.people import Browser, make_invitation, make_person
from tests.support.soft_authenticator import SoftAuthenticator


def test_sign_in_is_limited_per_client_ip(tmp_path):
    app = create_app(make_test_config(tmp_path, RATE_LIMIT_SIGN_IN="3 per minute"))
    browser = Browser(app, SoftAuthenticator())
    statuses = [browser.post("/signin/options").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = browser.post("/signin/options")
    assert response.json["error"] == "too_many_requests" and "Zu viele Versuche" in response.json["message"]
    # Another client IP (another office) is not affected.
    other = browser.client.post("/signin/options", json={}, headers={"X-CSRFToken": browser.token},
                                environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200


def test_sign_in_is_limited_per_passkey(tmp_path):
    app = create_app(make_test_config(tmp_path, RATE_LIMIT_SIGN_IN_PER_CREDENTIAL="2 per minute"))
    person = make_person(app)
    browser = Browser(app, SoftAuthenticator())
    browser.register(make_invitation(app, person.id))
    statuses = []
    for _ in range(3):
        browser.sign_out()
        statuses.append(browser.sign_in().status_code)
    assert statuses == [200, 200, 429]


def test_office_nat_allows_thirty_colleagues_signing_in_at_once(tmp_path):
    app = create_app(make_test_config(tmp_path))
    browser = Browser(app, SoftAuthenticator())
    assert all(browser.post("/signin/options").status_code == 200 for _ in range(60))


def test_invitation_pages_are_limited(tmp_path):
    app = create_app(make_test_config(tmp_path, RATE_LIMIT_REGISTRATION="2 per minute"))
    client = app.test_client()
    statuses = [client.get("/invite/" + "x" * 43).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]


def test_trusted_proxy_header_decides_the_client_ip(tmp_path):
    app = create_app(make_test_config(tmp_path, RATE_LIMIT_SIGN_IN="1 per minute", TRUSTED_PROXIES=1))
    browser = Browser(app, SoftAuthenticator())
    first = browser.client.post("/signin/options", json={}, headers={"X-CSRFToken": browser.token,
                                                                     "X-Forwarded-For": "198.51.100.1"})
    second = browser.client.post("/signin/options", json={}, headers={"X-CSRFToken": browser.token,
                                                                      "X-Forwarded-For": "198.51.100.2"})
    assert first.status_code == 200 and second.status_code == 200
