"""Every case and referral route × every role: the one access function decides, every time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from outreach.cases import closing, store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.web.test_cases import open_case
from tests.web.test_referrals import refer, referral_id

ROLES = ["anonymous", "worker", "colleague", "other_team_worker", "supervisor", "other_supervisor", "admin", "partner"]
STAFF = {"worker": 200, "colleague": 200, "other_team_worker": 200, "supervisor": 200, "other_supervisor": 200,
         "admin": 403, "partner": 403}
CASE_READ = {"worker": 200, "supervisor": 200, "colleague": 404, "other_team_worker": 404, "other_supervisor": 404,
             "admin": 404, "partner": 404}
CASE_WRITE = {**CASE_READ, "worker": 303, "supervisor": 303}
CASE_ASSIGN = {**CASE_WRITE, "worker": 403}
SUPERVISORS = {role: 403 for role in ROLES[1:]} | {"supervisor": 200, "other_supervisor": 200}
PARTNERS = {role: 403 for role in ROLES[1:]} | {"partner": 200}


def today(days=0):
    return (berlin_today() + timedelta(days=days)).isoformat()


def valid_data(centre, endpoint):
    return {
        "cases.search": {"q": "Müller"},
        "cases.add_key_date": {"kind": "hearing", "on_date": today(20)},
        "cases.set_ledger_month": {"year": str(berlin_today().year), "month": "1", "due": "500", "paid": "100"},
        "cases.add_member": {"name": "Kim Müller", "relation": "Kind", "birth_year": "2015"},
        "cases.add_attempt": {"kind": "letter", "on_date": today()},
        "cases.update_details": {"stage": "eviction_title", "situation": "Neu", "base_rent": "400"},
        "cases.reassign": {"worker_id": centre.colleague.person.id},
        "cases.close_case": {"outcome": "flat_kept", "causes": ["income_loss"], "tools": ["sgb2_loan"]},
        "cases.reopen_case": {"reason": "neue Mahnung"},
        "cases.record_follow_up": {"result": "stands", "checked_on": today(), "note": "alles gut"},
        "cases.key_date_done": {"done": "1"},
        "cases.new_case": {"tenant_name": "Neu", "street": "Weg 1", "postcode": "01968", "city": "Senftenberg",
                           "stage": "arrears", "source": "self", "report_received_on": today(),
                           "worker_id": centre.worker.person.id},
        "cases.submit_referral": {"tenant_name": "Ben Berg", "street": "Gasse 2", "postcode": "01968",
                                  "city": "Senftenberg", "arrears": "100", "stage": "arrears", "tenant_informed": "no"},
        "cases.accept_referral": {"worker_id": centre.worker.person.id},
        "cases.decline_referral": {"reason": "nicht zuständig"},
    }.get(endpoint, {})


# endpoint: (method, url template, expectations per role)
MATRIX = {
    "cases.caseload": ("GET", "/cases", STAFF),
    "cases.search": ("POST", "/cases/search", STAFF),
    "cases.deadline_board": ("GET", "/deadlines", STAFF),
    "cases.case_page": ("GET", "/cases/{case}", CASE_READ),
    "cases.add_key_date": ("POST", "/cases/{case}/key-dates", CASE_WRITE),
    "cases.set_ledger_month": ("POST", "/cases/{case}/ledger", CASE_WRITE),
    "cases.add_member": ("POST", "/cases/{case}/members", CASE_WRITE),
    "cases.add_attempt": ("POST", "/cases/{case}/attempts", CASE_WRITE),
    "cases.update_details": ("POST", "/cases/{case}/details", CASE_WRITE),
    "cases.reassign": ("POST", "/cases/{case}/assign", CASE_ASSIGN),
    "cases.close_case": ("POST", "/cases/{case}/close", CASE_WRITE),
    "cases.close_form": ("GET", "/cases/{case}/close", CASE_READ),
    "cases.reopen_case": ("POST", "/cases/{case}/reopen", CASE_WRITE),
    "cases.record_follow_up": ("POST", "/cases/{case}/follow-ups/{follow_up}", CASE_WRITE),
    "cases.key_date_done": ("POST", "/cases/{case}/key-dates/{key}/done", CASE_WRITE),
    "cases.new_case": ("POST", "/cases/new", SUPERVISORS | {"supervisor": 303, "other_supervisor": 400}),
    "cases.partner_referrals": ("GET", "/referrals", PARTNERS),
    "cases.new_referral": ("GET", "/referrals/new", PARTNERS),
    "cases.submit_referral": ("POST", "/referrals", PARTNERS | {"partner": 303}),
    "cases.intake": ("GET", "/intake", SUPERVISORS),
    "cases.intake_referral": ("GET", "/intake/{referral}", SUPERVISORS),
    "cases.accept_referral": ("POST", "/intake/{referral}/accept", SUPERVISORS | {"supervisor": 303, "other_supervisor": 400}),
    "cases.merge_referral": ("POST", "/intake/{referral}/merge", SUPERVISORS | {"supervisor": 404, "other_supervisor": 404}),
    "cases.decline_referral": ("POST", "/intake/{referral}/decline", SUPERVISORS | {"supervisor": 303, "other_supervisor": 303}),
}


def prepared(app, endpoint: str, case_id: str) -> dict:
    """What a route needs besides an open case: a closed one with its follow-ups, a key date."""
    with app.app_context():
        db = get_db()
        if endpoint in ("cases.reopen_case", "cases.record_follow_up"):
            closing.close(db, case_id, outcome="flat_kept", on=berlin_today() - timedelta(days=95), by=None)
        if endpoint == "cases.key_date_done":
            store.add_key_date(db, case_id, "hearing", berlin_today(), by=None)
        follow_up = db.execute("SELECT id FROM follow_up WHERE case_id = ? ORDER BY due_on", [case_id]).fetchone()
        key = db.execute("SELECT id FROM key_date WHERE case_id = ?", [case_id]).fetchone()
    return {"follow_up": follow_up[0] if follow_up else "-", "key": key[0] if key else "-"}


def test_the_matrix_covers_every_case_route(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("cases.")}
    assert endpoints == set(MATRIX)


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_by_role(app, centre, endpoint):
    method, template, expected = MATRIX[endpoint]
    for role in ROLES:
        case_id = open_case(centre)  # fresh for each role: a close or reassign does not leak over
        refer(centre.partner)
        url = template.format(case=case_id, referral=referral_id(app), **prepared(app, endpoint, case_id))
        if role == "anonymous":
            client = app.test_client()
            response = client.open(url, method=method, data={})
            status = 403 if method == "POST" else 302  # POST without session: CSRF refuses first
            assert response.status_code == status, (endpoint, role, response.status_code)
            continue
        browser = getattr(centre, role)
        browser.page()
        data = {"csrf_token": browser.token, **valid_data(centre, endpoint)}
        response = browser.client.open(url, method=method, data=data if method == "POST" else None)
        assert response.status_code == expected[role], (endpoint, role, response.status_code)
