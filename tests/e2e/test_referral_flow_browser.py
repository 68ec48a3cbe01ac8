"""A partner refers a tenant → a supervisor assigns → the worker sees it first with its countdown,
while the partner sees only "received" (real Chromium, phone-sized, each person on their own phone)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from outreach.auth.people import create_organisation, create_team
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.people import make_person


def test_partner_referral_reaches_the_worker_first_and_the_partner_sees_only_receipt(live_app_factory,
                                                                                       signed_in_phone):
    server = live_app_factory()
    today = berlin_today()
    with server.app.app_context():
        team = create_team(get_db(), "Team Nord")
        housing = create_organisation(get_db(), "Wohnungsgesellschaft Senftenberg", "housing_company", "DSGVO")
    supervisor = make_person(server.app, email="s@example.org", name="Andreas Richter", roles=("supervisor",),
                             team_id=team)
    worker = make_person(server.app, email="w@example.org", name="Jana Becker", roles=("worker",), team_id=team)
    partner = make_person(server.app, email="p@example.org", name="Thomas Neumann", roles=("partner",),
                          organisation_id=housing)

    # The worker already has a calmer case.
    worker_phone = signed_in_phone(server, worker)
    supervisor_phone = signed_in_phone(server, supervisor)
    supervisor_phone.goto(server.url + "/cases/new")
    supervisor_phone.get_by_label("Mieter/in").fill("Clara Ruhig")
    supervisor_phone.get_by_label("Straße und Hausnummer").fill("Lindenweg 7")
    supervisor_phone.get_by_label("Postleitzahl").fill("01968")
    supervisor_phone.get_by_label("Ort").fill("Senftenberg")
    supervisor_phone.get_by_label("Meldung eingegangen am").fill(today.isoformat())
    supervisor_phone.get_by_role("button", name="Fall anlegen").tap()
    expect(supervisor_phone.get_by_role("heading", level=1)).to_have_text("Clara Ruhig")

    # The partner refers a tenant whose eviction suit was served six weeks ago.
    partner_phone = signed_in_phone(server, partner)
    partner_phone.get_by_role("link", name="Meldungen").tap()
    partner_phone.get_by_role("link", name="Mieter/in melden").tap()
    partner_phone.get_by_label("Mieter/in").fill("Erika Nowak")
    partner_phone.get_by_label("Straße und Hausnummer").fill("Thälmannstraße 12")
    partner_phone.get_by_label("Postleitzahl").fill("01968")
    partner_phone.get_by_label("Ort").fill("Senftenberg")
    partner_phone.get_by_label("Mietrückstand (€)").fill("1.320,00")
    partner_phone.get_by_label("Stufe").select_option("eviction_suit")
    partner_phone.get_by_label("Räumungsklage zugestellt").fill((today - timedelta(days=45)).isoformat())
    partner_phone.get_by_label("Ja").check()
    partner_phone.get_by_role("button", name="Meldung senden").tap()
    expect(partner_phone.locator(".notice")).to_have_text("Danke: Ihre Meldung ist eingegangen.")
    expect(partner_phone.locator(".referral-row")).to_contain_text("Eingegangen am")

    # The supervisor finds it in the intake and assigns it to the worker.
    supervisor_phone.get_by_role("link", name="Eingang").tap()
    supervisor_phone.get_by_role("link", name=re.compile("Erika Nowak")).tap()
    supervisor_phone.get_by_label("Fachkraft").select_option(label="Jana Becker")
    supervisor_phone.get_by_role("button", name="Fall anlegen und zuweisen").tap()
    expect(supervisor_phone.get_by_role("heading", level=1)).to_have_text("Erika Nowak")

    # The worker sees it first, with the Schonfrist countdown.
    worker_phone.get_by_role("link", name="Fälle").tap()
    rows = worker_phone.locator(".case-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Erika Nowak")
    expect(rows.first).to_contain_text("Ende der Schonfrist")
    expect(rows.first.locator(".countdown")).to_have_text(re.compile(r"^in \d+ Tagen$"))
    expect(rows.nth(1)).to_contain_text("Clara Ruhig")

    # The partner's page says exactly what it said before: received, and when.
    partner_phone.reload()
    main = partner_phone.get_by_role("main")
    expect(main).to_contain_text("Eingegangen am")
    expect(main).not_to_contain_text("Jana Becker")
    expect(main).not_to_contain_text(re.compile(r"\d{4}-\d{4}"))
    assert partner_phone.goto(server.url + "/cases").status == 403
