"""Separation of duties, tried as a new admin would (issue 23): the admin gives herself the
supervisor and worker roles and a team to read a visit note — nothing takes effect until a second
administrator confirms; the one who asked and the one it is for cannot confirm; a grant applied
onto a changed person is refused; a single administrator is told, and the server confirms."""

from __future__ import annotations

import pytest

from outreach.admin import grants
from outreach.auth.people import get_person, person_by_email
from outreach.db import get_db
from tests.web.test_admin_access import audit_events, submit


@pytest.fixture
def second_admin(sign_in_as):
    return sign_in_as("admin", email="berta@example.org", name="Berta Zweit")


def pending(app, person_id=None):
    with app.app_context():
        return grants.pending(get_db(), person_id)


def person(app, person_id):
    with app.app_context():
        return get_person(get_db(), person_id)


def test_an_admin_cannot_make_herself_supervisor_of_a_team_alone(app, admin, second_admin, team):
    me = admin.person.id
    assert submit(admin, f"/admin/people/{me}/roles", {"roles": ["admin", "supervisor", "worker"]}).status_code == 303
    assert submit(admin, f"/admin/people/{me}/team", {"team_id": team}).status_code == 303
    assert person(app, me).roles == {"admin"} and person(app, me).team_id is None
    assert admin.client.get("/cases").status_code == 403  # no case content without a confirmed role
    roles, team_grant = sorted(pending(app, me), key=lambda g: g["kind"])
    for grant in (roles, team_grant):  # the one who asked cannot confirm, whoever it is for
        response = submit(admin, f"/admin/grants/{grant['id']}/confirm")
        assert response.status_code == 409 and "zweite" in response.get_data(as_text=True).lower()
    assert audit_events(app, "grant.refused_decision")[-1]["details"] == {"reason": "own_grant"}
    assert 'data-for-you="grant_waiting"' in second_admin.page("/for-you")
    assert 'data-for-you="grant_waiting"' not in admin.page("/for-you")
    assert submit(second_admin, f"/admin/grants/{roles['id']}/refuse").status_code == 303
    assert submit(second_admin, f"/admin/grants/{team_grant['id']}/confirm").status_code == 303
    assert person(app, me).roles == {"admin"} and person(app, me).team_id == team
    assert [e["action"] for e in audit_events(app, "grant.refused")] == ["grant.refused"]


def test_the_person_a_grant_is_for_cannot_confirm_it(app, admin, second_admin, tom):
    assert submit(second_admin, f"/admin/people/{admin.person.id}/roles",
                  {"roles": ["admin", "supervisor"]}).status_code == 303
    [grant] = pending(app, admin.person.id)
    assert submit(admin, f"/admin/grants/{grant['id']}/confirm").status_code == 409
    assert person(app, admin.person.id).roles == {"admin"}
    # The one who asked may withdraw it; then it is gone for everyone.
    assert submit(second_admin, f"/admin/grants/{grant['id']}/withdraw").status_code == 303
    assert pending(app) == []
    assert submit(tom, f"/admin/grants/{grant['id']}/confirm").status_code == 403
    assert submit(second_admin, "/admin/grants/nope/confirm").status_code == 404
    assert submit(second_admin, f"/admin/grants/{grant['id']}/approve").status_code == 404


def test_a_grant_onto_a_changed_person_is_refused(app, admin, second_admin, tom):
    assert submit(admin, f"/admin/people/{tom.person.id}/roles", {"roles": ["worker", "supervisor"]}).status_code == 303
    [grant] = pending(app, tom.person.id)
    with app.app_context():
        from outreach.auth.people import set_roles

        set_roles(get_db(), tom.person.id, {"worker", "admin"}, None)  # changed meanwhile (e.g. on the server)
    response = submit(second_admin, f"/admin/grants/{grant['id']}/confirm")
    assert response.status_code == 409 and person(app, tom.person.id).roles == {"worker", "admin"}
    assert submit(admin, f"/admin/people/{tom.person.id}/roles",
                  {"roles": ["worker", "supervisor"]}).status_code == 409  # one waits already


def test_an_invited_supervisor_starts_with_no_role_until_a_second_admin_confirms(app, admin, second_admin, team):
    response = submit(admin, "/admin/people", {"email": "sina@example.org", "display_name": "Sina Neu",
                                               "roles": ["supervisor"], "team_id": team})
    assert response.status_code == 200 and "data-one-time-link" in response.get_data(as_text=True)
    with app.app_context():
        sina = person_by_email(get_db(), "sina@example.org")
    assert sina.roles == frozenset() and sina.team_id is None
    assert {g["kind"] for g in pending(app, sina.id)} == {"roles", "team"}
    for grant in pending(app, sina.id):
        assert submit(second_admin, f"/admin/grants/{grant['id']}/confirm").status_code == 303
    assert person(app, sina.id).roles == {"supervisor"} and person(app, sina.id).team_id == team


def test_a_single_admin_is_told_and_the_server_confirms(app, admin, tom, tmp_path, monkeypatch):
    html = admin.page("/admin/people")
    assert 'id="single-admin"' in html and "outreach grants confirm" in html
    assert submit(admin, f"/admin/people/{tom.person.id}/roles", {"roles": ["worker", "supervisor"]}).status_code == 303
    [grant] = pending(app, tom.person.id)
    assert 'id="grants-waiting"' in admin.page("/admin/people")
    assert 'data-grant="' in admin.page("/admin/grants")

    from click.testing import CliRunner

    from outreach.cli import main

    for name, value in {"SECRET_KEY": "s" * 40, "PUBLIC_ORIGIN": "https://outreach.example.org",
                        "EVIDENCE_KEY": app.config["EVIDENCE_KEY"]}.items():
        monkeypatch.setenv(f"OUTREACH_{name}", value)
    runner, database = CliRunner(), app.config["DATABASE_PATH"]
    listed = runner.invoke(main, ["grants", "--db", database])
    assert listed.exit_code == 0 and grant["id"] in listed.output and "1 grant(s) waiting." in listed.output
    assert runner.invoke(main, ["grants", "confirm", "--db", database]).exit_code == 2
    done = runner.invoke(main, ["grants", "confirm", grant["id"], "--db", database])
    assert done.exit_code == 0, done.output
    assert person(app, tom.person.id).roles == {"worker", "supervisor"}
    assert audit_events(app, "grant.confirmed")[-1]["actor_id"] == "cli"
    assert runner.invoke(main, ["grants", "confirm", grant["id"], "--db", database]).exit_code == 2


def test_with_two_admins_nobody_is_told_there_is_one(admin, second_admin):
    assert 'id="single-admin"' not in admin.page("/admin/people")
