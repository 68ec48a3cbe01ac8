"""Demo mode: "sign in as" an invented person, only in the demo app over a marked database."""

from __future__ import annotations

import re

import pytest

from outreach import create_app
from outreach.cli import create_demo_database
from outreach.db import get_db
from tests.conftest import make_test_config


@pytest.fixture
def demo_app(tmp_path):
    path = str(tmp_path / "demo.sqlite3")
    create_demo_database(path)
    return create_app(demo=True, settings={"DATABASE": path, "PUBLIC_ORIGIN": "http://localhost:5000",
                                           "EVIDENCE_KEY": "d" * 40, "SECRET_KEY": "s" * 40})


def person_id(app, email):
    with app.app_context():
        return get_db().execute("SELECT id FROM person WHERE email = ?", [email]).fetchone()[0]


def sign_in_as(client, app, email):
    html = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    return client.post("/demo/sign-in-as", data={"csrf_token": token, "person_id": person_id(app, email),
                                                 "device_id": "demo-device-000000000001"})


def test_demo_seeds_people_of_every_role(demo_app):
    with demo_app.app_context():
        roles = {r[0] for r in get_db().execute("SELECT DISTINCT role FROM person_role")}
        orgs = {r[0] for r in get_db().execute("SELECT kind FROM organisation")}
    assert roles == {"worker", "supervisor", "admin", "partner"}
    assert {"centre", "housing_company", "city"} <= orgs


def test_sign_in_page_lists_demo_people(demo_app):
    html = demo_app.test_client().get("/signin").get_data(as_text=True)
    assert "Demo: anmelden als" in html and "Jana Becker" in html and "Thomas Neumann" in html


def test_sign_in_as_creates_a_demo_session(demo_app):
    client = demo_app.test_client()
    response = sign_in_as(client, demo_app, "jana.becker@caritas-demo.de")
    assert response.status_code == 303
    assert "Abmelden" in client.get("/").get_data(as_text=True)
    with demo_app.app_context():
        kinds = [r[0] for r in get_db().execute("SELECT kind FROM web_session WHERE ended_at IS NULL")]
        audit = [r[0] for r in get_db().execute("SELECT action FROM audit_log")]
    assert "demo" in kinds and "sign_in.demo" in audit


def test_demo_person_may_add_a_passkey_without_prior_verification(demo_app):
    client = demo_app.test_client()
    sign_in_as(client, demo_app, "andreas.richter@caritas-demo.de")
    html = client.get("/account/passkeys").get_data(as_text=True)
    assert "Link erstellen" in html and 'data-passkey="reverify"' not in html


def test_sign_in_as_does_not_exist_outside_the_demo(app, client, csrf_token):
    assert "Demo: anmelden als" not in client.get("/signin").get_data(as_text=True)
    response = client.post("/demo/sign-in-as", data={"csrf_token": csrf_token, "person_id": "anyone"})
    assert response.status_code == 404


def test_a_demo_session_is_worthless_outside_the_demo_app(demo_app, tmp_path):
    client = demo_app.test_client()
    sign_in_as(client, demo_app, "katrin.vogel@caritas-demo.de")
    token = client.get_cookie("outreach_session").value
    # The same database and cookie, but an app not built by `outreach demo`.
    other = create_app(make_test_config(tmp_path, DATABASE=demo_app.config["DATABASE_PATH"]))
    stranger = other.test_client()
    stranger.set_cookie("outreach_session", token)
    assert "Abmelden" not in stranger.get("/").get_data(as_text=True)
    assert stranger.get("/admin/people").status_code == 302


def test_demo_refuses_a_disabled_person(demo_app):
    from outreach.auth.people import disable

    with demo_app.app_context():
        disable(get_db(), person_id(demo_app, "selin.kaya@caritas-demo.de"))
    response = sign_in_as(demo_app.test_client(), demo_app, "selin.kaya@caritas-demo.de")
    assert response.status_code == 404
