"""Every query the hot pages run uses an index on the large tables: each statement executed while
the caseload, case page, deadline board, intake, approvals, audit log, search, note page and sync
are served is captured and explained; a full scan of a table that grows with the centre fails."""

from __future__ import annotations

import re

import pytest

from outreach import db as database
from tests.support.notes import save_note, send
from tests.web.test_cases import form, open_case
from tests.web.test_referrals import refer, referral_id

# Tables that grow with cases, notes and time. Small tables (teams, organisations, roles,
# reference values, templates) may be scanned.
LARGE = {"household_case", "household_member", "arrears_month", "key_date", "contact_attempt", "case_assignment",
         "visit_note", "note_revision", "sync_mutation", "case_on_device", "approval", "note_return",
         "budget_plan", "budget_revision", "copy_handover", "consent_record", "consent_withdrawal",
         "consent_handover", "disclosure", "referral", "audit_log", "web_session", "device", "challenge",
         "claim", "claim_decision", "claim_request", "rent_statement", "case_document", "case_document_page",
         "shelter_request", "placement", "placement_person"}
# A scan that is the point of the query, with the reason (each one reviewed):
ALLOWED = {
    # The chain head: the newest row by its primary key.
    ("audit_log", "SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1"),
}


@pytest.fixture
def statements():
    captured: list[str] = []
    with database.trace_requests(captured.append):
        yield captured


def full_scans(db, sql: str) -> list[str]:
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    scans = []
    for step in plan:
        match = re.match(r"SCAN (\w+)(?: AS \w+)?$", step) or re.match(r"SCAN (\w+)(?: AS \w+)? USING ROWID", step)
        if match and match.group(1) in LARGE:
            scans.append(match.group(1))
    return scans


def test_hot_pages_scan_no_large_table(app, centre, statements):
    case_id = open_case(centre)
    worker, supervisor = centre.worker, centre.supervisor
    note = save_note(worker.person.id, case_id, status="submitted")
    send(worker, note)
    assert refer(centre.partner).status_code == 303
    assert refer(centre.partner, tenant_name="Anna Müller").status_code == 303  # a likely duplicate
    waiting = referral_id(app, "Anna Müller")
    request_id, landlord_case = _claims_and_landlord(app, centre, case_id)
    shelter_request, placement = _shelter(app, centre, case_id)
    statements.clear()
    pages = [(worker, "/cases"), (worker, f"/cases/{case_id}"), (worker, "/deadlines"), (worker, "/sync/caseload"),
             (worker, f"/visits/{note['entity_id']}"), (supervisor, "/approvals"),
             (supervisor, f"/approvals/{note['entity_id']}"), (supervisor, "/intake"), (supervisor, f"/intake/{waiting}"),
             (supervisor, "/cases"),
             (centre.admin, "/admin/audit"), (centre.admin, "/admin/audit?action=case"),
             (centre.admin, "/admin/audit?before=5"), (centre.admin, "/admin/audit?after=2"),
             (centre.partner, "/referrals"), (centre.city_partner, "/authority/requests"),
             (centre.city_partner, f"/authority/requests/{request_id}"), (centre.partner, "/landlord/cases"),
             (centre.partner, f"/landlord/cases/{landlord_case}"), (centre.city_partner, "/city/shelter-requests"),
             (centre.city_partner, f"/city/shelter-requests/{shelter_request}"), (centre.city_partner, "/city/placements"),
             (centre.city_partner, f"/city/placements/{placement}"), (centre.city_partner, "/city/placements/return"),
             (centre.city_partner, "/city/placements/return.csv")]
    for browser, url in pages:
        assert browser.client.get(url).status_code == 200, url
    assert worker.client.post("/cases/search", data=form(worker, q="Müller")).status_code == 200
    send(worker, save_note(worker.person.id, case_id, situation="Noch eine."))
    selects = sorted({s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))})
    assert len(selects) > 30  # the capture really saw the pages' queries
    assert any("claim_request" in s for s in selects) and any("rent_statement" in s for s in selects)
    assert any("shelter_request" in s for s in selects) and any("placement_person" in s for s in selects)
    db = database.connect(app.config["DATABASE_PATH"])
    offending = {}
    for sql in selects:
        for table in full_scans(db, sql):
            if not any(table == t and sql.strip().startswith(prefix) for t, prefix in ALLOWED):
                offending.setdefault(table, []).append(sql[:200])
    assert offending == {}


def _claims_and_landlord(app, centre, case_id):
    """A take-over request to the city, a document on the claim and a landlord's statement."""
    from outreach.cases import store as cases_store
    from tests.web.test_claim_requests import consent as claim_consent
    from tests.web.test_claim_requests import published_version, send_request
    from tests.web.test_documents import add as add_document
    from tests.web.test_landlord import statement

    with app.app_context():
        db = database.get_db()
        cases_store.set_fields(db, case_id, landlord_organisation_id=centre.housing)
        tenant = cases_store.members(db, case_id)[0]["id"]
    centre.worker.client.post(f"/cases/{case_id}/claims", data=form(
        centre.worker, kind="rent_arrears_takeover", addressee_organisation_id=centre.city, amount_asked="650,00"))
    with app.app_context():
        claim_id = database.get_db().execute("SELECT id FROM claim WHERE case_id = ?", [case_id]).fetchone()[0]
    version = published_version(app, centre.admin, [centre.city, centre.housing],
                                purposes=("status_feedback", "arrears_takeover"),
                                categories=("status", "contact", "arrears_plan", "household", "documents"))
    case = {"id": case_id, "tenant": tenant, "version": version, "claim": claim_id}
    claim_consent(centre, case, categories=("status", "contact", "arrears_plan", "household", "documents"),
                  purposes=("status_feedback", "arrears_takeover"), recipients=[centre.city, centre.housing])
    send(centre.worker, add_document(centre.worker.person.id, case_id, claim_id=claim_id))
    assert send_request(centre, case, categories=("contact", "arrears_plan", "documents")).status_code == 303
    assert statement(centre, case_id, [("2026-10", "650", "0")], as_of="2026-11-30").status_code == 303
    with app.app_context():
        request_id = database.get_db().execute("SELECT id FROM claim_request").fetchone()[0]
    return request_id, case_id


def _shelter(app, centre, case_id):
    """An eviction date on the case, a shelter request to the city and the place it gave."""
    from datetime import timedelta

    from outreach.cases import store as cases_store
    from outreach.clock import berlin_today
    from tests.support.consent import published_version
    from tests.web.test_shelter import PLACE, ask, consent

    with app.app_context():
        db = database.get_db()
        cases_store.add_key_date(db, case_id, "eviction_date", berlin_today() + timedelta(days=20), None)
        tenant = cases_store.members(db, case_id)[0]["id"]
    version = published_version(app, centre.admin, [centre.city], purposes=("emergency_accommodation",),
                                categories=("contact", "household"), name="Notunterbringung")
    case = {"id": case_id, "tenant": tenant, "version": version}
    consent(centre, case)
    assert ask(centre, case).status_code == 303
    with app.app_context():
        request_id = database.get_db().execute("SELECT id FROM shelter_request").fetchone()[0]
    centre.city_partner.page(f"/city/shelter-requests/{request_id}")
    assert centre.city_partner.client.post(f"/city/shelter-requests/{request_id}/answer", data=form(
        centre.city_partner, **PLACE, begins_on=berlin_today().isoformat())).status_code == 303
    with app.app_context():
        placement = database.get_db().execute("SELECT id FROM placement").fetchone()[0]
    return request_id, placement
