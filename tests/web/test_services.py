"""The help network's directory (issue 21): admins keep it with clear messages for bad input, those
who work cases search it by kind and language, it joins every phone's offline lists, and nobody
else reaches it."""

from __future__ import annotations

import json

import pytest

from outreach.db import get_db
from tests.web.test_cases import form

DEBT = {"name": "Schuldnerberatung Lausitz", "kind": "debt_counselling", "street": "Bahnhofstraße 20",
        "postcode": "01968", "city": "Senftenberg", "opening_hours": "Di und Do 9–12 Uhr", "phone": "03573 700 420",
        "email": "schuldner@example.org", "language": ["ru", "pl"], "waiting_weeks": "10",
        "accepts_data_referrals": "yes", "note": "P-Konto: kurzfristige Termine."}
FOOD = {"name": "Tafel Senftenberg", "kind": "food_bank", "language": ["ar"], "waiting_weeks": "0"}


def rows(app, sql, params=()):
    with app.app_context():
        return [dict(r) for r in get_db().query(sql, params)]


def add(centre, **data):
    centre.admin.page("/admin/services")
    return centre.admin.client.post("/admin/services", data=form(centre.admin, **data))


def test_an_admin_adds_a_service_and_workers_find_it(app, centre):
    assert add(centre, **DEBT).status_code == 303
    [service] = rows(app, "SELECT * FROM service")
    assert json.loads(service["languages"]) == ["de", "ru", "pl"] and service["waiting_weeks"] == 10
    assert service["accepts_data_referrals"] == 1 and service["active"] == 1
    html = centre.worker.page("/services")
    assert "Schuldnerberatung Lausitz" in html and "Wartezeit etwa 10 Wochen" in html and 'href="tel:03573700420"' in html
    assert "Russisch" in html and "nimmt Vermittlungen mit Daten an" in html
    assert rows(app, "SELECT details FROM audit_log WHERE action = 'service.added'")


def test_search_by_kind_and_language_without_javascript(app, centre):
    add(centre, **DEBT)
    add(centre, **FOOD)
    html = centre.worker.page("/services?language=ar")
    assert "1 Angebot" in html
    assert html.count('class="service-item" hidden') == 1  # the debt counselling speaks no Arabic
    html = centre.supervisor.page("/services?kind=debt_counselling&language=ru")
    assert "1 Angebot" in html and 'id="service-' in html
    assert "2 Angebote" in centre.worker.page("/services?kind=nonsense&language=%00")  # odd filters: all


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "Bitte geben Sie den Namen des Angebots an."),
    ("kind", "bakery", "Bitte wählen Sie eine der Möglichkeiten."),
    ("phone", "=1+2", "Telefonnummer"),
    ("email", "nobody", "E-Mail-Adresse"),
    ("waiting_weeks", "105", "von 0 bis 104"),
    ("name", "x" * 201, "höchstens 200"),
])
def test_bad_input_gets_a_clear_message_and_stores_nothing(app, centre, field, value, message):
    response = add(centre, **(DEBT | {field: value}))
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert rows(app, "SELECT * FROM service") == []


def test_a_service_in_the_app_must_take_referrals_with_data(app, centre):
    response = add(centre, **(DEBT | {"accepts_data_referrals": "", "organisation_id": centre.housing}))
    assert response.status_code == 400 and "nur dann in der App" in response.get_data(as_text=True)
    assert add(centre, **(DEBT | {"organisation_id": "nope"})).status_code == 400
    assert add(centre, **(DEBT | {"organisation_id": centre.housing})).status_code == 303


def test_changing_and_taking_a_service_off_the_list(app, centre):
    add(centre, **DEBT)
    [service] = rows(app, "SELECT id FROM service")
    url = f"/admin/services/{service['id']}"
    edit = centre.admin.page(url)
    assert 'value="Schuldnerberatung Lausitz"' in edit and 'value="10"' in edit
    response = centre.admin.client.post(url, data=form(centre.admin, **(DEBT | {"waiting_weeks": "6",
                                                                                   "active": "no"})))
    assert response.status_code == 303
    assert rows(app, "SELECT waiting_weeks, active FROM service") == [{"waiting_weeks": 6, "active": 0}]
    assert "Schuldnerberatung Lausitz" not in centre.worker.page("/services")
    assert "inaktiv" in centre.admin.page("/admin/services")
    assert centre.admin.client.get("/admin/services/nope").status_code == 404
    assert centre.admin.client.post("/admin/services/" + "x" * 50, data=form(centre.admin, **DEBT)).status_code == 404


def test_the_directory_is_part_of_every_phone_s_offline_lists(app, centre):
    before = centre.worker.client.get("/sync/caseload").get_json()
    add(centre, **DEBT)
    after = centre.worker.client.get("/sync/caseload").get_json()
    assert before["parts"]["lists"] != after["parts"]["lists"]  # a change to the directory renews the copy
    lists = centre.worker.client.get("/sync/caseload/parts?part=lists").get_json()
    urls = [p["url"] for part in lists["parts"] for p in part["pages"]]
    assert "/services" in urls


ROLES = {"anonymous": (302, 403), "worker": (200, 403), "supervisor": (200, 403), "admin": (403, 200),
         "partner": (403, 403), "city_partner": (403, 403)}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_who_reaches_the_directory_and_its_administration(app, centre, role):
    directory, administration = ROLES[role]
    add(centre, **DEBT)
    [service] = rows(app, "SELECT id FROM service")
    browser = getattr(centre, role)
    client = browser.client if browser else app.test_client()
    token = browser.token if browser else ""
    if browser:
        browser.page()
        token = browser.token
    assert client.get("/services").status_code == directory
    for url in ("/admin/services", f"/admin/services/{service['id']}"):
        assert client.get(url).status_code == (administration if browser else 302), url
    for url in ("/admin/services", f"/admin/services/{service['id']}"):
        status = client.post(url, data={"csrf_token": token, **FOOD}).status_code
        assert status == (303 if role == "admin" else 403), (url, status)
