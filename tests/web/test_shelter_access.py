"""Every shelter route × every role (issue 20): the case route for those who work the case, the
city's routes for a city's people only (other partners refused, another city's rows unknown)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from outreach.cases import store as cases_store
from outreach.clock import berlin_today
from outreach.db import get_db
from outreach.shelter import store
from tests.support.consent import published_version
from tests.web.test_cases import open_case
from tests.web.test_shelter import consent

ROLES = ["anonymous", "worker", "colleague", "other_team_worker", "supervisor", "other_supervisor", "admin",
         "partner", "city_partner"]
CASE_WRITE = {"worker": 303, "supervisor": 303, "colleague": 404, "other_team_worker": 404, "other_supervisor": 404,
              "admin": 404, "partner": 404, "city_partner": 404}
CITY = {role: 403 for role in ROLES[1:]} | {"city_partner": 200}


def today(days=0):
    return (berlin_today() + timedelta(days=days)).isoformat()


VALID = {
    "shelter.send_request": {"household_size": "1", "needed_on": today(20)},
    "shelter.answer": {"answer": "refused", "refusal_reason": "Kein Platz frei."},
    "shelter.record_people": {"sex-0": "female", "birth_month-0": "1980-02", "nationality-0": "deutsch"},
    "shelter.end_placement": {"ends_on": today()},
}

# endpoint: (method, url, what must exist before, expectations per role)
MATRIX = {
    "shelter.send_request": ("POST", "/cases/{case}/shelter-requests", "case", CASE_WRITE),
    "shelter.inbox": ("GET", "/city/shelter-requests", "request", CITY),
    "shelter.request_page": ("GET", "/city/shelter-requests/{request}", "request", CITY),
    "shelter.answer": ("POST", "/city/shelter-requests/{request}/answer", "request", CITY | {"city_partner": 303}),
    "shelter.placements": ("GET", "/city/placements", "placement", CITY),
    "shelter.placement_page": ("GET", "/city/placements/{placement}", "placement", CITY),
    "shelter.record_people": ("POST", "/city/placements/{placement}/people", "placement", CITY | {"city_partner": 303}),
    "shelter.end_placement": ("POST", "/city/placements/{placement}/end", "placement", CITY | {"city_partner": 303}),
    "shelter.return_page": ("GET", "/city/placements/return", "placement", CITY),
    "shelter.return_csv": ("GET", "/city/placements/return.csv", "placement", CITY),
}


@pytest.fixture
def version(app, centre):
    return published_version(app, centre.admin, [centre.city], purposes=("emergency_accommodation",),
                             categories=("contact", "household"))


def prepared(app, centre, version, before: str) -> dict:
    """A case with an eviction date and consent; a request to the city; a placement from today."""
    case_id = open_case(centre, stage="eviction_date")
    with app.app_context():
        db = get_db()
        tenant = cases_store.members(db, case_id)[0]["id"]
        cases_store.add_key_date(db, case_id, "eviction_date", berlin_today() + timedelta(days=20), None)
    consent(centre, {"id": case_id, "tenant": tenant, "version": version})
    ids = {"case": case_id, "request": "-", "placement": "-"}
    if before == "case":
        return ids
    with app.app_context():
        db = get_db()
        ids["request"] = store.create(db, case_id=case_id, organisation_id=centre.city, household_size=1,
                                      member_ids=[tenant], needs="", needed_on=berlin_today(),
                                      by=centre.worker.person.id)
        if before == "placement":
            ids["placement"] = store.place(
                db, store.get(db, ids["request"]), place="Notunterkunft", begins_on=berlin_today() - timedelta(days=3),
                accommodation_kind="short_term", provider="municipality", association="", municipality_key="12066304",
                household_type="single", household_size=1, by=centre.city_partner.person.id)
    return ids


def test_the_matrix_covers_every_shelter_route(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("shelter.")} == set(MATRIX)


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_by_role(app, centre, version, endpoint):
    method, template, before, expected = MATRIX[endpoint]
    for role in ROLES:
        url = template.format(**prepared(app, centre, version, before))
        if role == "anonymous":
            response = app.test_client().open(url, method=method, data={})
            assert response.status_code == (403 if method == "POST" else 302), (endpoint, role)
            continue
        browser = getattr(centre, role)
        browser.page()
        data = {"csrf_token": browser.token, "organisation_id": centre.city, **VALID.get(endpoint, {})}
        response = browser.client.open(url, method=method, data=data if method == "POST" else None)
        assert response.status_code == expected[role], (endpoint, role, response.status_code)
        if role in ("partner", "worker") and endpoint.startswith("shelter.") and method == "GET" \
                and response.status_code != 200:
            assert "Anna Müller" not in response.get_data(as_text=True)


@pytest.mark.parametrize("endpoint", ["shelter.request_page", "shelter.answer", "shelter.placement_page",
                                      "shelter.record_people", "shelter.end_placement"])
def test_a_row_of_no_city_s_is_unknown(app, centre, version, endpoint):
    """Made-up and overlong keys are 404 for the city, never 500."""
    method, template, _before, _expected = MATRIX[endpoint]
    centre.city_partner.page()
    for key in ("nope", "x" * 41, "%00", "%C3%BC"):
        url = template.format(case="-", request=key, placement=key)
        response = centre.city_partner.client.open(url, method=method,
                                                   data={"csrf_token": centre.city_partner.token} if method == "POST"
                                                   else None)
        assert response.status_code == 404, (endpoint, key, response.status_code)
