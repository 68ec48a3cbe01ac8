"""Server-side sessions: opaque cookie, rotated at sign-in, revocable, idle and absolute timeouts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from outreach import clock, create_app
from outreach.auth.sessions import token_hash
from outreach.db import get_db
from tests.conftest import make_test_config

COOKIE = "outreach_session"


@pytest.fixture
def phone(registered_phone):
    """Jana's phone, registered through her invitation and then signed out."""
    registered_phone.sign_out()
    return registered_phone


def cookie(browser) -> str:
    return browser.client.get_cookie(COOKIE).value


def session_row(app, token):
    with app.app_context():
        rows = list(get_db().query("SELECT * FROM web_session WHERE id_hash = ?", [token_hash(token)]))
    return rows[0] if rows else None


def test_cookie_is_random_and_the_database_keeps_only_its_hash(app, phone):
    phone.sign_in()
    token = cookie(phone)
    assert len(token) >= 43
    with app.app_context():
        stored = [r[0] for r in get_db().execute("SELECT id_hash FROM web_session")]
    assert token not in stored and token_hash(token) in stored


def test_session_is_rotated_at_sign_in_and_bound_to_passkey_and_device(app, phone, jana):
    before = cookie(phone)
    phone.sign_in()
    after = cookie(phone)
    assert before != after
    assert before.startswith("a.") and session_row(app, before) is None  # before sign-in: no row
    row = session_row(app, after)
    assert row["kind"] == "passkey" and row["person_id"] == jana.id
    assert row["credential_id"] and row["device_id"] == phone.device_id


def test_sign_out_ends_the_session_on_the_server(app, phone):
    phone.sign_in()
    token = cookie(phone)
    response = phone.client.post("/signout", data={"csrf_token": phone.token})
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert session_row(app, token)["ended_reason"] == "signed_out"
    replay = app.test_client()
    replay.set_cookie(COOKIE, token)  # a copied cookie is worthless after sign-out
    assert "Abmelden" not in replay.get("/").get_data(as_text=True)


def test_no_remember_me_cookie(app, phone):
    phone.sign_in()
    names = {c.key for c in phone.client._cookies.values()}
    assert names <= {COOKIE}


def test_idle_timeout_ends_the_session(app, phone):
    phone.sign_in()
    assert phone.signed_in()
    with app.app_context():
        get_db().execute("UPDATE web_session SET last_seen_at = ?",
                         [clock.stamp(clock.now() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"]))])
    assert not phone.signed_in()


def test_activity_keeps_the_session_alive(app, phone):
    phone.sign_in()
    with app.app_context():
        get_db().execute("UPDATE web_session SET last_seen_at = ?",
                         [clock.stamp(clock.now() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] - 1))])
    assert phone.signed_in()  # this request counts as activity
    with app.app_context():
        seen = get_db().execute("SELECT max(last_seen_at) FROM web_session WHERE kind='passkey'").fetchone()[0]
    assert clock.now() - clock.parse_stamp(seen) < timedelta(minutes=1)


def test_absolute_lifetime_ends_the_session(app, phone):
    phone.sign_in()
    with app.app_context():
        created, expires = get_db().execute(
            "SELECT created_at, expires_at FROM web_session WHERE kind = 'passkey' AND ended_at IS NULL").fetchone()
        assert clock.parse_stamp(expires) - clock.parse_stamp(created) == timedelta(hours=12)
        get_db().execute("UPDATE web_session SET expires_at = ?", [clock.stamp(clock.now())])
    assert not phone.signed_in()


def test_timeouts_are_configurable(tmp_path):
    app = create_app(make_test_config(tmp_path, SESSION_IDLE_MINUTES=5, SESSION_ABSOLUTE_HOURS=1))
    assert app.config["SESSION_IDLE_MINUTES"] == 5 and app.config["SESSION_ABSOLUTE_HOURS"] == 1


def test_anonymous_page_views_write_no_session_rows(app):
    with app.app_context():
        before = get_db().execute("SELECT count(*) FROM web_session").fetchone()[0]
    for _ in range(20):
        fresh = app.test_client()  # a scanner without cookies
        assert fresh.get("/").status_code == 200 and fresh.get("/signin").status_code == 200
        assert fresh.get_cookie(COOKIE).value.startswith("a.")
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM web_session").fetchone()[0] == before


def test_a_tampered_anonymous_cookie_is_a_fresh_session(app):
    client = app.test_client()
    client.get("/")
    value = client.get_cookie(COOKIE).value
    client.set_cookie(COOKIE, value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1])
    response = client.get("/")
    assert response.status_code == 200 and client.get_cookie(COOKIE).value != value


def test_a_signed_in_session_is_rotated_again_after_sign_out_and_in(app, phone):
    phone.sign_in()
    first = cookie(phone)
    phone.sign_out()
    phone.sign_in()
    assert cookie(phone) != first and session_row(app, first)["ended_reason"] == "signed_out"


def test_anonymous_visitors_without_forms_get_no_session(app):
    client = app.test_client()
    client.get("/offline")
    assert client.get_cookie(COOKIE) is None


def test_expired_session_answers_json_clients_with_401(app, phone):
    phone.sign_in()
    with app.app_context():
        get_db().execute("UPDATE web_session SET ended_at = ?, ended_reason = 'test'", [clock.stamp()])
    response = phone.client.get("/account/passkeys", headers={"Accept": "application/json"})
    assert response.status_code == 401 and response.json["error"] == "signed_out"
    assert phone.client.get("/account/passkeys").status_code == 302


def test_a_forged_or_oversized_cookie_is_ignored(app):
    client = app.test_client()
    for value in ("x", "y" * 3000):
        client.set_cookie(COOKIE, value)
        assert client.get("/").status_code == 200


def test_the_csrf_token_from_before_sign_in_does_not_carry_over(app, phone):
    before = phone.token
    phone.sign_in()
    assert phone.token != before
    response = phone.client.post("/language", data={"lang": "en", "csrf_token": before})
    assert response.status_code == 403
