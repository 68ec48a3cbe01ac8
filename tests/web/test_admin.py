"""The admin area's effects: people, invitations, roles, teams, disabling, passkeys, devices,
organisations. Each change is checked in the database and in the audit log.

New strings are English until translated, and the default language is German: assertions look
at status codes, rows, audit events, element ids and the values kept in the form.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from outreach import clock, create_app
from outreach.admin import grants
from outreach.auth import devices, invitations, passkeys
from outreach.auth.people import get_person, person_by_email
from outreach.db import get_db
from tests.conftest import make_test_config
from tests.support.people import Browser
from tests.support.soft_authenticator import SoftAuthenticator
from tests.web.test_admin_access import (
    audit_events,
    credential_of,
    one_time_token,
    submit,
)


@pytest.fixture
def second_admin(sign_in_as):
    return sign_in_as("admin", email="berta@example.org", name="Berta Zweit")


def person_row(app, person_id):
    with app.app_context():
        return get_person(get_db(), person_id)


def invite(admin, **fields):
    data = {"email": "lena@example.org", "display_name": "Lena Schulz", "roles": ["worker"], **fields}
    return submit(admin, "/admin/people", data)


# ---- people and invitations ----------------------------------------------------------------

def test_people_list_shows_name_email_roles_team_organisation_and_status(app, admin, tom, sign_in_as):
    partner = sign_in_as("partner", name="Paula Partner")
    html = admin.client.get("/admin/people").get_data(as_text=True)
    for person in (admin.person, tom.person, partner.person):
        assert f'data-person-id="{person.id}"' in html and person.display_name in html and person.email in html
    assert "Wohnbau Süd GmbH" in html  # the partner's organisation
    assert "admin-status-active" in html


def test_invitation_creates_the_person_and_a_single_use_link(app, admin, team, partner_org):
    response = invite(admin, team_id=team)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    token = one_time_token(html)
    assert 'class="qr"' in html and "data:image/svg+xml" in html

    with app.app_context():
        lena = person_by_email(get_db(), "lena@example.org")
        invitation = invitations.find(get_db(), token)
    # The team waits for a second administrator (separation of duties); the role does not.
    assert lena.status == "invited" and lena.roles == {"worker"} and lena.team_id is None
    with app.app_context():
        [grant] = grants.pending(get_db(), lena.id)
    assert grant["kind"] == "team" and grant["after"] == team and grant["requested_by"] == admin.person.id
    assert invitation["purpose"] == "invite" and invitation["created_by"] == admin.person.id
    lifetime = clock.parse_stamp(invitation["expires_at"]) - clock.parse_stamp(invitation["created_at"])
    assert lifetime == timedelta(hours=app.config["INVITATION_HOURS"])
    assert audit_events(app, "person.invited")[-1]["subject_id"] == lena.id
    created = audit_events(app, "invitation.created")[-1]
    assert created["actor_id"] == admin.person.id and created["details"] == {"purpose": "invite"}

    # Shown once: the token is not kept anywhere the admin can see it again.
    assert token not in admin.client.get(f"/admin/people/{lena.id}").get_data(as_text=True)

    phone = Browser(app, SoftAuthenticator(), device_id="device-lena-000000000001")
    assert phone.client.get(f"/invite/{token}").status_code == 200
    assert phone.register(token).status_code == 200
    assert person_row(app, lena.id).status == "active"
    assert phone.client.get(f"/invite/{token}").status_code == 410
    assert Browser(app, SoftAuthenticator()).client.get(f"/invite/{token}").status_code == 410


def test_a_partner_is_invited_with_their_organisation(app, admin, partner_org):
    assert invite(admin, roles=["partner"], organisation_id=partner_org).status_code == 200
    with app.app_context():
        paula = person_by_email(get_db(), "lena@example.org")
    assert paula.roles == {"partner"} and paula.organisation_id == partner_org


BAD_INVITATIONS = {
    "missing email": ({"email": ""}, "email"),
    "implausible email": ({"email": "lena.example.org"}, "email"),
    "email without domain dot": ({"email": "lena@localhost"}, "email"),
    "missing name": ({"display_name": "   "}, "display_name"),
    "10 000-character name": ({"display_name": "L" * 10_000}, "display_name"),
    "no role": ({"roles": []}, "roles"),
    "unknown role": ({"roles": ["worker", "boss"]}, "roles"),
    "partner without organisation": ({"roles": ["partner"]}, "roles"),
    "partner plus worker": ({"roles": ["partner", "worker"], "organisation_id": "ORG"}, "roles"),
    "unknown organisation": ({"roles": ["partner"], "organisation_id": "nope"}, "organisation_id"),
    "unknown team": ({"team_id": "nope"}, "team_id"),
    "partner in a team": ({"roles": ["partner"], "organisation_id": "ORG", "team_id": "TEAM"}, "team_id"),
}


@pytest.mark.parametrize("change,field", BAD_INVITATIONS.values(), ids=BAD_INVITATIONS.keys())
def test_bad_invitation_is_refused_and_the_form_keeps_what_was_typed(app, admin, partner_org, team, change, field):
    change = {k: partner_org if v == "ORG" else team if v == "TEAM" else v for k, v in change.items()}
    fields = {"email": "lena@example.org", "display_name": "Lena Schulz", "roles": ["worker"], **change}
    people_before = len(admin.client.get("/admin/people").get_data(as_text=True).split("data-person-id=")) - 1

    response = submit(admin, "/admin/people", fields)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="invite-{field}-error"' in html and 'role="alert"' in html
    assert f'value="{fields["email"]}"' in html and f'value="{fields["display_name"].strip()}"' in html
    for role in fields["roles"]:
        if role != "boss":
            assert f'value="{role}" checked' in html
    assert len(html.split("data-person-id=")) - 1 == people_before  # nobody was created
    assert "data-one-time-link" not in html
    assert audit_events(app, "invitation.created") == []


def test_duplicate_email_is_refused_whatever_its_case(app, admin, tom):
    response = invite(admin, email="TOM@example.org", display_name="Tom Zwei")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="invite-email-error"' in html and 'value="TOM@example.org"' in html and 'value="Tom Zwei"' in html


def test_invitation_and_recovery_links_are_rate_limited(tmp_path):
    limited = create_app(make_test_config(tmp_path, RATE_LIMIT_INVITATIONS="2 per hour"))
    from tests.support.people import make_invitation, make_person

    ada = make_person(limited, "ada@example.org", "Ada", ("admin",), status="active")
    browser = Browser(limited, SoftAuthenticator())
    browser.register(make_invitation(limited, ada.id))
    statuses = [invite(browser, email=f"p{n}@example.org").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    statuses = [submit(browser, f"/admin/people/{ada.id}/recovery").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


# ---- one person's page ---------------------------------------------------------------------

def test_person_page_shows_passkeys_and_devices(app, admin, tom):
    html = admin.client.get(f"/admin/people/{tom.person.id}").get_data(as_text=True)
    assert f'data-passkey-id="{credential_of(app, tom.person.id)}"' in html
    assert f'data-device-id="{tom.device_id}"' in html
    assert "Testtelefon" in html


def test_unknown_ids_answer_404(app, admin, tom):
    other_credential = credential_of(app, admin.person.id)
    assert admin.client.get("/admin/people/nobody").status_code == 404
    for url in ("/admin/people/nobody/roles", "/admin/people/nobody/team", "/admin/people/nobody/disable",
                "/admin/people/nobody/enable", "/admin/people/nobody/recovery",
                f"/admin/people/{tom.person.id}/passkeys/nope/revoke",
                f"/admin/people/{tom.person.id}/passkeys/{other_credential}/revoke",  # not Tom's
                "/admin/devices/device-nobody-00000001/revoke"):
        assert submit(admin, url, {"roles": ["worker"]}).status_code == 404, url
    assert admin.client.get("/admin/audit/verifications/999999").status_code == 404
    assert admin.client.get("/admin/audit/verifications/abc").status_code == 404


def test_changing_roles_is_audited_with_before_and_after(app, admin, second_admin, tom, partner_org):
    response = submit(admin, f"/admin/people/{tom.person.id}/roles", {"roles": ["worker", "supervisor"]})
    assert response.status_code == 303 and response.headers["Location"] == f"/admin/people/{tom.person.id}"
    assert person_row(app, tom.person.id).roles == {"worker"}  # the supervisor role waits for a second admin
    requested = audit_events(app, "grant.requested")[-1]
    assert requested["actor_id"] == admin.person.id and requested["subject_id"] == tom.person.id
    with app.app_context():
        [grant] = grants.pending(get_db(), tom.person.id)
    assert submit(second_admin, f"/admin/grants/{grant['id']}/confirm").status_code == 303
    assert person_row(app, tom.person.id).roles == {"worker", "supervisor"}
    event = audit_events(app, "grant.confirmed")[-1]
    assert event["actor_id"] == second_admin.person.id and event["subject_id"] == tom.person.id
    assert event["details"]["before"] == {"roles": ["worker"], "organisation": None}
    assert event["details"]["after"] == {"roles": ["supervisor", "worker"], "organisation": None}
    # The change holds at Tom's next request: supervisors still have no admin area.
    assert tom.client.get("/admin/people").status_code == 403


def test_bad_role_change_is_refused_and_keeps_the_choice(app, admin, tom):
    response = submit(admin, f"/admin/people/{tom.person.id}/roles", {"roles": ["partner", "supervisor"]})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="roles-roles-error"' in html
    assert 'value="partner" checked' in html and 'value="supervisor" checked' in html
    assert person_row(app, tom.person.id).roles == {"worker"}
    assert audit_events(app, "person.roles_changed") == []


def test_changing_the_team_is_audited(app, admin, second_admin, tom, team):
    assert submit(admin, f"/admin/people/{tom.person.id}/team", {"team_id": team}).status_code == 303
    assert person_row(app, tom.person.id).team_id is None  # joining a team waits for a second admin
    with app.app_context():
        [grant] = grants.pending(get_db(), tom.person.id)
    assert submit(second_admin, f"/admin/grants/{grant['id']}/confirm").status_code == 303
    assert person_row(app, tom.person.id).team_id == team
    assert submit(admin, f"/admin/people/{tom.person.id}/team", {"team_id": ""}).status_code == 303
    assert person_row(app, tom.person.id).team_id is None  # leaving one takes effect at once
    assert [e["details"] for e in audit_events(app, "person.team_changed")] == [{"before": team, "after": None}]
    assert submit(admin, f"/admin/people/{tom.person.id}/team", {"team_id": "nope"}).status_code == 400


def test_an_admin_cannot_remove_their_own_admin_role(app, admin):
    response = submit(admin, f"/admin/people/{admin.person.id}/roles", {"roles": ["supervisor"]})
    assert response.status_code == 400
    assert 'id="roles-roles-error"' in response.get_data(as_text=True)
    assert person_row(app, admin.person.id).roles == {"admin"}
    assert admin.client.get("/admin/people").status_code == 200
    # Adding a role to oneself waits for a second administrator.
    both = {"roles": ["admin", "supervisor"]}
    assert submit(admin, f"/admin/people/{admin.person.id}/roles", both).status_code == 303
    assert person_row(app, admin.person.id).roles == {"admin"}


def test_an_admin_cannot_disable_themselves(app, admin):
    response = submit(admin, f"/admin/people/{admin.person.id}/disable")
    assert response.status_code == 400
    assert 'id="status-error"' in response.get_data(as_text=True)
    assert person_row(app, admin.person.id).status == "active"
    assert admin.signed_in()
    assert audit_events(app, "person.disabled") == []


def test_an_admin_cannot_revoke_their_own_last_passkey(app, admin):
    credential = credential_of(app, admin.person.id)
    response = submit(admin, f"/admin/people/{admin.person.id}/passkeys/{credential}/revoke")
    assert response.status_code == 400 and 'id="passkey-error"' in response.get_data(as_text=True)
    assert admin.signed_in()


def test_disabling_ends_their_sessions_and_enabling_lets_them_back(app, admin, tom):
    assert tom.signed_in()
    assert submit(admin, f"/admin/people/{tom.person.id}/disable").status_code == 303
    assert person_row(app, tom.person.id).status == "disabled"
    assert not tom.signed_in()
    assert tom.sign_in().json["error"] == "person_disabled"
    assert audit_events(app, "person.disabled")[-1]["subject_id"] == tom.person.id

    assert submit(admin, f"/admin/people/{tom.person.id}/enable").status_code == 303
    assert person_row(app, tom.person.id).status == "active"
    assert audit_events(app, "person.enabled")[-1]["subject_id"] == tom.person.id
    assert tom.sign_in().status_code == 200 and tom.signed_in()


def test_revoking_a_passkey_ends_its_sessions_and_refuses_its_next_sign_in(app, admin, tom):
    credential = credential_of(app, tom.person.id)
    assert tom.signed_in()
    response = submit(admin, f"/admin/people/{tom.person.id}/passkeys/{credential}/revoke")
    assert response.status_code == 303
    assert not tom.signed_in()
    with app.app_context():
        kept = passkeys.get_credential(get_db(), credential)
    assert kept["revoked_at"] and kept["revoked_by"] == admin.person.id and kept["public_key"]
    event = audit_events(app, "passkey.revoked")[-1]
    assert event["subject_id"] == credential and event["actor_id"] == admin.person.id

    response = tom.sign_in()
    assert response.status_code == 400
    assert audit_events(app, "sign_in.failed")[-1]["details"]["reason"] == "revoked_credential"
    html = admin.client.get(f"/admin/people/{tom.person.id}").get_data(as_text=True)
    assert f'/passkeys/{credential}/revoke' not in html  # no second revoke button


def test_recovery_link_lasts_24_hours_and_registers_a_new_passkey(app, admin, tom, monkeypatch):
    response = submit(admin, f"/admin/people/{tom.person.id}/recovery")
    assert response.status_code == 200
    token = one_time_token(response.get_data(as_text=True))
    with app.app_context():
        invitation = invitations.find(get_db(), token)
    assert invitation["purpose"] == "recovery" and invitation["person_id"] == tom.person.id
    created, expires = clock.parse_stamp(invitation["created_at"]), clock.parse_stamp(invitation["expires_at"])
    assert expires - created == timedelta(hours=24)
    event = audit_events(app, "invitation.created")[-1]
    assert event["details"] == {"purpose": "recovery"} and event["subject_id"] == tom.person.id

    visitor = app.test_client()
    monkeypatch.setattr(clock, "now", lambda: created + timedelta(hours=23, minutes=59))
    assert visitor.get(f"/invite/{token}").status_code == 200
    monkeypatch.setattr(clock, "now", lambda: created + timedelta(hours=24))
    assert visitor.get(f"/invite/{token}").status_code == 410
    monkeypatch.undo()

    new_phone = Browser(app, SoftAuthenticator(), device_id="device-tom-new-00000001")
    assert new_phone.register(token).status_code == 200
    with app.app_context():
        assert len(passkeys.credentials_of(get_db(), tom.person.id)) == 2


def test_no_recovery_link_for_a_disabled_person(app, admin, tom):
    submit(admin, f"/admin/people/{tom.person.id}/disable")
    response = submit(admin, f"/admin/people/{tom.person.id}/recovery")
    assert response.status_code == 400 and 'id="recovery-error"' in response.get_data(as_text=True)
    assert [e for e in audit_events(app, "invitation.created") if e["details"]["purpose"] == "recovery"] == []


# ---- devices -------------------------------------------------------------------------------

def test_devices_list_shows_person_contact_and_unsent_count(app, admin, tom):
    with app.app_context():
        devices.report(get_db(), tom.device_id, 3)
    html = admin.client.get("/admin/devices").get_data(as_text=True)
    card = html.split(f'data-device-id="{tom.device_id}"', 1)[1].split("</li>", 1)[0]
    assert "Tom Weber" in card and "<dd>3</dd>" in card
    assert f"/admin/devices/{tom.device_id}/revoke" in card


def test_revoking_a_device_ends_its_sessions(app, admin, tom):
    assert tom.signed_in()
    response = submit(admin, f"/admin/devices/{tom.device_id}/revoke")
    assert response.status_code == 303 and response.headers["Location"] == "/admin/devices"
    assert not tom.signed_in()
    assert tom.sign_in().json["redirect"] == "/sync/send"  # only to send what waits, then it is emptied
    assert not tom.signed_in()
    event = audit_events(app, "device.revoked")[-1]
    assert event["subject_id"] == tom.device_id and event["details"] == {"person": tom.person.id}
    with app.app_context():
        assert devices.get(get_db(), tom.device_id)["revoked_by"] == admin.person.id
    # Revoking again changes nothing and writes nothing.
    assert submit(admin, f"/admin/devices/{tom.device_id}/revoke").status_code == 303
    assert len(audit_events(app, "device.revoked")) == 1


def test_revoking_from_the_person_page_returns_there(admin, tom):
    response = submit(admin, f"/admin/devices/{tom.device_id}/revoke", {"back": "person"})
    assert response.headers["Location"] == f"/admin/people/{tom.person.id}"


def test_an_admin_cannot_revoke_the_device_they_are_using(app, admin):
    response = submit(admin, f"/admin/devices/{admin.device_id}/revoke")
    assert response.status_code == 400
    assert admin.signed_in()
    assert audit_events(app, "device.revoked") == []


# ---- organisations and teams ---------------------------------------------------------------

def test_adding_a_partner_organisation(app, admin):
    data = {"name": "Stadt Potsdam, Fachbereich Soziales", "kind": "city", "legal_basis": "§ 67 SGB XII"}
    response = submit(admin, "/admin/organisations", data)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/organisations"
    with app.app_context():
        row = get_db().execute("SELECT id, kind, legal_basis FROM organisation WHERE name = ?",
                               [data["name"]]).fetchone()
    assert row[1:] == ("city", "§ 67 SGB XII")
    assert audit_events(app, "organisation.created")[-1]["subject_id"] == row[0]
    assert f'data-organisation-id="{row[0]}"' in admin.client.get("/admin/organisations").get_data(as_text=True)


BAD_ORGANISATIONS = {
    "missing name": ({"name": ""}, "name"),
    "long name": ({"name": "N" * 10_000}, "name"),
    "duplicate name": ({"name": "wohnbau süd gmbh"}, "name"),
    "unknown kind": ({"kind": "bank"}, "kind"),
    "missing legal basis": ({"legal_basis": "  "}, "legal_basis"),
}


@pytest.mark.parametrize("change,field", BAD_ORGANISATIONS.values(), ids=BAD_ORGANISATIONS.keys())
def test_bad_organisation_is_refused_and_keeps_what_was_typed(app, admin, partner_org, change, field):
    data = {"name": "Energie Nord", "kind": "energy_supplier", "legal_basis": "Einwilligung", **change}
    response = submit(admin, "/admin/organisations", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="organisation-{field}-error"' in html
    assert f'value="{data["name"]}"' in html
    if data["kind"] != "bank":
        assert f'value="{data["kind"]}" selected' in html
    assert audit_events(app, "organisation.created") == []


def test_teams_list_supervisors_and_workers_and_a_team_can_be_added(app, admin, sign_in_as, team):
    sign_in_as("supervisor", name="Sara Supervisor", team_id=team)
    sign_in_as("worker", name="Willi Worker", team_id=team)
    html = admin.client.get("/admin/teams").get_data(as_text=True)
    card = html.split(f'data-team-id="{team}"', 1)[1].split("</li>", 1)[0]
    supervisors, workers = card.split("</dd>")[:2]
    assert "Sara Supervisor" in supervisors and "Willi Worker" in workers

    assert submit(admin, "/admin/teams", {"name": "Team Nord"}).status_code == 303
    assert audit_events(app, "team.created")[-1]["details"] == {"name": "Team Nord"}
    for name in ("", "team mitte", "T" * 10_000):
        response = submit(admin, "/admin/teams", {"name": name})
        assert response.status_code == 400 and 'id="team-name-error"' in response.get_data(as_text=True), name
