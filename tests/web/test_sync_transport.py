"""The sync endpoint's transport contract: JSON only, never a redirect, device and session checks."""

from __future__ import annotations

import pytest

from outreach.auth import devices
from outreach.auth.people import disable
from outreach.db import get_db


@pytest.fixture
def phone(registered_phone):
    return registered_phone


def sync(browser, **body):
    return browser.post("/sync", {"device_id": browser.device_id, "mutations": [], **body})


def test_signed_in_device_reports_its_unsent_count(app, phone):
    response = sync(phone, unsent=3)
    assert response.status_code == 200 and response.json == {"results": []}
    with app.app_context():
        device = devices.get(get_db(), phone.device_id)
    assert device["last_unsent_count"] == 3 and device["last_contact_at"]


def test_revoked_device_gets_401_device_revoked(app, phone, jana):
    with app.app_context():
        devices.revoke(get_db(), phone.device_id, by=jana.id)
    assert sync(phone).json["error"] == "csrf"  # the session ended with the revocation
    phone.page()  # as the client does: fetch a fresh token, retry once
    response = sync(phone, unsent=2)
    assert response.status_code == 401 and response.json["error"] == "device_revoked"
    assert "Location" not in response.headers


def test_disabled_persons_device_gets_401_person_disabled(app, phone, jana):
    with app.app_context():
        disable(get_db(), jana.id)
    phone.page()
    response = sync(phone)
    assert response.status_code == 401 and response.json["error"] == "person_disabled"


def test_expired_session_gets_401_never_a_redirect(app, phone):
    with app.app_context():
        get_db().execute("UPDATE web_session SET ended_at = '2000-01-01T00:00:00.000000Z'")
    phone.page()  # a fresh anonymous session with its own CSRF token
    response = sync(phone)
    assert response.status_code == 401 and response.json["error"] == "signed_out"
    assert "Location" not in response.headers


def test_csrf_failure_has_its_own_code(app, phone):
    response = phone.client.post("/sync", json={"mutations": []})
    assert response.status_code == 403 and response.json["error"] == "csrf"


def test_json_only(app, phone):
    response = phone.client.post("/sync", data="mutations=1", headers={"X-CSRFToken": phone.token,
                                                                       "Content-Type": "text/plain"})
    assert response.status_code == 415 and response.json["error"] == "json_required"


def test_cross_site_requests_are_refused(app, phone):
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        response = phone.client.post("/sync", json={"mutations": []},
                                     headers={"X-CSRFToken": phone.token, **headers})
        assert response.status_code == 403 and response.json["error"] == "cross_origin"


def test_more_than_500_mutations_is_413_json(app, phone):
    response = sync(phone, mutations=[{"id": str(i), "kind": "x"} for i in range(501)])
    assert response.status_code == 413 and response.json["error"] == "batch_too_large"


def test_malformed_and_unknown_mutations_are_rejected_one_by_one(app, phone, jana):
    unknown = {"id": "mutation-0001", "kind": "no_such_kind", "entity_id": "entity-0001", "base_revision": None,
               "schema_version": 1, "payload": {}, "author": jana.id}
    response = sync(phone, mutations=["x", {"id": "mutation-0002", "kind": "x"}, unknown])
    assert response.status_code == 200
    assert response.json["results"] == [
        {"id": None, "status": "rejected", "reason": "malformed"},
        {"id": "mutation-0002", "status": "rejected", "reason": "malformed"},
        {"id": "mutation-0001", "status": "rejected", "reason": "unknown_kind"},
    ]


def test_another_devices_id_is_refused(app, phone):
    response = phone.post("/sync", {"device_id": "device-9999999999999999", "mutations": []})
    assert response.status_code == 403 and response.json["error"] == "device_mismatch"


@pytest.mark.parametrize("body", [[1], "x", {"mutations": "x"}])
def test_malformed_bodies(app, phone, body):
    response = phone.post("/sync", body)
    assert response.status_code == 400 and response.json["error"] == "malformed"
