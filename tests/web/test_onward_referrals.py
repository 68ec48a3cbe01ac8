"""Onward referrals to the help network (issue 21): the contact given passes nothing; a referral
with data only within consent (refused by name otherwise, nothing sent), recorded as a disclosure;
the follow-up on the deadline lists and the timeline; the service in the app sees exactly its
referrals and answers; the same through the outbox's sync kind, arriving once."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta

import pytest

from outreach.cases import store as cases_store
from outreach.clock import berlin_today
from outreach.db import get_db
from outreach.services import store
from tests.support.consent import published_version, sign, withdraw
from tests.support.notes import send
from tests.web.test_cases import form, open_case, page


def rows(app, sql, params=()):
    with app.app_context():
        return [dict(r) for r in get_db().query(sql, params)]


def audit_lines(app, action):
    return [json.loads(r["details"]) for r in rows(app, "SELECT details FROM audit_log WHERE action = ?", [action])]


@pytest.fixture
def services(app, centre):
    """The city's youth office uses the app; the food bank takes no data."""
    with app.app_context():
        db = get_db()
        youth = store.create(db, {"name": "Jugendamt Senftenberg", "kind": "youth_office", "street": "Markt 1",
                                  "postcode": "01968", "city": "Senftenberg", "opening_hours": "Di 9–18 Uhr",
                                  "phone": "03573 1", "email": "", "languages": ["de"], "waiting_weeks": 1,
                                  "accepts_data_referrals": True, "organisation_id": centre.city, "note": "",
                                  "active": True}, by=None)
        food = store.create(db, {"name": "Tafel", "kind": "food_bank", "street": "", "postcode": "", "city": "",
                                 "opening_hours": "", "phone": "", "email": "", "languages": ["de"],
                                 "waiting_weeks": None, "accepts_data_referrals": False, "organisation_id": None,
                                 "note": "", "active": True}, by=None)
    return {"youth": youth, "food": food}


@pytest.fixture
def case(app, centre):
    case_id = open_case(centre)
    with app.app_context():
        tenant = cases_store.members(get_db(), case_id)[0]["id"]
    version = published_version(app, centre.admin, [centre.city], purposes=("onward_referral",),
                                categories=("contact", "household", "income"), name="Vermittlung")
    return {"id": case_id, "tenant": tenant, "version": version}


def consent(centre, case, categories=("contact", "household")):
    mutation = sign(centre.worker.person.id, case["id"], case["tenant"], case["version"], recipients=[centre.city],
                    purposes=("onward_referral",), categories=categories)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied", result
    return mutation["entity_id"]


def refer(centre, case, service, **overrides):
    data = {"service_id": service, "reason": "Kinderbetreuung fehlt; Mutter kann sonst nicht arbeiten.",
            "urgency": "normal", "channel": "contact_given"} | overrides
    return centre.worker.client.post(f"/cases/{case['id']}/onward-referrals", data=form(centre.worker, **data))


def mutation(centre, case, service, entity_id="ref-000000001", mutation_id="mut-000000001", **overrides):
    payload = {"case_id": case["id"], "service_id": service, "reason": "Schulden ordnen", "urgency": "urgent",
               "channel": "contact_given", "categories": [], "referred_on": berlin_today().isoformat()} | overrides
    return {"id": mutation_id, "kind": "onward_referral.add", "entity_id": entity_id, "base_revision": None,
            "schema_version": 1, "payload": payload, "author": centre.worker.person.id,
            "device_id": centre.worker.device_id, "device_time": "2026-12-07T10:00:00Z"}


def test_the_contact_given_passes_nothing_and_is_followed_up(app, centre, services, case):
    assert refer(centre, case, services["food"]).status_code == 303
    [referral] = rows(app, "SELECT * FROM onward_referral")
    assert referral["channel"] == "contact_given" and json.loads(referral["categories"]) == []
    assert referral["check_on"] == (berlin_today() + timedelta(days=14)).isoformat()
    assert rows(app, "SELECT * FROM disclosure") == []
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert "Tafel" in html and "Kontakt an die Person weitergegeben" in html and "Vermittelt an Tafel" in html
    board = centre.worker.page("/deadlines?days=30")
    assert "Nachfragen: bei Tafel angekommen?" in board


def test_urgent_referrals_are_checked_after_a_week(app, centre, services, case):
    refer(centre, case, services["food"], urgency="urgent")
    assert rows(app, "SELECT check_on FROM onward_referral")[0]["check_on"] == (
        berlin_today() + timedelta(days=7)).isoformat()


def test_with_data_is_refused_without_consent_and_names_what_is_missing(app, centre, services, case):
    response = refer(centre, case, services["youth"], channel="with_data", category=["contact", "income"])
    html = response.get_data(as_text=True)
    assert response.status_code == 403 and "Nicht erlaubt" in html and "Kontaktdaten" in html and "Einkommen" in html
    assert rows(app, "SELECT * FROM onward_referral") == [] and rows(app, "SELECT * FROM disclosure") == []
    [line] = audit_lines(app, "onward_referral.refused")
    assert line["reason"] == "consent_missing" and line["categories"] == ["contact", "income"]


def test_a_service_that_takes_no_data_says_so(app, centre, services, case):
    response = refer(centre, case, services["food"], channel="with_data", category=["contact"])
    assert response.status_code == 400 and "nimmt keine Vermittlungen mit Daten an" in response.get_data(as_text=True)


@pytest.mark.parametrize("field, value", [("reason", ""), ("reason", "x" * 2001), ("channel", "fax"),
                                          ("urgency", "sofort"), ("service_id", "nope")])
def test_bad_input_gets_a_clear_message_and_stores_nothing(app, centre, services, case, field, value):
    response = refer(centre, case, services["food"], **{field: value})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert rows(app, "SELECT * FROM onward_referral") == []


def test_with_data_within_consent_reaches_the_service_which_answers(app, centre, services, case):
    consent(centre, case)
    assert refer(centre, case, services["youth"], channel="with_data", category=["contact", "household"]).status_code == 303
    [disclosure] = rows(app, "SELECT * FROM disclosure")
    assert disclosure["purpose"] == "onward_referral" and disclosure["organisation_id"] == centre.city
    assert json.loads(disclosure["member_ids"]) == [case["tenant"]]
    inbox = centre.city_partner.page("/partner/onward-referrals")
    assert "Jugendamt Senftenberg" in inbox and "Anna Müller" not in inbox
    assert 'class="count-badge">1<' in inbox.replace("</span>", "<")
    [referral] = rows(app, "SELECT id FROM onward_referral")
    html = centre.city_partner.page(f"/partner/onward-referrals/{referral['id']}")
    assert "Anna Müller" in html and "Kinderbetreuung fehlt" in html
    assert len(rows(app, "SELECT * FROM disclosure WHERE channel = 'onward_referral_view'")) == 1
    when = (berlin_today() + timedelta(days=5)).isoformat()
    answer = centre.city_partner.client.post(f"/partner/onward-referrals/{referral['id']}/answer", data=form(
        centre.city_partner, answer="appointment", appointment_on=when, answer_note="Bitte Ausweis mitbringen."))
    assert answer.status_code == 303
    case_page = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert "Das Angebot antwortet: erster Termin" in case_page and "Bitte Ausweis mitbringen." in case_page
    again = centre.city_partner.client.post(f"/partner/onward-referrals/{referral['id']}/answer", data=form(
        centre.city_partner, answer="cannot_take"))
    assert again.status_code == 409


def test_the_service_sees_nothing_once_the_consent_is_withdrawn_and_others_never(app, centre, services, case):
    consent_id = consent(centre, case)
    refer(centre, case, services["youth"], channel="with_data", category=["contact"])
    refer(centre, case, services["food"])
    [with_data] = rows(app, "SELECT id FROM onward_referral WHERE channel = 'with_data'")
    [contact_only] = rows(app, "SELECT id FROM onward_referral WHERE channel = 'contact_given'")
    assert page(centre.partner, f"/partner/onward-referrals/{with_data['id']}").status_code == 404  # housing company
    assert page(centre.city_partner, f"/partner/onward-referrals/{contact_only['id']}").status_code == 404
    [result] = send(centre.worker, withdraw(centre.worker.person.id, case["id"], consent_id,
                                             berlin_today().isoformat()))
    assert result["status"] == "applied"
    response = page(centre.city_partner, f"/partner/onward-referrals/{with_data['id']}")
    assert response.status_code == 403 and "Anna Müller" not in response.get_data(as_text=True)
    assert audit_lines(app, "onward_referral.view_refused") == [{"referral": with_data["id"]}]


def test_the_outcome_ends_the_follow_up_and_shows_on_the_timeline(app, centre, services, case):
    refer(centre, case, services["food"])
    [referral] = rows(app, "SELECT id FROM onward_referral")
    url = f"/cases/{case['id']}/onward-referrals/{referral['id']}/outcome"
    bad = centre.worker.client.post(url, data=form(centre.worker, outcome="maybe", outcome_on=berlin_today().isoformat()))
    assert bad.status_code == 400
    assert centre.worker.client.post(url, data=form(centre.worker, outcome="waiting_list",
                                                    outcome_on=berlin_today().isoformat())).status_code == 303
    html = page(centre.worker, f"/cases/{case['id']}").get_data(as_text=True)
    assert "Ergebnis: auf der Warteliste" in html and "Tafel: auf der Warteliste" in html
    assert "Nachfragen: bei Tafel angekommen?" not in centre.worker.page("/deadlines?days=30")
    assert centre.colleague.client.post(url, data=form(centre.colleague, outcome="arrived",
                                                       outcome_on=berlin_today().isoformat())).status_code == 404


def test_the_refusal_offers_the_signing_flow(app, centre, services, case):
    html = refer(centre, case, services["youth"], channel="with_data", category=["contact"]).get_data(as_text=True)
    assert f'href="/cases/{case["id"]}/consents/new"' in html and "Jetzt die Einwilligung aufnehmen" in html


def test_the_help_card_lists_where_the_tenant_was_pointed_to(app, centre, services, case):
    assert centre.worker.client.get(f"/cases/{case['id']}/help-card").status_code == 404  # nothing yet
    refer(centre, case, services["food"])
    refer(centre, case, services["youth"])
    html = centre.worker.page(f"/cases/{case['id']}/help-card")
    assert "Wo Sie Hilfe bekommen" in html and "Tafel" in html and "Jugendamt Senftenberg" in html
    assert "Markt 1, 01968 Senftenberg" in html and "Di 9–18 Uhr" in html and "Wera Werner" in html
    english = centre.worker.page(f"/cases/{case['id']}/help-card?lang=en")
    assert "Where you can get help" in english and "Opening hours: Di 9–18 Uhr" in english
    response = centre.worker.client.get(f"/cases/{case['id']}/help-card.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.data, capture_output=True,
                          check=True).stdout.decode()
    assert "Wo Sie Hilfe bekommen" in text and "Jugendamt Senftenberg" in text and "Telefon: 03573 1" in text
    assert "Ihre Beraterin / Ihr Berater: Wera Werner" in text
    assert rows(app, "SELECT * FROM audit_log WHERE action = 'help_card.printed'")


# ---- through the outbox ----

def test_a_referral_from_the_outbox_arrives_once(app, centre, services, case):
    first = mutation(centre, case, services["food"])
    assert send(centre.worker, first)[0]["status"] == "applied"
    assert send(centre.worker, first)[0]["status"] == "duplicate"
    again = mutation(centre, case, services["food"], mutation_id="mut-000000002")
    [result] = send(centre.worker, again)
    assert result["status"] == "rejected" and result["reason"] == "already_received"
    assert len(rows(app, "SELECT * FROM onward_referral")) == 1


def test_the_outbox_refuses_data_without_consent_and_one_bad_item_blocks_nothing(app, centre, services, case):
    bad = mutation(centre, case, services["youth"], channel="with_data", categories=["contact"])
    good = mutation(centre, case, services["food"], entity_id="ref-000000002", mutation_id="mut-000000002")
    odd = mutation(centre, case, services["food"], entity_id="ref-000000003", mutation_id="mut-000000003",
                   referred_on="2001-01-01")
    results = send(centre.worker, bad, good, odd)
    assert [r["status"] for r in results] == ["rejected", "applied", "rejected"]
    assert results[0]["reason"] == "consent_missing" and results[0]["categories"] == ["contact"]
    assert results[2]["reason"] == "invalid" and results[2]["field"] == "referred_on"
    assert rows(app, "SELECT * FROM disclosure") == []


def test_someone_else_s_case_is_refused_through_the_outbox(app, centre, services, case):
    [result] = send(centre.other_team_worker, mutation(centre, case, services["food"]) | {
        "author": centre.other_team_worker.person.id, "device_id": centre.other_team_worker.device_id})
    assert result["status"] == "rejected" and result["reason"] in ("forbidden", "not_found")
    assert rows(app, "SELECT * FROM onward_referral") == []


# ---- every services route × every role ----

ROLES = ["anonymous", "worker", "colleague", "other_team_worker", "supervisor", "other_supervisor", "admin",
         "partner", "city_partner"]
CASE_WRITE = {"worker": 303, "supervisor": 303, "colleague": 404, "other_team_worker": 404, "other_supervisor": 404,
              "admin": 404, "partner": 404, "city_partner": 404}
CASE_READ = {**CASE_WRITE, "worker": 200, "supervisor": 200}
STAFF_READ = {role: 200 for role in ("worker", "colleague", "other_team_worker", "supervisor", "other_supervisor")} \
    | {"admin": 403, "partner": 403, "city_partner": 403}
ADMIN = {role: 403 for role in ROLES[1:]} | {"admin": 200}
SERVICE = {role: 403 for role in ROLES[1:7]} | {"partner": 404, "city_partner": 200}
MATRIX = {
    "services.directory": ("GET", "/services", STAFF_READ),
    "services.admin_directory": ("GET", "/admin/services", ADMIN),
    "services.add_service": ("POST", "/admin/services", ADMIN | {"admin": 303}),
    "services.edit_service": ("GET", "/admin/services/{service}", ADMIN),
    "services.update_service": ("POST", "/admin/services/{service}", ADMIN | {"admin": 303}),
    "services.add_referral": ("POST", "/cases/{case}/onward-referrals", CASE_WRITE),
    "services.record_outcome": ("POST", "/cases/{case}/onward-referrals/{referral}/outcome", CASE_WRITE),
    "services.help_card": ("GET", "/cases/{case}/help-card", CASE_READ),
    "services.help_card_pdf": ("GET", "/cases/{case}/help-card.pdf", CASE_READ),
    "services.partner_inbox": ("GET", "/partner/onward-referrals", SERVICE | {"partner": 200}),
    "services.partner_referral": ("GET", "/partner/onward-referrals/{referral}", SERVICE),
    "services.partner_answer": ("POST", "/partner/onward-referrals/{referral}/answer", SERVICE | {"city_partner": 303}),
}
VALID = {
    "services.add_service": {"name": "Tafel", "kind": "food_bank", "accepts_data_referrals": "yes"},
    "services.update_service": {"name": "Jugendamt", "kind": "youth_office", "accepts_data_referrals": "yes"},
    "services.add_referral": {"reason": "Beratung", "urgency": "normal", "channel": "contact_given"},
    "services.record_outcome": {"outcome": "arrived", "outcome_on": berlin_today().isoformat()},
    "services.partner_answer": {"answer": "cannot_take"},
}


def test_the_matrix_covers_every_services_route(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("services.")} == set(MATRIX)


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_by_role(app, centre, services, endpoint):
    method, template, expected = MATRIX[endpoint]
    version = published_version(app, centre.admin, [centre.city], purposes=("onward_referral",),
                                categories=("contact", "household"), name="Vermittlung")
    for role in ROLES:
        case_id = open_case(centre)
        with app.app_context():
            tenant = cases_store.members(get_db(), case_id)[0]["id"]
        case = {"id": case_id, "tenant": tenant, "version": version}
        consent(centre, case)
        assert refer(centre, case, services["youth"], channel="with_data", category=["contact"]).status_code == 303
        [referral] = rows(app, "SELECT id FROM onward_referral WHERE case_id = ?", [case_id])
        url = template.format(case=case_id, referral=referral["id"], service=services["youth"])
        if role == "anonymous":
            response = app.test_client().open(url, method=method, data={})
            assert response.status_code == (403 if method == "POST" else 302), (endpoint, role)
            continue
        browser = getattr(centre, role)
        browser.page()
        data = {"csrf_token": browser.token, "service_id": services["food"], "organisation_id": centre.city,
                **VALID.get(endpoint, {})}
        response = browser.client.open(url, method=method, data=data if method == "POST" else None)
        assert response.status_code == expected[role], (endpoint, role, response.status_code)
        if response.status_code in (403, 404):
            assert "Anna Müller" not in response.get_data(as_text=True)


def test_a_referral_straight_from_a_visit_note_remembers_it(app, centre, services, case):
    from tests.support.notes import save_note

    note = save_note(centre.worker.person.id, case["id"], situation="Mieterin braucht Hilfe bei Schulden.")
    assert send(centre.worker, note)[0]["status"] == "applied"
    note_page = centre.worker.page(f"/visits/{note['entity_id']}")
    link = f'/cases/{case["id"]}?from_note={note["entity_id"]}#help'
    assert link.replace("&", "&amp;") in note_page or link in note_page
    case_page = centre.worker.page(f"/cases/{case['id']}?from_note={note['entity_id']}")
    assert f'name="note_id" value="{note["entity_id"]}"' in case_page
    assert refer(centre, case, services["food"], note_id=note["entity_id"]).status_code == 303
    other = open_case(centre, tenant_name="Bernd Brandt", street="Weg 1")
    assert 'name="note_id" value=""' in centre.worker.page(f"/cases/{other}?from_note={note['entity_id']}")
    assert refer(centre, {"id": other}, services["food"], note_id=note["entity_id"]).status_code == 303
    linked = {r["case_id"]: r["from_note_id"] for r in rows(app, "SELECT case_id, from_note_id FROM onward_referral")}
    assert linked == {case["id"]: note["entity_id"], other: None}  # another case's note is not linked
    assert "aus einem Besuch" in centre.worker.page(f"/cases/{case['id']}")


def test_the_closing_form_ticks_where_the_household_was_referred_on_to(app, centre, services, case):
    refer(centre, case, services["food"])
    refer(centre, case, services["youth"])
    html = centre.worker.page(f"/cases/{case['id']}/close")
    for code in ("youth_welfare", "other"):
        assert f'name="onward_referrals" value="{code}" checked' in html, code
    assert 'name="onward_referrals" value="debt_counselling" checked' not in html


def test_the_service_sees_personal_data_only_of_those_the_disclosure_names(app, centre, services, case):
    """Contact and income sent together: the son released contact only, so his name is neither
    shown nor recorded — what the service sees is exactly what the disclosure record names."""
    from tests.support.consent import add_member, members

    add_member(centre.worker, case["id"], "Jonas Müller", lease_party=False, birth_year="1990")
    son = next(m["id"] for m in members(app, case["id"]) if m["name"] == "Jonas Müller")
    consent(centre, case, categories=("contact", "income"))
    mutation = sign(centre.worker.person.id, case["id"], son, case["version"], recipients=[centre.city],
                    purposes=("onward_referral",), categories=("contact",))
    assert send(centre.worker, mutation)[0]["status"] == "applied"
    assert refer(centre, case, services["youth"], channel="with_data", category=["contact", "income"]).status_code == 303
    [referral] = rows(app, "SELECT id FROM onward_referral")
    html = centre.city_partner.page(f"/partner/onward-referrals/{referral['id']}")
    assert "Anna Müller" in html and "Jonas Müller" not in html
    views = rows(app, "SELECT member_ids FROM disclosure WHERE channel = 'onward_referral_view'")
    assert [json.loads(v["member_ids"]) for v in views] == [[case["tenant"]]]
