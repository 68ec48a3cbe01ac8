"""Every claims route × every role × consent (issue 20): case routes for those who work the case,
the authority's routes for the addressed office only — and its request page only while the
tenant's consent covers it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from outreach.claims import documents, requests, store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.web.test_claim_requests import FULL, consent, published_version
from tests.support.consent import withdraw
from tests.support.notes import send
from tests.web.test_cases import open_case

ROLES = ["anonymous", "worker", "colleague", "other_team_worker", "supervisor", "other_supervisor", "admin",
         "partner", "city_partner"]
CASE_WRITE = {"worker": 303, "supervisor": 303, "colleague": 404, "other_team_worker": 404, "other_supervisor": 404,
              "admin": 404, "partner": 404, "city_partner": 404}
CASE_PRINT = {**CASE_WRITE, "worker": 200, "supervisor": 200}
OFFICE = {role: 403 for role in ROLES[1:7]} | {"partner": 404, "city_partner": 200}
ADMIN = {role: 403 for role in ROLES[1:]}


def today(days=0):
    return (berlin_today() + timedelta(days=days)).isoformat()


VALID = {
    "claims.new_claim": {"kind": "wohngeld", "addressee_name": "Wohngeldstelle"},
    "claims.claim_filed": {"filed_on": today()},
    "claims.claim_decision": {"decision": "refused", "notice_dated_on": today(), "sent_by": "post"},
    "claims.claim_appeal": {"appealed_on": today()},
    "claims.send_request": {"channel": "app", "category": list(FULL), "reasons": "Klage zugestellt"},
    "claims.answer": {"answer": "refused", "notice_dated_on": today(), "sent_by": "post"},
    "claims.add_checklist_item": {"claim_kind": "other", "document_kind": "other", "valid_from": today()},
    "claims.end_checklist_item": {"valid_to": today()},
}

# endpoint: (method, url, the claim's state before, expectations per role)
MATRIX = {
    "claims.new_claim": ("POST", "/cases/{case}/claims", None, CASE_WRITE),
    "claims.claim_filed": ("POST", "/cases/{case}/claims/{claim}/filed", "preparing", CASE_WRITE),
    "claims.claim_decision": ("POST", "/cases/{case}/claims/{claim}/decision", "filed", CASE_WRITE),
    "claims.claim_appeal": ("POST", "/cases/{case}/claims/{claim}/appeal", "refused", CASE_WRITE),
    "claims.send_request": ("POST", "/cases/{case}/claims/{claim}/requests", "preparing", CASE_WRITE),
    "claims.documents_sent": ("POST", "/cases/{case}/claims/{claim}/requests/{request}/documents-sent",
                              "documents_requested", CASE_WRITE),
    "claims.letter": ("GET", "/cases/{case}/claims/{claim}/requests/{request}/letter.pdf", "letter", CASE_PRINT),
    "claims.inbox": ("GET", "/authority/requests", "sent", OFFICE | {"partner": 200}),
    "claims.request_page": ("GET", "/authority/requests/{request}", "sent", OFFICE),
    "claims.answer": ("POST", "/authority/requests/{request}/answer", "sent", OFFICE | {"city_partner": 303}),
    "claims.add_document": ("POST", "/cases/{case}/documents", None, {**CASE_WRITE, "worker": 400, "supervisor": 400}),
    "claims.document_page": ("GET", "/cases/{case}/documents/{document}/pages/0", "document", CASE_PRINT),
    "claims.request_document": ("GET", "/authority/requests/{request}/documents/{document}/pages/0", "sent",
                                OFFICE),
    "claims.checklist": ("GET", "/admin/document-checklist", None, ADMIN | {"admin": 200}),
    "claims.add_checklist_item": ("POST", "/admin/document-checklist", None, ADMIN | {"admin": 303}),
    "claims.end_checklist_item": ("POST", "/admin/document-checklist/1/end", None, ADMIN | {"admin": 303}),
}


def prepared(app, centre, version, before: str | None) -> dict:
    """A fresh case with a take-over claim to the city in the state the route needs, and consent."""
    case_id = open_case(centre)
    ids = {"case": case_id, "claim": "-", "request": "-", "document": "-"}
    if before is None:
        return ids
    if before == "document":
        with app.app_context():
            documents.add(get_db(), "doc-" + case_id[:10], case_id=case_id, claim_id="", kind="termination",
                          dated_on=berlin_today(), note="", pages=[(b"\xff\xd8 jpeg", "image/jpeg")],
                          by=centre.worker.person.id, mutation_id="m-" + case_id)
        return {**ids, "document": "doc-" + case_id[:10]}
    with app.app_context():
        db = get_db()
        tenant = db.execute("SELECT id FROM household_member WHERE case_id = ?", [case_id]).fetchone()[0]
    ids["consent"] = consent(centre, {"id": case_id, "tenant": tenant, "version": version},
                             categories=FULL + ("documents",))
    with app.app_context():
        db = get_db()
        claim_id = store.create(db, case_id, kind="rent_arrears_takeover", addressee_organisation_id=centre.city,
                                addressee_name="", amount_asked_cents=65000, filed_on=None, note="",
                                by=centre.worker.person.id)
        claim = store.get(db, claim_id)
        ids["claim"] = claim_id
        if before == "filed":
            store.mark_filed(db, claim_id, berlin_today())
        if before == "refused":
            store.record_decision(db, claim_id, decision="refused", notice_dated_on=berlin_today(), sent_by="post",
                                  received_on=None, instructions_correct=True, amount_granted_cents=None, form="",
                                  by=centre.worker.person.id)
        if before in ("sent", "letter", "documents_requested"):
            ids["request"] = requests.create(db, claim, organisation_id=centre.city,
                                             channel="letter" if before == "letter" else "app",
                                             categories=list(FULL) + ["documents"], member_ids=[tenant],
                                             reasons="Klage", schonfrist_end=None, by=centre.worker.person.id)
            ids["document"] = "doc-" + case_id[:10]
            documents.add(db, ids["document"], case_id=case_id, claim_id=claim_id, kind="termination",
                          dated_on=berlin_today(), note="", pages=[(b"\xff\xd8 jpeg", "image/jpeg")],
                          by=centre.worker.person.id, mutation_id="m-" + case_id)
        if before == "documents_requested":
            requests.ask_for_documents(db, requests.get(db, ids["request"]), documents="Kontoauszüge", due_on=None,
                                       by=centre.city_partner.person.id)
    return ids


@pytest.fixture
def version(app, centre):
    return published_version(app, centre.admin, [centre.city, centre.housing], purposes=("arrears_takeover",),
                             categories=("status", "contact", "arrears_plan", "household", "documents", "income"))


def test_the_matrix_covers_every_claims_route(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("claims.")} == set(MATRIX)


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_by_role(app, centre, version, endpoint):
    method, template, before, expected = MATRIX[endpoint]
    for role in ROLES:
        ids = prepared(app, centre, version, before)
        url = template.format(**ids)
        if role == "anonymous":
            response = app.test_client().open(url, method=method, data={})
            assert response.status_code == (403 if method == "POST" else 302), (endpoint, role)
            continue
        browser = getattr(centre, role)
        browser.page()
        data = {"csrf_token": browser.token, **VALID.get(endpoint, {})}
        response = browser.client.open(url, method=method, data=data if method == "POST" else None)
        assert response.status_code == expected[role], (endpoint, role, response.status_code)


@pytest.mark.parametrize("endpoint", ["claims.request_page", "claims.letter", "claims.send_request",
                                      "claims.request_document"])
def test_without_consent_the_office_gets_nothing(app, centre, version, endpoint):
    """The same routes for the ones allowed, once the consent is withdrawn."""
    method, template, before, _expected = MATRIX[endpoint]
    ids = prepared(app, centre, version, before)
    [result] = send(centre.worker, withdraw(centre.worker.person.id, ids["case"], ids.pop("consent"), today()))
    assert result["status"] == "applied"
    browser = centre.city_partner if endpoint.startswith("claims.request_") else centre.worker
    browser.page()
    data = {"csrf_token": browser.token, **VALID.get(endpoint, {})}
    response = browser.client.open(template.format(**ids), method=method, data=data if method == "POST" else None)
    assert response.status_code == 403
    if browser is centre.city_partner:
        assert "Anna Müller" not in response.get_data(as_text=True)
    with app.app_context():
        channels = [r[0] for r in get_db().execute("SELECT channel FROM disclosure WHERE case_id = ?", [ids["case"]])]
    assert channels == []  # nothing left for the office: no disclosure recorded
