"""The demo's claims (issue 20): every state, a commitment in time, one too small and one too
late, the city and the Jobcenter answering in the app, and their requests readable under the
demo's sealed consents."""

from __future__ import annotations

import pytest

from outreach import create_app
from outreach.claims.store import STATES
from outreach.cli import create_demo_database
from outreach.db import get_db
from tests.web.test_demo_sign_in import sign_in_as


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    key = create_demo_database(path)
    return create_app(demo=True, settings={"DATABASE": path, "PUBLIC_ORIGIN": "http://localhost:5000",
                                           "EVIDENCE_KEY": key, "SECRET_KEY": "s" * 40})


def rows(app, sql, params=()):
    with app.app_context():
        return [dict(r) for r in get_db().query(sql, params)]


def test_claims_in_every_state(demo):
    assert {r["state"] for r in rows(demo, "SELECT state FROM claim")} == set(STATES)


def test_a_photographed_document_on_a_claim_ticks_its_checklist(demo):
    [document] = rows(demo, """SELECT d.* FROM case_document d JOIN claim c ON c.id = d.claim_id
                               WHERE d.kind = 'termination'""")
    assert document["pages"] == 2
    client = demo.test_client()
    sign_in_as(client, demo, "lukas.hoffmann@caritas-demo.de")
    html = client.get(f"/cases/{document['case_id']}").get_data(as_text=True)
    assert 'data-document-kind="termination" data-present="yes"' in html
    assert 'data-document-kind="court_suit" data-present="yes"' in html
    picture = client.get(f"/cases/{document['case_id']}/documents/{document['id']}/pages/1")
    assert picture.status_code == 200 and picture.mimetype == "image/jpeg"


def test_a_commitment_in_time_one_too_small_and_one_too_late(demo):
    seen = {}
    for email in ("lukas.hoffmann@caritas-demo.de", "selin.kaya@caritas-demo.de"):
        client = demo.test_client()
        sign_in_as(client, demo, email)
        for case in rows(demo, """SELECT DISTINCT c.case_id, h.street FROM claim c JOIN household_case h
                                  ON h.id = c.case_id JOIN person p ON p.id = h.assigned_worker_id
                                  WHERE p.email = ?""", [email]):
            html = client.get(f"/cases/{case['case_id']}").get_data(as_text=True)
            for state in ("in_time", "too_small", "too_late"):
                if f'data-commitment="{state}"' in html:
                    seen[state] = case["street"]
    assert seen == {"in_time": "Am Neumarkt 3", "too_small": "Schulstraße 21", "too_late": "Ackerstraße 4"}


def test_the_city_and_the_jobcenter_answer_in_the_app_one_person_each(demo):
    offices = rows(demo, """SELECT o.kind, count(p.id) AS people FROM organisation o JOIN person p
                            ON p.organisation_id = o.id AND p.status = 'active'
                            WHERE o.kind IN ('city', 'jobcenter') GROUP BY o.kind ORDER BY o.kind""")
    assert offices == [{"kind": "city", "people": 1}, {"kind": "jobcenter", "people": 1}]
    client = demo.test_client()
    sign_in_as(client, demo, "uwe.schmidt@jobcenter-osl-demo.de")
    inbox = client.get("/authority/requests").get_data(as_text=True)
    assert inbox.count("data-request=") == 3 and 'data-request-state="sent"' in inbox
    [waiting] = rows(demo, "SELECT r.id FROM claim_request r JOIN organisation o ON o.id = r.organisation_id "
                           "WHERE o.kind = 'jobcenter' AND r.state = 'sent'")
    response = client.get(f"/authority/requests/{waiting['id']}")
    assert response.status_code == 200 and "Dirk Fischer" in response.get_data(as_text=True)
    [nowak] = rows(demo, """SELECT r.id FROM claim_request r JOIN household_case h ON h.id = r.case_id
                            WHERE h.street = 'Am Neumarkt 3'""")
    answered = client.get(f"/authority/requests/{nowak['id']}").get_data(as_text=True)
    assert "Kündigung vom" in answered and "Seite 2" in answered  # the photographed termination
    city = demo.test_client()
    sign_in_as(city, demo, "sabine.krueger@senftenberg-demo.de")
    assert 'data-request-state="documents_requested"' in city.get("/authority/requests").get_data(as_text=True)


def test_a_landlord_statement_disagrees_and_the_housing_company_sees_its_tenancy(demo):
    [row] = rows(demo, """SELECT s.case_id, h.street FROM rent_statement s JOIN household_case h ON h.id = s.case_id""")
    client = demo.test_client()
    sign_in_as(client, demo, "lukas.hoffmann@caritas-demo.de")
    html = client.get(f"/cases/{row['case_id']}").get_data(as_text=True)
    assert 'data-agrees="no"' in html and "unterscheidet sich in 1 Monat von" in html
    landlord = demo.test_client()
    sign_in_as(landlord, demo, "thomas.neumann@wg-senftenberg-demo.de")
    assert "Piotr Nowak" in landlord.get("/landlord/cases").get_data(as_text=True)
    page = landlord.get(f"/landlord/cases/{row['case_id']}").get_data(as_text=True)
    assert "4.131,00" in page  # the Jobcenter's commitment, amount only


def test_the_city_answers_shelter_requests_and_has_a_placement_on_the_reference_date(demo):
    from outreach.clock import berlin_today
    from outreach.domain.accommodation import latest_reference_date

    client = demo.test_client()
    sign_in_as(client, demo, "sabine.krueger@senftenberg-demo.de")
    inbox = client.get("/city/shelter-requests").get_data(as_text=True)
    assert inbox.count('data-shelter-state="sent"') == 1 and inbox.count('data-shelter-state="placed"') == 4
    assert inbox.count('data-shelter-state="refused"') == 2
    [waiting] = rows(demo, "SELECT id FROM shelter_request WHERE state = 'sent'")
    request_page = client.get(f"/city/shelter-requests/{waiting['id']}").get_data(as_text=True)
    assert "Marcel Wagner" in request_page  # readable under the demo's sealed consent
    year = latest_reference_date(berlin_today()).year
    check = client.get(f"/city/placements/return?year={year}").get_data(as_text=True)
    assert 'data-matches="yes"' in check and 'data-field="rows">3<' in check
    table = client.get(f"/city/placements/return.csv?year={year}").get_data(as_text=True)
    assert "Paar mit Kind(ern)" in table and "Schulz" not in table
    worker = demo.test_client()
    sign_in_as(worker, demo, "lukas.hoffmann@caritas-demo.de")
    [family] = rows(demo, "SELECT case_id FROM placement WHERE household_size = 3")
    assert "Übergangswohnheim Kormoranweg 3" in worker.get(f"/cases/{family['case_id']}").get_data(as_text=True)


def test_the_help_network_and_referrals_in_every_state(demo):
    states = {(r["channel"], r["answer"], r["outcome"]) for r in rows(demo, "SELECT * FROM onward_referral")}
    assert {outcome for _c, _a, outcome in states} == {None, "arrived", "waiting_list", "not_taken_up", "refused"}
    assert {answer for _c, answer, _o in states} == {None, "appointment", "cannot_take"}
    kinds = {r["kind"] for r in rows(demo, "SELECT kind FROM service")}
    assert {"family_centre", "debt_counselling", "addiction", "energy_hardship_fund"} <= kinds
    assert rows(demo, "SELECT waiting_weeks FROM service WHERE kind = 'debt_counselling'") == [{"waiting_weeks": 10}]
    petra = demo.test_client()
    sign_in_as(petra, demo, "petra.lange@diakonie-demo.de")
    inbox = petra.get("/partner/onward-referrals").get_data(as_text=True)
    assert inbox.count('data-answer="open"') == 1
    [waiting] = rows(demo, "SELECT id FROM onward_referral WHERE channel = 'with_data' AND answer IS NULL")
    assert "Gerda Lehmann" in petra.get(f"/partner/onward-referrals/{waiting['id']}").get_data(as_text=True)
