"""Visit notes written offline in real Chromium: kept on the phone, visible at once, sent exactly once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from outreach.auth.people import create_team
from outreach.cases import store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.support.people import make_person


@pytest.fixture
def field(live_app_factory, signed_in_phone):
    """A worker with one case, signed in on their phone; the service worker controls the page."""
    server = live_app_factory()
    with server.app.app_context():
        team = create_team(get_db(), "Team Nord")
    supervisor = make_person(server.app, email="s@example.org", name="Andreas Richter", roles=("supervisor",),
                             team_id=team)
    worker = make_person(server.app, email="w@example.org", name="Jana Becker", roles=("worker",), team_id=team)
    with server.app.app_context():
        case = store.create_case(get_db(), stage="eviction_suit", source="court_notice", street="Am Neumarkt 3",
                                 postcode="01968", city="Senftenberg", report_received_on=berlin_today(),
                                 worker_id=worker.id, team_id=team, by=supervisor.id, today=berlin_today(),
                                 members=[{"name": "Erika Nowak", "birth_year": 1971, "relation": "Mieterin",
                                           "lease_party": True}])
    page = signed_in_phone(server, worker)
    wait_for_control(page)

    class Field:
        pass

    f = Field()
    f.server, f.page, f.case, f.worker, f.supervisor, f.team = server, page, case, worker, supervisor, team
    return f


def wait_for_control(page):
    """The worker may activate while the page after sign-in is still loading; that page then stays
    uncontrolled (clients.claim() came too early for it) and the next load is controlled."""
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)


def notes_on_server(server, case_id):
    with server.app.app_context():
        return [tuple(r) for r in get_db().execute(
            "SELECT json_extract(r.payload, '$.situation'), r.state FROM note_revision r "
            "JOIN visit_note n ON n.id = r.note_id WHERE n.case_id = ? ORDER BY r.received_at", [case_id])]


def save(page):
    page.get_by_role("button", name="Notiz speichern").tap()
    expect(page.locator("[data-form-message]")).to_have_text(re.compile("Auf diesem Gerät gespeichert"))


def write_note(page, situation, when="2026-11-20T10:15"):
    page.get_by_label("Datum und Uhrzeit").fill(when)
    page.get_by_label("Situation").fill(situation)
    save(page)


def test_two_notes_written_offline_arrive_exactly_once(field):
    page, server, case = field.page, field.server, field.case
    page.goto(f"{server.url}/cases/{case['id']}/visits/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Besuchsnotiz")
    page.context.set_offline(True)
    when = (berlin_today() - timedelta(days=1)).isoformat() + "T10:15"
    write_note(page, "Frau Nowak hat den Brief vom Gericht gezeigt.", when)
    write_note(page, "Zweiter Besuch: Jobcenter-Antrag besprochen.", when)
    pending = page.locator(".pending-item")
    expect(pending).to_have_count(2)
    expect(pending.first).to_contain_text("Noch nicht gesendet")

    # Still offline: the precached outbox page lists both, read from IndexedDB.
    page.goto(server.url + "/outbox")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wartet auf das Senden")
    items = page.locator(".outbox-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Noch nicht gesendet")
    assert notes_on_server(server, case["id"]) == []

    # The connection returns: both arrive, exactly once, and the marks clear.
    page.context.set_offline(False)
    page.goto(f"{server.url}/cases/{case['id']}")
    expect(page.locator("[data-pending-list][data-rendered]").first).to_be_attached(timeout=10000)
    expect(page.locator(".pending-item")).to_have_count(0, timeout=15000)
    expect(page.locator("[data-sync-status]")).to_contain_text("0 warten")
    page.reload()
    expect(page.locator("#visits .case-row")).to_have_count(2)
    assert sorted(notes_on_server(server, case["id"])) == [
        ("Frau Nowak hat den Brief vom Gericht gezeigt.", "current"),
        ("Zweiter Besuch: Jobcenter-Antrag besprochen.", "current"),
    ]


def yesterday_at(hour="10:15"):
    return (berlin_today() - timedelta(days=1)).isoformat() + "T" + hour


def open_form(f):
    f.page.goto(f"{f.server.url}/cases/{f.case['id']}/visits/new")
    expect(f.page.get_by_role("heading", level=1)).to_have_text("Besuchsnotiz")


def expect_all_sent(page):
    # The lists are filled from the outbox after the page loads: only an outbox read counts as "empty".
    expect(page.locator("[data-pending-list][data-rendered]").first).to_be_attached(timeout=10000)
    expect(page.locator(".pending-item")).to_have_count(0, timeout=20000)


def test_a_case_reassigned_while_offline_arrives_flagged(field):
    from outreach.cases.store import assign

    open_form(field)
    # The phone received the case in its offline copy (the server's record behind sync promise 4).
    wait_for_control(field.page)
    expect(field.page.locator("[data-sync-status]")).to_contain_text("Seiten offline verfügbar", timeout=20000)
    field.page.context.set_offline(True)
    colleague = make_person(field.server.app, email="k@example.org", name="Konrad Kollege", roles=("worker",),
                            team_id=field.team)
    with field.server.app.app_context():
        assign(get_db(), field.case["id"], colleague.id, field.team, field.supervisor.id)
    write_note(field.page, "Geschrieben, bevor ich von der Neuzuweisung wusste.", yesterday_at())
    field.page.context.set_offline(False)
    field.page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect_all_sent(field.page)
    with field.server.app.app_context():
        note = get_db().execute("SELECT to_route FROM visit_note").fetchone()
        revision = get_db().execute("SELECT reassigned, state FROM note_revision").fetchone()
    assert tuple(note) == (1,) and tuple(revision) == (1, "current")


def test_dropped_connection_after_commit_is_retried_and_applied_once(field):
    faults = field.server.app.extensions["outreach_faults"]
    open_form(field)
    faults.drop_after_commit = 1
    write_note(field.page, "Die Verbindung bricht nach dem Speichern ab.", yesterday_at())
    expect_all_sent(field.page)
    assert faults.fired == ["drop_after_commit"]  # the fault really happened
    assert notes_on_server(field.server, field.case["id"]) == [("Die Verbindung bricht nach dem Speichern ab.",
                                                                "current")]
    with field.server.app.app_context():
        assert get_db().execute("SELECT count(*) FROM sync_mutation").fetchone()[0] == 1


def test_server_unavailable_for_a_while_then_sent(field):
    faults = field.server.app.extensions["outreach_faults"]
    open_form(field)
    faults.unavailable = 2
    write_note(field.page, "Der Server war kurz nicht erreichbar.", yesterday_at())
    expect(field.page.locator(".pending-item")).to_have_count(1)
    expect_all_sent(field.page)
    assert faults.fired == ["unavailable", "unavailable"]
    assert len(notes_on_server(field.server, field.case["id"])) == 1


def test_a_rejected_note_keeps_its_reason_is_corrected_and_resent(field):
    open_form(field)
    field.page.get_by_label("Datum und Uhrzeit").fill(yesterday_at())
    field.page.get_by_role("button", name="Notiz speichern").tap()  # no situation: the server refuses
    item = field.page.locator(".pending-item")
    expect(item).to_contain_text("Braucht Ihre Aufmerksamkeit", timeout=15000)
    expect(item).to_contain_text("Eine Angabe fehlt oder ist ungültig: Situation")
    field.page.reload()  # still there after a reload: nothing is lost
    expect(item).to_contain_text("Eine Angabe fehlt oder ist ungültig: Situation")
    item.get_by_role("button", name="Korrigieren").tap()
    field.page.get_by_label("Situation").fill("Nachgetragen: Mieterin angetroffen, Unterlagen gesichtet.")
    save(field.page)
    expect_all_sent(field.page)
    assert notes_on_server(field.server, field.case["id"]) == [
        ("Nachgetragen: Mieterin angetroffen, Unterlagen gesichtet.", "current")]


def test_session_expires_while_items_wait_then_sign_in_sends_them(field):
    open_form(field)
    field.page.context.set_offline(True)
    write_note(field.page, "Geschrieben, während die Sitzung abläuft.", yesterday_at())
    with field.server.app.app_context():
        get_db().execute("UPDATE web_session SET ended_at = '2000-01-01T00:00:00.000000Z'")
    field.page.context.set_offline(False)
    field.page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(field.page.locator("[data-sync-status]")).to_contain_text("Bitte melden Sie sich wieder an", timeout=15000)
    expect(field.page.locator(".pending-item")).to_have_count(1)
    assert notes_on_server(field.server, field.case["id"]) == []
    # Sign in again as the same person: sending resumes, nothing is flagged.
    field.page.goto(field.server.url + "/signin")
    field.page.get_by_role("button", name="Mit Passkey anmelden").tap()
    expect(field.page).to_have_url(field.server.url + "/")
    field.page.goto(f"{field.server.url}/cases/{field.case['id']}")
    expect_all_sent(field.page)
    assert notes_on_server(field.server, field.case["id"]) == [("Geschrieben, während die Sitzung abläuft.", "current")]


def test_two_devices_change_the_same_note_offline_both_kept_conflict_shown_and_resolved(field, signed_in_phone):
    phone_a = field.page
    open_form(field)
    write_note(phone_a, "Erste Fassung.", yesterday_at())
    expect_all_sent(phone_a)
    with field.server.app.app_context():
        note_id = get_db().execute("SELECT id FROM visit_note").fetchone()[0]
    phone_b = signed_in_phone(field.server, field.worker)  # the same worker's second device
    edit_url = f"{field.server.url}/visits/{note_id}/edit"
    for phone in (phone_a, phone_b):
        phone.goto(edit_url)
        expect(phone.get_by_label("Situation")).to_have_value("Erste Fassung.")
        phone.context.set_offline(True)
    for phone, text in ((phone_a, "Fassung vom Diensthandy."), (phone_b, "Fassung vom Tablet.")):
        phone.get_by_label("Situation").fill(text)
        save(phone)
    for phone in (phone_a, phone_b):
        phone.context.set_offline(False)
        phone.evaluate("() => window.dispatchEvent(new Event('online'))")
        expect_all_sent(phone)
    assert sorted(notes_on_server(field.server, field.case["id"])) == [
        ("Erste Fassung.", "superseded"), ("Fassung vom Diensthandy.", "current"), ("Fassung vom Tablet.", "conflict")]

    # The author sees the conflict with both texts, and resolves it with a third version.
    phone_a.goto(f"{field.server.url}/visits/{note_id}")
    expect(phone_a.locator(".conflict-badge")).to_have_text("Konflikt")
    expect(phone_a.get_by_role("region", name="Beide Fassungen")).to_contain_text("Fassung vom Diensthandy.")
    expect(phone_a.get_by_role("region", name="Beide Fassungen")).to_contain_text("Fassung vom Tablet.")
    phone_a.get_by_role("link", name="Konflikt auflösen").tap()
    phone_a.get_by_label("Situation").fill("Zusammengeführt: Diensthandy und Tablet.")
    save(phone_a)
    expect_all_sent(phone_a)
    phone_a.goto(f"{field.server.url}/visits/{note_id}")
    expect(phone_a.locator(".conflict-badge")).to_have_count(0)
    expect(phone_a.get_by_role("main")).to_contain_text("Zusammengeführt: Diensthandy und Tablet.")
    states = dict((text, state) for text, state in notes_on_server(field.server, field.case["id"]))
    assert states == {"Erste Fassung.": "superseded", "Fassung vom Diensthandy.": "superseded",
                      "Fassung vom Tablet.": "resolved", "Zusammengeführt: Diensthandy und Tablet.": "current"}


def test_submitted_offline_synced_approved_with_a_passkey_and_locked_on_the_workers_phone(field, signed_in_phone):
    worker_phone = field.page
    open_form(field)
    worker_phone.context.set_offline(True)
    worker_phone.get_by_label("Datum und Uhrzeit").fill(yesterday_at())
    worker_phone.get_by_label("Situation").fill("Mietschuldenübernahme beantragt.")
    worker_phone.get_by_label("Zur Freigabe einreichen").check()
    save(worker_phone)
    worker_phone.context.set_offline(False)
    worker_phone.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect_all_sent(worker_phone)
    with field.server.app.app_context():
        note_id, status = get_db().execute("SELECT id, status FROM visit_note").fetchone()
    assert status == "submitted"

    supervisor_phone = signed_in_phone(field.server, field.supervisor)
    supervisor_phone.get_by_role("link", name=re.compile("^Freigaben")).tap()
    expect(supervisor_phone.get_by_role("link", name=re.compile("^Freigaben")).locator(".count-badge")).to_have_text("1")
    expect(supervisor_phone.locator("[data-for-you-count]")).to_have_text("1")  # "Für Sie" counts it too
    supervisor_phone.get_by_role("link", name=re.compile("Hausbesuch")).tap()
    expect(supervisor_phone.get_by_role("region", name="Fassungen")).to_contain_text("Mietschuldenübernahme beantragt.")
    supervisor_phone.get_by_role("button", name="Mit Passkey freigeben").tap()
    expect(supervisor_phone).to_have_url(field.server.url + "/approvals")
    expect(supervisor_phone.get_by_role("main")).to_contain_text("Nichts wartet auf Freigabe.")

    worker_phone.goto(f"{field.server.url}/visits/{note_id}")
    expect(worker_phone.locator(".badge").first).to_have_text("Freigegeben")
    expect(worker_phone.get_by_role("main")).to_contain_text("Freigegeben von Andreas Richter")
    expect(worker_phone.get_by_role("link", name="Bearbeiten")).to_have_count(0)
    expect(worker_phone.get_by_role("link", name="Nachtrag schreiben")).to_be_visible()
    with field.server.app.app_context():
        assert get_db().execute("SELECT count(*) FROM approval WHERE note_id = ?", [note_id]).fetchone()[0] == 1
