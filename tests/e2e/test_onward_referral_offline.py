"""Onward referrals written offline in real Chromium on a phone (issue 21): the help network's
directory opens offline, a referral is kept as "not yet sent" and arrives once when the
connection returns; a referral with data that no consent covers comes back as needing attention,
with the reason, and blocks nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from outreach.auth.people import create_organisation, create_team
from outreach.cases import store
from outreach.clock import berlin_today
from outreach.db import get_db
from outreach.services import store as services
from tests.e2e.test_offline_caseload import caseload_ready, reopen
from tests.support.people import make_person


@pytest.fixture
def open_case(live_app_factory, signed_in_phone):
    server = live_app_factory(CASELOAD_REFRESH_SECONDS=0)
    with server.app.app_context():
        db = get_db()
        team = create_team(db, "Team Nord")
        debt = create_organisation(db, "Schuldnerberatung Lausitz", "other", "Einwilligung")
        blank = {"street": "", "postcode": "", "city": "", "opening_hours": "", "phone": "", "email": "",
                 "languages": ["de"], "waiting_weeks": None, "note": "", "active": True}
        services.create(db, {**blank, "name": "Tafel Senftenberg", "kind": "food_bank", "accepts_data_referrals": False,
                             "organisation_id": None, "opening_hours": "Di und Fr 10–13 Uhr"}, by=None)
        services.create(db, {**blank, "name": "Schuldnerberatung Lausitz", "kind": "debt_counselling",
                             "accepts_data_referrals": True, "organisation_id": debt, "waiting_weeks": 10}, by=None)
    supervisor = make_person(server.app, email="s@example.org", name="Andreas Richter", roles=("supervisor",), team_id=team)
    worker = make_person(server.app, email="w@example.org", name="Jana Becker", roles=("worker",), team_id=team)
    with server.app.app_context():
        case = store.create_case(get_db(), stage="termination", source="housing_company", street="Am Neumarkt 9",
                                 postcode="01968", city="Senftenberg", report_received_on=berlin_today() - timedelta(days=5),
                                 worker_id=worker.id, team_id=team, by=supervisor.id, today=berlin_today(),
                                 members=[{"name": "Erika Nowak", "birth_year": 1971, "relation": "Mieterin",
                                           "lease_party": True}])
    page = signed_in_phone(server, worker)
    return server, page, case


def test_a_referral_written_offline_arrives_once_and_a_refused_one_blocks_nothing(open_case):
    server, page, case = open_case
    page.goto(f"{server.url}/cases/{case['id']}")
    caseload_ready(page)
    context = page.context
    context.set_offline(True)

    directory = reopen(context, f"{server.url}/services")  # the directory is on the phone
    expect(directory.get_by_role("heading", level=1)).to_have_text("Hilfenetz")
    directory.get_by_label("Art des Angebots").select_option("food_bank")
    expect(directory.locator("#service-count")).to_have_text("1 Angebot")
    expect(directory.locator(".service-item:not([hidden])")).to_contain_text(["Tafel Senftenberg"])

    page = reopen(context, f"{server.url}/cases/{case['id']}")
    page.locator("summary", has_text="Hilfenetz").first.tap()
    section = page.locator("#help")
    section.locator("summary", has_text="An ein Angebot vermitteln").tap()
    form = section.locator('[data-outbox-form="onward_referral.add"]')
    form.get_by_label("Angebot", exact=True).select_option(label="Tafel Senftenberg (Tafel)")
    form.get_by_label("Warum").fill("Überbrückung bis zur ersten Zahlung des Jobcenters")
    form.get_by_role("button", name="Vermittlung speichern").tap()
    expect(section.locator(".pending-item")).to_contain_text(["Vermittlung an Tafel Senftenberg"])
    form.get_by_label("Angebot", exact=True).select_option(index=0)  # the debt counselling, with data
    form.get_by_label("Warum").fill("Mehrere Gläubiger, Kontopfändung droht")
    form.get_by_label("Vermittlung mit Daten").check()
    form.get_by_label("Kontaktdaten").check()
    form.get_by_role("button", name="Vermittlung speichern").tap()
    expect(section.locator(".pending-item")).to_have_count(2)
    expect(section.locator(".pending-item").first).to_contain_text("Noch nicht gesendet")
    with server.app.app_context():
        assert get_db().execute("SELECT count(*) FROM onward_referral").fetchone()[0] == 0

    context.set_offline(False)
    page.goto(f"{server.url}/cases/{case['id']}")
    page.locator("summary", has_text="Hilfenetz").first.tap()
    refused = page.locator('#help .pending-item[data-state="attention"]')
    expect(refused).to_have_count(1, timeout=20000)
    expect(refused).to_contain_text("Keine gültige Einwilligung")
    expect(page.locator("#help .pending-item")).to_have_count(1)
    page.reload()
    expect(page.locator("#help .onward-referrals")).to_contain_text("Tafel Senftenberg", use_inner_text=False)
    with server.app.app_context():
        db = get_db()
        rows = list(db.query("SELECT channel, reason, mutation_id FROM onward_referral"))
        disclosed = db.execute("SELECT count(*) FROM disclosure").fetchone()[0]
    assert [(r["channel"], r["reason"]) for r in rows] == [
        ("contact_given", "Überbrückung bis zur ersten Zahlung des Jobcenters")]
    assert rows[0]["mutation_id"] and disclosed == 0
