"""The caseload in the pocket, in real Chromium on a phone-sized screen."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from outreach.auth.people import create_team
from outreach.cases import store
from outreach.clock import berlin_today
from outreach.db import get_db
from tests.e2e.conftest import wait_until
from tests.e2e.test_visit_notes_offline import save, wait_for_control
from tests.support.people import make_person


def open_case_for(server, worker, supervisor, team, name, street):
    with server.app.app_context():
        return store.create_case(get_db(), stage="eviction_suit", source="court_notice", street=street,
                                 postcode="01968", city="Senftenberg", report_received_on=berlin_today(),
                                 worker_id=worker.id, team_id=team, by=supervisor.id, today=berlin_today(),
                                 members=[{"name": name, "birth_year": 1970, "relation": "Mieter/in",
                                           "lease_party": True}])


@pytest.fixture
def centre(live_app_factory):
    def build(**settings):
        server = live_app_factory(**settings)
        with server.app.app_context():
            team = create_team(get_db(), "Team Nord")
        supervisor = make_person(server.app, email="s@example.org", name="Andreas Richter", roles=("supervisor",),
                                 team_id=team)
        jana = make_person(server.app, email="j@example.org", name="Jana Becker", roles=("worker",), team_id=team)
        lukas = make_person(server.app, email="l@example.org", name="Lukas Hoffmann", roles=("worker",), team_id=team)
        mine = open_case_for(server, jana, supervisor, team, "Erika Nowak", "Am Neumarkt 3")
        other = open_case_for(server, lukas, supervisor, team, "Otto Fremd", "Schulstraße 8")
        return server, jana, lukas, mine, other
    return build


def caseload_ready(page):
    """Wait until the service worker copied the caseload (the status line says how many pages)."""
    wait_for_control(page)
    page.goto(page.url)
    expect(page.locator("[data-sync-status]")).to_contain_text(re.compile(r"\d+ Seiten offline verfügbar"), timeout=15000)


def reopen(context, url):
    """Close the app and open it again (a new tab in the same browser profile)."""
    for page in context.pages:
        page.close()
    page = context.new_page()
    page.goto(url)
    return page


def test_offline_the_caseload_case_page_and_visit_form_open_but_not_others_cases(centre, signed_in_phone):
    server, jana, lukas, mine, other = centre()
    page = signed_in_phone(server, jana)
    page.goto(server.url + "/cases")
    caseload_ready(page)
    context = page.context
    context.set_offline(True)
    page = reopen(context, server.url + "/cases")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fälle")
    expect(page.locator(".case-row")).to_contain_text(["Erika Nowak"])
    page.get_by_role("link", name=re.compile("Erika Nowak")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erika Nowak")
    expect(page.locator("#deadlines")).to_be_visible()
    page.get_by_role("link", name="Neue Besuchsnotiz").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Besuchsnotiz")
    page.get_by_label("Situation").fill("Offline geschrieben.")
    page.get_by_label("Datum und Uhrzeit").fill((berlin_today() - timedelta(days=1)).isoformat() + "T09:00")
    save(page)
    page.goto(f"{server.url}/cases/{other['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keine Verbindung")  # not assigned: not there


def test_b_never_sees_as_pages_or_items_on_a_shared_phone(centre, signed_in_phone, browser_context_args):
    server, jana, lukas, mine, other = centre()
    page = signed_in_phone(server, jana)
    page.goto(server.url + "/cases")
    caseload_ready(page)
    page.get_by_role("button", name="Abmelden").tap()
    expect(page).to_have_url(server.url + "/signin?signed_out=1")
    # Lukas signs in on the same browser profile (a new invitation, his own passkey on this phone).
    from tests.support.people import make_invitation

    page.goto(server.url + "/invite/" + make_invitation(server.app, lukas.id))
    page.get_by_role("button", name="Passkey einrichten").tap()
    expect(page).to_have_url(server.url + "/account/passkeys")
    page.goto(server.url + "/cases")
    caseload_ready(page)
    expect(page.locator(".case-row")).to_contain_text(["Otto Fremd"])
    names = page.evaluate("async () => (await caches.keys()).filter(n => n.startsWith('outreach-data-'))")
    assert names == [f"outreach-data-{lukas.id}"]
    databases = page.evaluate("async () => (await indexedDB.databases()).map(d => d.name)")
    assert f"outreach-outbox-{jana.id}" not in databases
    page.context.set_offline(True)
    page.goto(f"{server.url}/cases/{mine['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keine Verbindung")


def test_past_the_offline_lifetime_case_pages_are_gone_and_the_outbox_stays(centre, signed_in_phone):
    server, jana, lukas, mine, other = centre(OFFLINE_LIFETIME_SECONDS=4)
    page = signed_in_phone(server, jana)
    page.goto(f"{server.url}/cases/{mine['id']}/visits/new")
    caseload_ready(page)
    page.context.set_offline(True)
    page.get_by_label("Situation").fill("Wartet auf Netz.")
    page.get_by_label("Datum und Uhrzeit").fill((berlin_today() - timedelta(days=1)).isoformat() + "T09:00")
    save(page)
    page.goto(f"{server.url}/cases/{mine['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Erika Nowak")  # within the lifetime
    time.sleep(5)
    page.goto(f"{server.url}/cases/{mine['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keine Verbindung")
    expect(page.get_by_role("alert")).to_contain_text("zu lange keinen Kontakt")
    assert page.evaluate("async () => (await caches.keys()).filter(n => n.startsWith('outreach-data-')).length") == 0
    page.goto(server.url + "/outbox")
    expect(page.locator(".outbox-item")).to_have_count(1)


def test_sign_out_with_items_waiting(centre, signed_in_phone):
    server, jana, lukas, mine, other = centre()
    page = signed_in_phone(server, jana)
    page.goto(f"{server.url}/cases/{mine['id']}/visits/new")
    caseload_ready(page)
    device_id = page.evaluate("""async () => new Promise(r => { const q = indexedDB.open('outreach-device');
        q.onsuccess = () => { const t = q.result.transaction('device').objectStore('device').get('id');
        t.onsuccess = () => r(t.result); }; })""")
    # Another person's waiting outbox on this phone must survive Jana's sign-out.
    page.evaluate("""async () => new Promise(r => { const q = indexedDB.open('outreach-outbox-someone-else', 1);
        q.onupgradeneeded = () => q.result.createObjectStore('items', {keyPath: 'id'});
        q.onsuccess = () => { const t = q.result.transaction('items', 'readwrite');
        t.objectStore('items').put({id: 'x', state: 'waiting'}); t.oncomplete = () => { q.result.close(); r(); }; }; })""")
    page.context.set_offline(True)
    page.get_by_label("Situation").fill("Vor dem Abmelden geschrieben.")
    page.get_by_label("Datum und Uhrzeit").fill((berlin_today() - timedelta(days=1)).isoformat() + "T09:00")
    save(page)
    page.get_by_role("button", name="Abmelden").tap()
    expect(page.locator("[data-sign-out-message]")).to_contain_text("Abmelden braucht eine Verbindung")
    expect(page).to_have_url(re.compile(r"/visits/new$"))
    page.context.set_offline(False)
    page.get_by_role("button", name="Abmelden").tap()
    expect(page).to_have_url(server.url + "/signin?signed_out=1")
    with server.app.app_context():
        assert get_db().execute("SELECT count(*) FROM note_revision").fetchone()[0] == 1
    databases = page.evaluate("async () => (await indexedDB.databases()).map(d => d.name)")
    assert f"outreach-outbox-{jana.id}" not in databases
    assert "outreach-outbox-someone-else" in databases and "outreach-device" in databases
    assert page.evaluate("async () => (await caches.keys()).filter(n => n.startsWith('outreach-data-')).length") == 0
    assert page.evaluate("async () => (await caches.keys()).some(n => n.startsWith('outreach-shell-'))")
    still = page.evaluate("""async () => new Promise(r => { const q = indexedDB.open('outreach-device');
        q.onsuccess = () => { const t = q.result.transaction('device').objectStore('device').get('id');
        t.onsuccess = () => r(t.result); }; })""")
    assert still == device_id


def test_storage_persistence_is_asked_and_shown(centre, signed_in_phone):
    server, jana, lukas, mine, other = centre()
    page = signed_in_phone(server, jana)
    page.goto(server.url + "/cases")
    caseload_ready(page)
    expect(page.locator("[data-sync-status]")).to_contain_text(re.compile("Speicher (dauerhaft|nicht dauerhaft zugesichert)"))


def data_caches(page):
    return page.evaluate("async () => (await caches.keys()).filter(n => n.startsWith('outreach-data-'))")


def databases(page):
    return page.evaluate("async () => (await indexedDB.databases()).map(d => d.name)")


def test_revoked_device_loses_its_pages_then_sends_once_and_is_wiped(centre, signed_in_phone):
    from outreach.auth import devices

    server, jana, lukas, mine, other = centre()
    page = signed_in_phone(server, jana)
    page.goto(f"{server.url}/cases/{mine['id']}/visits/new")
    caseload_ready(page)
    page.context.set_offline(True)
    page.get_by_label("Situation").fill("Vor der Sperre geschrieben.")
    page.get_by_label("Datum und Uhrzeit").fill((berlin_today() - timedelta(days=1)).isoformat() + "T09:00")
    save(page)
    device_id = page.evaluate("""async () => new Promise(r => { const q = indexedDB.open('outreach-device');
        q.onsuccess = () => { const t = q.result.transaction('device').objectStore('device').get('id');
        t.onsuccess = () => r(t.result); }; })""")
    with server.app.app_context():
        devices.revoke(get_db(), device_id, by=jana.id)
    # Next contact: the server says device_revoked, the cached case pages go at once; the outbox stays.
    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-sync-status]")).to_contain_text("Dieses Gerät wurde gesperrt", timeout=15000)
    wait_until(page, "async () => (await caches.keys()).every(n => !n.startsWith('outreach-data-'))")
    assert f"outreach-outbox-{jana.id}" in databases(page)
    # The worker signs in on it: the waiting note arrives once, then everything is wiped.
    page.goto(server.url + "/signin")
    page.get_by_role("button", name="Mit Passkey anmelden").tap()
    expect(page).to_have_url(server.url + "/sync/send")
    expect(page.locator("[data-wipe-done]")).to_be_visible(timeout=15000)
    with server.app.app_context():
        db = get_db()
        assert db.execute("SELECT count(*) FROM note_revision").fetchone()[0] == 1
        assert devices.get(db, device_id)["wiped_at"]
    wait_until(page, "async () => !(await indexedDB.databases()).some(d => d.name.startsWith('outreach-'))")
    assert data_caches(page) == []
    # And the device stays refused.
    page.goto(server.url + "/signin")
    page.get_by_role("button", name="Mit Passkey anmelden").tap()
    expect(page.locator("[data-passkey-status]")).to_have_class(re.compile("error-text"))
    expect(page).to_have_url(re.compile("/signin"))


def test_a_new_version_waits_asks_and_then_sends_what_waited(centre, signed_in_phone):
    server, jana, lukas, mine, other = centre()
    faults = server.app.extensions["outreach_faults"]
    page = signed_in_phone(server, jana)
    page.goto(f"{server.url}/cases/{mine['id']}/visits/new")
    caseload_ready(page)
    old_version = page.evaluate("""async () => new Promise(r => { const c = new MessageChannel();
        c.port1.onmessage = e => r(e.data); navigator.serviceWorker.controller.postMessage({type: 'VERSION'}, [c.port2]); })""")
    faults.unavailable = 1000  # the centre is unreachable for now: items wait
    page.get_by_label("Situation").fill("Geschrieben vor dem Update.")
    page.get_by_label("Datum und Uhrzeit").fill((berlin_today() - timedelta(days=1)).isoformat() + "T09:00")
    save(page)
    server.app.extensions["outreach_shell"]["version"] = "version-2-test"  # a new release
    page.reload()
    banner = page.locator("[data-update-banner]")
    expect(banner).to_be_visible(timeout=15000)
    expect(banner).to_contain_text("Eine neue Version der App ist bereit.")
    expect(page.locator(".pending-item")).to_have_count(1)
    faults.unavailable = 0
    with page.expect_navigation():  # the new version takes over and the page reloads to run it
        banner.get_by_role("button", name="Jetzt aktualisieren").tap()
    wait_until(page, """async () => new Promise(r => { const c = new MessageChannel();
        c.port1.onmessage = e => r(e.data === 'version-2-test');
        navigator.serviceWorker.controller.postMessage({type: 'VERSION'}, [c.port2]); })""")
    expect(page.locator("[data-pending-list][data-rendered]").first).to_be_attached(timeout=10000)
    expect(page.locator(".pending-item")).to_have_count(0, timeout=20000)
    with server.app.app_context():
        assert get_db().execute("SELECT count(*) FROM note_revision").fetchone()[0] == 1
    assert old_version != "version-2-test"


def test_sign_out_needs_the_server_even_with_nothing_waiting(centre, signed_in_phone):
    server, jana, lukas, mine, other = centre()
    page = signed_in_phone(server, jana)
    page.goto(server.url + "/cases")
    caseload_ready(page)
    page.context.set_offline(True)
    page.get_by_role("button", name="Abmelden").tap()
    expect(page.locator("[data-sign-out-message]")).to_contain_text("damit die Anmeldung auch auf dem Server endet")
    assert data_caches(page) != []  # nothing was deleted while the session lives on
    page.context.set_offline(False)
    page.get_by_role("button", name="Abmelden").tap()
    expect(page).to_have_url(server.url + "/signin?signed_out=1")
    assert data_caches(page) == []


def test_a_revoked_phone_with_nobody_signed_in_drops_its_case_pages(centre, signed_in_phone):
    from outreach.auth import devices

    server, jana, lukas, mine, other = centre()
    page = signed_in_phone(server, jana)
    page.goto(server.url + "/cases")
    caseload_ready(page)
    device_id = page.evaluate("""async () => new Promise(r => { const q = indexedDB.open('outreach-device');
        q.onsuccess = () => { const t = q.result.transaction('device').objectStore('device').get('id');
        t.onsuccess = () => r(t.result); }; })""")
    with server.app.app_context():
        devices.revoke(get_db(), device_id, by=jana.id)  # ends the session too
    page.goto(server.url + "/signin")  # someone picks up the phone: nobody is signed in
    wait_until(page, "async () => (await caches.keys()).every(n => !n.startsWith('outreach-data-'))")
