"""Every admin route × every role, signed in through the real passkey flow.

The route list comes from the app's url_map, so a new admin route without an entry in
VALID_FORMS or URL_IDS fails here until it is covered. The fixtures are shared with the other
test_admin* modules.
"""

from __future__ import annotations

import json
import pathlib
import re
import tempfile

import pytest

from outreach import audit, create_app
from outreach.auth import passkeys
from outreach.db import get_db
from tests.conftest import make_test_config
from tests.support.people import Browser

ROLES = ("anonymous", "worker", "supervisor", "partner", "admin")


def submit(browser: Browser, url: str, data: dict | None = None, **kwargs):
    """Send a form as the page would: with the session's CSRF token."""
    return browser.client.post(url, data={"csrf_token": browser.token, **(data or {})}, **kwargs)


def audit_events(app, action: str) -> list[dict]:
    with app.app_context():
        return [dict(row, details=json.loads(row["details"]))
                for row in get_db().query("SELECT * FROM audit_log WHERE action = ? ORDER BY seq", [action])]


def credential_of(app, person_id: str) -> str:
    with app.app_context():
        return passkeys.credentials_of(get_db(), person_id)[0]["id"]


def one_time_token(html: str) -> str:
    return re.search(r'href="http://localhost/invite/([^"]+)" data-one-time-link', html).group(1)


# ---- the matrix ----------------------------------------------------------------------------

def admin_routes() -> list[tuple[str, str, str]]:
    """(endpoint, rule, method) of every admin route, read from a throwaway app's url_map."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(make_test_config(pathlib.Path(folder)))
        return sorted(
            (rule.endpoint, rule.rule, method)
            for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")
            for method in sorted(rule.methods & {"GET", "POST", "PUT", "PATCH", "DELETE"})
        )


ROUTES = admin_routes()

# Valid form data for every state-changing admin route; `world` fills in ids.
VALID_FORMS = {
    "admin.invite": lambda w: {"email": "neu@example.org", "display_name": "Neue Person", "roles": ["worker"]},
    "admin.change_roles": lambda w: {"roles": ["worker", "supervisor"]},
    "admin.change_team": lambda w: {"team_id": w["team"]},
    "admin.disable_person": lambda w: {},
    "admin.enable_person": lambda w: {},
    "admin.revoke_passkey": lambda w: {},
    "admin.recovery_link": lambda w: {},
    "admin.add_organisation": lambda w: {"name": "Jobcenter Mitte", "kind": "jobcenter", "legal_basis": "§ 22 SGB II"},
    "admin.add_team": lambda w: {"name": "Team Nord"},
    "admin.revoke_device": lambda w: {},
    "admin.verify_audit_log": lambda w: {},
    "admin.confirm_wipe": lambda w: {},
    "admin.decide_grant": lambda w: {},
    "budgets.add_reference_value": lambda w: {"key": "garnishment_exempt_base", "value": "1.587,40",
                                            "valid_from": "2026-07-01", "valid_to": "2027-06-30",
                                            "source": "Pfändungsfreigrenzenbekanntmachung 2026"},
    "consent.create_consent_template": lambda w: consent_form(w, name="Vorlage Matrix"),
    "consent.update_consent_version": lambda w: consent_form(w),
    "consent.publish_consent_version": lambda w: {},
    "consent.derive_consent_version": lambda w: {},
}
# Access granted, but the world's device belongs to an active person: nothing to empty.
ADMIN_STATUS = {"admin.confirm_wipe": 409}
SHOWS_A_LINK = {"admin.invite", "admin.recovery_link"}  # answer 200 with the one-time link, shown once
REDIRECTS = {"admin.index": "/admin/people"}
URL_IDS = {"person_id": "person", "credential_id": "credential", "device_id": "device", "seq": "verification",
           "version_id": "consent_version", "grant_id": "grant", "decision": "decision"}


def consent_form(w, **extra) -> dict:
    return {"title": "Einwilligung", "intro": "Text", "language": "de", "validity_months": "12",
            "recipient": [w["organisation"]], "purpose": ["status_feedback"], "category": ["status"], **extra}


@pytest.fixture
def world(app, tom, team, partner_org):
    """Real ids for the url parameters: Tom, his passkey and phone, a team, a verification run,
    a draft consent template version."""
    from outreach.admin import grants
    from outreach.auth.people import create_person
    from outreach.consent.versions import create_template
    from outreach.domain.consent import new_content

    with app.app_context():
        seq = audit.append(get_db(), "audit.verified", details={"rows": 1, "broken_count": 0, "broken": []})
        content = new_content(title="Einwilligung", intro="Text", language="de", easy_language=False,
                              recipients=[{"organisation_id": partner_org, "name": "Wohnbau Süd GmbH"}],
                              purposes=["status_feedback"], categories=["status"], validity_months=12)
        version = create_template(get_db(), "Vorlage", content, None)
        gert = create_person(get_db(), "gert@example.org", "Gert Neu", {"worker"})
        grant = grants.request(get_db(), gert.id, "team", None, team, None)  # asked on the server
    return {"grant": grant, "decision": "refuse", "person": tom.person.id, "credential": credential_of(app, tom.person.id), "device": tom.device_id,
            "team": team, "verification": str(seq), "organisation": partner_org, "consent_version": version}


def url_for_rule(rule: str, world: dict) -> str:
    def fill(match):
        name = match.group(1).split(":")[-1]
        assert name in URL_IDS, f"add a real id for <{name}> to URL_IDS"
        return world[URL_IDS[name]]

    return re.sub(r"<([^>]+)>", fill, rule)


def test_the_matrix_found_the_admin_routes():
    endpoints = {endpoint for endpoint, _rule, _method in ROUTES}
    assert {"admin.people", "admin.invite", "admin.person", "admin.audit_log", "admin.devices_list"} <= endpoints
    for endpoint, _rule, method in ROUTES:
        if method != "GET":
            assert endpoint in VALID_FORMS, f"add valid form data for {endpoint} to VALID_FORMS"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "rule", "method"), ROUTES, ids=[f"{m} {r}" for _e, r, m in ROUTES])
def test_every_admin_route_for_every_role(app, sign_in_as, world, role, endpoint, rule, method):
    browser = sign_in_as(role)
    url = url_for_rule(rule, world)
    if method == "GET":
        response = browser.client.get(url)
    else:
        response = submit(browser, url, VALID_FORMS[endpoint](world))

    if role == "anonymous":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/signin?next=")
    elif role != "admin":
        assert response.status_code == 403
    elif endpoint in ADMIN_STATUS:
        assert response.status_code == ADMIN_STATUS[endpoint]
    elif endpoint in REDIRECTS:
        assert response.status_code == 302 and response.headers["Location"] == REDIRECTS[endpoint]
    elif method == "GET":
        assert response.status_code == 200
        assert 'class="admin-nav"' in response.get_data(as_text=True)
    elif endpoint in SHOWS_A_LINK:
        assert response.status_code == 200
        assert "data-one-time-link" in response.get_data(as_text=True)
    else:
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]


def test_signed_out_json_clients_get_401(client):
    response = client.get("/admin/people", headers={"Accept": "application/json"})
    assert response.status_code == 401 and response.json["error"] == "signed_out"


def test_admin_nav_link_only_for_admins(sign_in_as, admin):
    assert 'href="/admin/people"' in admin.page("/")
    assert 'href="/admin/people"' not in sign_in_as("supervisor").page("/")


def test_admin_role_held_with_supervisor_is_enough(sign_in_as):
    both = sign_in_as("admin", roles=("admin", "supervisor"))
    assert both.client.get("/admin/audit").status_code == 200


def test_an_admin_disabled_meanwhile_loses_access_at_once(app, sign_in_as, admin):
    other = sign_in_as("admin", name="Ben Admin")
    assert submit(admin, f"/admin/people/{other.person.id}/disable").status_code == 303
    response = other.client.get("/admin/people")
    assert response.status_code == 302 and response.headers["Location"].startswith("/signin")
