"""A take-over request and its answer between two phones (issue 20): the worker sends it from the
case page in the app, the Jobcenter opens it, sees exactly what the consent releases and commits
the amount in time; the worker's case page then says the commitment heals the termination."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from outreach import evidence
from outreach.auth.people import create_organisation, create_team
from outreach.cases import store as cases_store
from outreach.claims import store as claims_store
from outreach.clock import berlin_today
from outreach.consent import versions
from outreach.db import get_db
from outreach.demo.claims import sign_consents
from outreach.domain.consent import new_content
from tests.support.people import make_person


def test_request_in_the_app_and_the_office_s_commitment(live_app_factory, signed_in_phone):
    server = live_app_factory()
    today = berlin_today()
    with server.app.app_context():
        db = get_db()
        team = create_team(db, "Team Nord")
        jobcenter = create_organisation(db, "Jobcenter Oberspreewald-Lausitz", "jobcenter", "SGB X")
    worker = make_person(server.app, email="w@example.org", name="Jana Becker", roles=("worker",), team_id=team)
    admin = make_person(server.app, email="a@example.org", name="Katrin Vogel", roles=("admin",))
    officer = make_person(server.app, email="j@example.org", name="Uwe Schmidt", roles=("partner",),
                          organisation_id=jobcenter)
    with server.app.app_context():
        db = get_db()
        case = cases_store.create_case(
            db, stage="eviction_suit", source="court_notice", street="Am Neumarkt 3", postcode="01968",
            city="Senftenberg", report_received_on=today - timedelta(days=20), worker_id=worker.id, team_id=team,
            by=worker.id, situation="", today=today,
            members=[{"name": "Piotr Nowak", "birth_year": 1982, "relation": "Mieter", "lease_party": True}])
        tenant = cases_store.members(db, case["id"])[0]["id"]
        cases_store.add_key_date(db, case["id"], "suit_served", today - timedelta(days=20), worker.id, tenant)
        cases_store.set_ledger_month(db, case["id"], today.year, today.month, 81000, 0)
        content = new_content(title="Einwilligung", intro="Ich möchte, dass die Beratungsstelle hilft.",
                              language="de", easy_language=False,
                              recipients=[{"organisation_id": jobcenter, "name": "Jobcenter", "department": ""}],
                              purposes=["coordination", "arrears_takeover"],
                              categories=["status", "contact", "arrears_plan", "household", "documents", "income"],
                              validity_months=12)
        versions.publish(db, versions.create_template(db, "Schweigepflichtentbindung", content, admin.id), admin.id)
        sign_consents(db, case, [jobcenter], evidence.current_key()[1], today,
                      purposes=("coordination", "arrears_takeover"))
        claims_store.create(db, case["id"], kind="rent_arrears_takeover", addressee_organisation_id=jobcenter,
                            addressee_name="", amount_asked_cents=81000, filed_on=None, note="", by=worker.id)

    # The Jobcenter's officer has a passkey: the office answers in the app.
    office = signed_in_phone(server, officer)
    # The worker sends the request from the case page, in the app.
    worker_phone = signed_in_phone(server, worker)
    worker_phone.goto(f"{server.url}/cases/{case['id']}")
    worker_phone.locator("summary", has_text="Anträge bei Behörden").tap()
    worker_phone.locator("summary", has_text="Antrag an Jobcenter Oberspreewald-Lausitz senden").tap()
    claims = worker_phone.locator("#claims")
    claims.get_by_label("Einnahmen").uncheck()
    claims.get_by_label("Begründung").fill("Räumungsklage zugestellt; Herr Nowak zahlt die laufende Miete.")
    claims.get_by_role("button", name="In der App senden").tap()
    expect(claims).to_contain_text("Antrag an Jobcenter Oberspreewald-Lausitz in der App")
    expect(claims).to_contain_text("wartet auf die Stelle")

    # The Jobcenter sees it waiting, opens it: the tenant's name and arrears, not the income.
    office.goto(server.url + "/")
    expect(office.get_by_role("link", name=re.compile("Anfragen"))).to_contain_text("1")
    office.get_by_role("link", name=re.compile("Anfragen")).tap()
    office.get_by_role("link", name=re.compile("Übernahme der Mietschulden")).tap()
    main = office.get_by_role("main")
    expect(main).to_contain_text("Piotr Nowak")
    expect(main).to_contain_text("810,00")
    expect(main).to_contain_text("Die Schonfrist endet am")
    expect(main.locator('[data-field="income"]')).to_have_count(0)
    office.get_by_label("Bewilligt (Verpflichtungserklärung)").check()
    office.get_by_label("Zugesagter Betrag (bei Bewilligung)").fill("810,00")
    office.get_by_label("Darlehen oder Beihilfe").select_option("loan")
    office.get_by_label("Zusage an den Vermieter").fill("Wohnungsgesellschaft Senftenberg mbH")
    office.get_by_label("Die Zusage hat den Vermieter erreicht am (falls bekannt)").fill(today.isoformat())
    office.get_by_role("button", name="Antwort senden").tap()
    expect(office.locator('[data-field="decision"]')).to_contain_text("810,00")
    expect(office.locator("#answer")).to_have_count(0)

    # Back on the worker's phone: decided, and the commitment heals the termination.
    worker_phone.reload()
    worker_phone.locator("summary", has_text="Anträge bei Behörden").tap()
    expect(worker_phone.locator('[data-commitment="in_time"]')).to_contain_text("rechtzeitig")
