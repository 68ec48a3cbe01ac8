"""A tenancy check-in recorded offline in real Chromium on a phone: the closed case whose
3-month follow-up is near is on the phone, the check-in is kept as "not yet sent", then
arrives once when the connection returns."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from outreach.auth.people import create_team
from outreach.cases import closing, store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.e2e.test_offline_caseload import caseload_ready, reopen
from tests.support.people import make_person


@pytest.fixture
def closed_case(live_app_factory, signed_in_phone):
    server = live_app_factory(CASELOAD_REFRESH_SECONDS=0)
    with server.app.app_context():
        team = create_team(get_db(), "Team Nord")
    supervisor = make_person(server.app, email="s@example.org", name="Andreas Richter", roles=("supervisor",), team_id=team)
    worker = make_person(server.app, email="w@example.org", name="Jana Becker", roles=("worker",), team_id=team)
    with server.app.app_context():
        db = get_db()
        case = store.create_case(db, stage="termination", source="housing_company", street="Am Neumarkt 9",
                                 postcode="01968", city="Senftenberg",
                                 report_received_on=berlin_today() - timedelta(days=200), worker_id=worker.id,
                                 team_id=team, by=supervisor.id, today=berlin_today(),
                                 members=[{"name": "Erika Nowak", "birth_year": 1971, "relation": "Mieterin",
                                           "lease_party": True}])
        closing.close(db, case["id"], outcome="flat_kept", on=berlin_today() - timedelta(days=85), by=worker.id)
    page = signed_in_phone(server, worker)
    return server, page, case


def test_a_check_in_written_offline_arrives_once(closed_case):
    server, page, case = closed_case
    page.goto(f"{server.url}/cases")
    expect(page.locator(".case-title")).to_contain_text(["Erika Nowak"])  # closed, but the check-in is near
    page.goto(f"{server.url}/cases/{case['id']}")
    caseload_ready(page)
    context = page.context
    context.set_offline(True)
    page = reopen(context, f"{server.url}/cases/{case['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Erika Nowak")
    section = page.locator("#follow-ups")
    expect(section).to_contain_text("Nach 3 Monaten")
    form = section.locator('[data-outbox-form="follow_up.record"]').first
    form.get_by_role("button", name="Nachfrage festhalten").tap()  # nothing chosen yet: the browser asks
    form.get_by_label("Mietverhältnis besteht").check()
    form.get_by_label("Kurze Notiz").fill("Miete läuft über das Jobcenter, Kontakt gut")
    form.get_by_role("button", name="Nachfrage festhalten").tap()
    expect(section.locator(".pending-item")).to_contain_text(["Nachfrage nach 3 Monaten"])
    expect(section.locator(".pending-item").first).to_contain_text("Noch nicht gesendet")
    with server.app.app_context():
        assert get_db().execute("SELECT count(*) FROM follow_up WHERE status = 'done'").fetchone()[0] == 0

    # The page opened again offline does not ask for the same check-in twice.
    page = reopen(context, f"{server.url}/cases/{case['id']}")
    expect(page.locator("#follow-ups .pending-item")).to_have_count(1)
    expect(page.locator('#follow-ups [data-outbox-form="follow_up.record"]').first).to_be_hidden()

    context.set_offline(False)
    page.goto(f"{server.url}/cases/{case['id']}")
    expect(page.locator("#follow-ups .pending-item")).to_have_count(0, timeout=20000)
    page.reload()
    expect(page.locator("#follow-ups")).to_contain_text("Mietverhältnis besteht")
    with server.app.app_context():
        rows = list(get_db().query("SELECT status, result, note, mutation_id FROM follow_up WHERE months = 3"))
        applied = get_db().execute("SELECT count(*) FROM sync_mutation").fetchone()[0]
    assert [(r["status"], r["result"], r["note"]) for r in rows] == [
        ("done", "stands", "Miete läuft über das Jobcenter, Kontakt gut")]
    assert rows[0]["mutation_id"] and applied == 1
