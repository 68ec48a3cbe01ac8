"""The phone's vault in use (issue 25), in real Chromium on a phone-sized screen with a CDP virtual
authenticator: the passkey's PRF opens the offline data; idle, the app locks itself and the
service worker answers stored pages with the lock screen; the fingerprint opens them again, a
note written offline arrives once. A passkey re-made without its PRF secret, or one without PRF,
leaves it locked. Without PRF the device PIN does it (five wrong ones wipe it, the next sign-in
asks for a new one). After a walk, no name, street, note or signature is readable in IndexedDB or
Cache Storage. A store written before the vault is sealed in place and its items still arrive."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from outreach.db import get_db
from tests.e2e.conftest import VIRTUAL_AUTHENTICATOR, static_url, wait_until
from tests.e2e.test_consent_offline import draw_signature, visit  # noqa: F401  (visit is a fixture)
from tests.e2e.test_offline_caseload import caseload_ready, centre  # noqa: F401  (centre is a fixture)
from tests.e2e.test_visit_notes_offline import notes_on_server, wait_for_control, write_note
from tests.support.people import make_invitation

NAMES = ("Erika Nowak", "Am Neumarkt 3", "Otto Fremd")


def register(browser, browser_context_args, server, person, *, prf=True):
    """A phone on which `person` registers a passkey from an invitation; returns (context, page, cdp, id)."""
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator",
                             {"options": {**VIRTUAL_AUTHENTICATOR, "hasPrf": prf}})["authenticatorId"]
    page.goto(server.url + "/invite/" + make_invitation(server.app, person.id))
    page.get_by_role("button", name="Passkey einrichten").tap()
    return context, page, cdp, authenticator


def locked_by_idle(page):
    """The app locks itself: the page goes to the lock screen (the auto-lock is a few seconds here)."""
    expect(page).to_have_url(re.compile(r"/offline/locked\?next="), timeout=30000)
    expect(page.get_by_role("heading", name="Offline-Daten gesperrt")).to_be_visible()


def stored_page_while_locked(page, url):
    page.goto(url)
    expect(page.get_by_role("heading", name="Offline-Daten gesperrt")).to_be_visible()
    body = page.content()
    for name in NAMES:
        assert name not in body


def worker_has_key(page, person=None) -> bool:
    return page.evaluate("""async (person) => {
      const registration = await navigator.serviceWorker.ready;
      const meta = document.querySelector('meta[name=outreach-person]');
      return await new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => resolve(Boolean(event.data && event.data.key));
        registration.active.postMessage({ type: 'GET_KEY', person: person || (meta ? meta.content : null) }, [channel.port2]);
      });
    }""", person)


def test_passkey_unlocks_offline_after_the_idle_lock_and_a_note_arrives_once(centre, browser, browser_context_args):  # noqa: F811
    server, jana, _lukas, case, _other = centre(OFFLINE_AUTO_LOCK_SECONDS=4)
    mine = case["id"]
    context, page, _cdp, _id = register(browser, browser_context_args, server, jana)
    expect(page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(page)
    assert worker_has_key(page)
    with server.app.app_context():
        method = get_db().execute("SELECT vault_method FROM device WHERE person_id = ?", [jana.id]).fetchone()[0]
    assert method == "prf"
    case_url = f"{server.url}/cases/{mine}"
    page.goto(case_url)
    context.set_offline(True)
    locked_by_idle(page)
    assert not worker_has_key(page)  # the worker dropped it too
    stored_page_while_locked(page, case_url)
    page.get_by_role("button", name="Mit Passkey entsperren").tap()
    expect(page.get_by_text("Erika Nowak").first).to_be_visible(timeout=15000)  # the stored page, opened
    page.goto(f"{case_url}/visits/new")
    write_note(page, "Mit Frau Nowak den Ratenplan besprochen, offline.")
    context.set_offline(False)
    wait_until(page, "async () => document.querySelector('[data-sync-status]').dataset.waiting === '0'", timeout=20000)
    assert [n for n, _ in notes_on_server(server, mine)] == ["Mit Frau Nowak den Ratenplan besprochen, offline."]
    context.close()


RING_EXISTS = """async (person) => new Promise((resolve) => {
  const q = indexedDB.open('outreach-vault');
  q.onsuccess = () => { const get = q.result.transaction('rings').objectStore('rings').get(person);
    get.onsuccess = () => { q.result.close(); resolve(get.result !== undefined); }; };
})"""


def remake_authenticator(cdp, authenticator, *, prf):
    """The same passkey (id and private key) on an authenticator that has another PRF secret, or none."""
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator})
    fresh = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {**VIRTUAL_AUTHENTICATOR, "hasPrf": prf}})["authenticatorId"]
    for credential in credentials:
        cdp.send("WebAuthn.addCredential", {"authenticatorId": fresh, "credential": credential})
    return fresh


@pytest.mark.parametrize("prf", [True, False], ids=["other-prf-output", "no-prf"])
def test_a_wrong_or_missing_prf_output_stays_locked(centre, browser, browser_context_args, prf):  # noqa: F811
    server, jana, _lukas, case, _other = centre(OFFLINE_AUTO_LOCK_SECONDS=4)
    mine = case["id"]
    context, page, cdp, authenticator = register(browser, browser_context_args, server, jana)
    expect(page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(page)
    context.set_offline(True)
    locked_by_idle(page)
    remake_authenticator(cdp, authenticator, prf=prf)
    page.get_by_role("button", name="Mit Passkey entsperren").tap()
    expect(page.locator("[data-vault-message]")).to_have_class(re.compile("error-text"), timeout=15000)
    assert not worker_has_key(page)
    stored_page_while_locked(page, f"{server.url}/cases/{mine}")
    context.close()


def test_without_prf_the_device_pin_opens_five_wrong_wipe_it_and_the_next_sign_in_asks_anew(centre, browser, browser_context_args):  # noqa: F811
    server, jana, _lukas, case, _other = centre(OFFLINE_AUTO_LOCK_SECONDS=4)
    mine = case["id"]
    context, page, _cdp, _id = register(browser, browser_context_args, server, jana, prf=False)
    expect(page.get_by_label("Neue Geräte-PIN (mindestens 6 Ziffern)")).to_be_visible(timeout=15000)
    page.get_by_label("Neue Geräte-PIN (mindestens 6 Ziffern)").fill("4829")
    page.get_by_label("Dieselbe PIN noch einmal").fill("4829")
    page.get_by_role("button", name="PIN festlegen").tap()
    expect(page.locator("[data-vault-message]")).to_have_text(re.compile("mindestens 6 Ziffern"))
    page.get_by_label("Neue Geräte-PIN (mindestens 6 Ziffern)").fill("123456")
    page.get_by_label("Dieselbe PIN noch einmal").fill("123456")
    page.get_by_role("button", name="PIN festlegen").tap()
    expect(page.locator("[data-vault-message]")).to_contain_text("zu leicht zu erraten")
    page.get_by_label("Neue Geräte-PIN (mindestens 6 Ziffern)").fill("482915")
    page.get_by_label("Dieselbe PIN noch einmal").fill("482915")
    page.get_by_role("button", name="PIN festlegen").tap()
    expect(page).to_have_url(server.url + "/account/passkeys", timeout=15000)
    with server.app.app_context():
        method = get_db().execute("SELECT vault_method FROM device WHERE person_id = ?", [jana.id]).fetchone()[0]
    assert method == "pin"
    caseload_ready(page)
    context.set_offline(True)
    page.goto(f"{server.url}/cases/{mine}/visits/new")  # a note waits, sealed, through what follows
    write_note(page, "Ratenplan mit Frau Nowak vereinbart.")
    page.goto(f"{server.url}/cases/{mine}")
    locked_by_idle(page)
    pin = page.get_by_label("Geräte-PIN", exact=True)
    for left in (4, 3):
        pin.fill("000000")
        page.get_by_role("button", name="Entsperren", exact=True).tap()
        expect(page.locator("[data-vault-message]")).to_have_text(f"Falsche PIN. Noch {left} Versuche.", timeout=15000)
    pin.fill("482915")
    page.get_by_role("button", name="Entsperren", exact=True).tap()
    expect(page.get_by_text("Erika Nowak").first).to_be_visible(timeout=15000)
    locked_by_idle(page)
    for _ in range(5):
        page.get_by_label("Geräte-PIN", exact=True).fill("111111")
        page.get_by_role("button", name="Entsperren", exact=True).tap()
        page.wait_for_timeout(1500)  # PBKDF2 at 600,000 rounds
    expect(page.locator("[data-vault-message]")).to_contain_text("Fünfmal falsche PIN", timeout=15000)
    expect(page.get_by_label("Geräte-PIN", exact=True)).to_be_hidden()
    stored_page_while_locked(page, f"{server.url}/cases/{mine}")
    assert notes_on_server(server, mine) == []
    # With a connection: a passkey confirmation opens the vault (the server's recovery key); what
    # waits is sent first, while the new PIN is still to be chosen.
    context.set_offline(False)
    page.get_by_role("button", name="Mit Passkey bestätigen").tap()
    expect(page.locator("[data-vault-message]")).to_contain_text("was wartet, wird jetzt gesendet", timeout=15000)
    for _ in range(40):
        if notes_on_server(server, mine):
            break
        page.wait_for_timeout(500)
    assert [note for note, _ in notes_on_server(server, mine)] == ["Ratenplan mit Frau Nowak vereinbart."]
    expect(page.get_by_label("Neue Geräte-PIN (mindestens 6 Ziffern)")).to_be_visible()
    # Gone on without choosing one: the next page asks again (offline it could not be opened).
    page.goto(f"{server.url}/cases/{mine}")
    expect(page.locator("[data-vault-message]")).to_contain_text("fehlt eine Geräte-PIN", timeout=15000)
    page.get_by_role("button", name="Mit Passkey bestätigen").tap()
    page.get_by_label("Neue Geräte-PIN (mindestens 6 Ziffern)").fill("731904")
    page.get_by_label("Dieselbe PIN noch einmal").fill("731904")
    page.get_by_role("button", name="PIN festlegen").tap()
    expect(page.get_by_label("Neue Geräte-PIN (mindestens 6 Ziffern)")).to_be_hidden(timeout=15000)
    expect(page).to_have_url(f"{server.url}/cases/{mine}")
    expect(page.get_by_text("Erika Nowak").first).to_be_visible()
    # The new PIN opens it offline again.
    context.set_offline(True)
    locked_by_idle(page)
    page.get_by_label("Geräte-PIN", exact=True).fill("731904")
    page.get_by_role("button", name="Entsperren", exact=True).tap()
    expect(page.get_by_text("Erika Nowak").first).to_be_visible(timeout=15000)
    assert len(notes_on_server(server, mine)) == 1  # sent once
    context.close()


AT_REST_SCAN = """
async (needles) => {
  const found = [];
  const text = (bytes) => new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const gunzip = async (bytes) => {
    try { return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()); }
    catch (e) { return null; }
  };
  const look = async (where, value) => {
    const chunks = [];
    const walk = async (v) => {
      if (v === null || v === undefined) return;
      if (typeof v === 'string') chunks.push(v);
      else if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
        const bytes = new Uint8Array(v.buffer || v, v.byteOffset || 0, v.byteLength);
        chunks.push(text(bytes));
        const unzipped = await gunzip(bytes);
        if (unzipped) chunks.push(text(unzipped));
      } else if (v instanceof Blob) await walk(new Uint8Array(await v.arrayBuffer()));
      else if (typeof v === 'object') for (const key of Object.keys(v)) { chunks.push(key); await walk(v[key]); }
      else chunks.push(String(v));
    };
    await walk(value);
    const all = chunks.join('\\u0000');
    for (const needle of needles) if (all.includes(needle)) found.push(`${where}: ${needle}`);
  };
  let records = 0, entries = 0;
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => { const q = indexedDB.open(info.name); q.onsuccess = () => resolve(q.result); q.onerror = reject; });
    for (const store of db.objectStoreNames) {
      const rows = await new Promise((resolve) => { const q = db.transaction(store).objectStore(store).getAll(); q.onsuccess = () => resolve(q.result); });
      for (const row of rows) { records += 1; await look(`indexedDB ${info.name}/${store}`, row); }
    }
    db.close();
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      entries += 1;
      const response = await cache.match(request);
      await look(`cache ${name} ${new URL(request.url).pathname}`, new Uint8Array(await response.arrayBuffer()));
    }
  }
  return { found, records, entries };
}
"""


def test_after_a_walk_nothing_personal_is_readable_at_rest(visit):  # noqa: F811
    server, page, case, _housing = visit
    person = page.evaluate("() => document.querySelector('meta[name=outreach-person]').content")
    case_url = f"{server.url}/cases/{case['id']}"
    page.goto(case_url)
    caseload_ready(page)
    context = page.context
    context.set_offline(True)
    page.goto(f"{case_url}/visits/new")
    secret_note = "Frau Nowak schildert Mietrückstand 1.840 Euro, Kündigung droht."
    write_note(page, secret_note)
    # A consent signed with a finger offline: its text, strokes and picture wait in the outbox.
    page.goto(f"{case_url}/consents/new")
    page.get_by_label("Wohnungsgesellschaft Senftenberg, Mieterservice").check()
    page.get_by_label("Rückmeldung zum Stand an die meldende Stelle").check()
    page.get_by_label("Stand der Beratung (Kontakt, Bearbeitung, Ergebnis)").check()
    page.get_by_label("Das Widerrufsrecht wurde gezeigt und erklärt").check()
    page.get_by_label("Dolmetscher/in (Name, falls jemand übersetzt hat)").fill("Ayşe Yıldız")
    draw_signature(page)
    page.get_by_role("button", name="Einwilligung speichern").tap()
    expect(page.locator("[data-form-message]")).to_have_text(re.compile("Auf diesem Gerät gespeichert"))
    needles = [*NAMES, secret_note, "Mietrückstand", "Ayşe Yıldız", "Unterschrieben von", "data:image/png", "Senftenberg"]
    scan = page.evaluate(AT_REST_SCAN, needles)
    assert scan["records"] >= 3 and scan["entries"] >= 5, scan
    assert scan["found"] == [], scan["found"]
    # …and yet everything is there for the person: both leave once the line is back.
    context.set_offline(False)
    wait_until(page, "async () => document.querySelector('[data-sync-status]').dataset.waiting === '0'", timeout=20000)
    assert [n for n, _ in notes_on_server(server, case["id"])] == [secret_note]
    with server.app.app_context():
        assert get_db().execute("SELECT count(*) FROM consent_record WHERE case_id = ?", [case["id"]]).fetchone()[0] == 1
    # Sign-out drops the key everywhere and deletes the person's keyring.
    page.get_by_role("button", name="Abmelden").tap()
    expect(page).to_have_url(re.compile(r"/signin\?signed_out=1"), timeout=15000)
    assert not worker_has_key(page, person)
    assert page.evaluate(RING_EXISTS, person) is False


PLAIN_STORE = """
async ([person, items]) => {
  // As today's version before the vault wrote them: the whole item readable in IndexedDB.
  await new Promise((resolve, reject) => {
    const q = indexedDB.open(`outreach-outbox-${person}`, 1);
    q.onupgradeneeded = () => { const s = q.result.createObjectStore('items', { keyPath: 'id' }); s.createIndex('by_case', 'case_id'); };
    q.onsuccess = () => { const tx = q.result.transaction('items', 'readwrite');
      for (const item of items) tx.objectStore('items').put(item);
      tx.oncomplete = () => { q.result.close(); resolve(); }; };
    q.onerror = reject;
  });
  await new Promise((resolve) => { const q = indexedDB.deleteDatabase('outreach-vault'); q.onsuccess = q.onerror = q.onblocked = resolve; });
}
"""


def plain_item(jana, mine, number, situation, state="waiting"):
    mutation_id = f"plain-item-{number:04d}-abcdefgh"
    return {
        "id": mutation_id, "state": state, "saved_at": 1764000000000 + number, "case_id": mine,
        "title": "Besuchsnotiz", "excerpt": situation,
        "mutation": {"id": mutation_id, "kind": "visit_note.save", "entity_id": f"plain-note-{number:04d}-abcdefg",
                     "base_revision": None, "schema_version": 1, "author": jana.id, "device_id": "x",
                     "device_time": "2026-12-01T10:00:00Z",
                     "payload": {"case_id": mine, "visited_at": "2026-12-01T10:00", "kind": "home_visit",
                                 "situation": situation, "minutes": 30, "travel_minutes": 10, "submit": False}},
    }


def test_a_plain_store_from_before_the_vault_is_sealed_in_place_and_still_arrives(centre, browser, browser_context_args):  # noqa: F811
    server, jana, _lukas, case, _other = centre()
    mine = case["id"]
    context, page, _cdp, _id = register(browser, browser_context_args, server, jana)
    expect(page).to_have_url(server.url + "/account/passkeys")
    wait_for_control(page)
    # The phone as the update finds it: a waiting note and one marked for attention, both plain; no
    # keyring yet; the worker without a key (a restart).
    waiting = plain_item(jana, mine, 1, "Vor dem Update offline geschrieben: Nowak zahlt ab Januar.")
    attention = plain_item(jana, mine, 2, "Vor dem Update: Nowak braucht Schuldnerberatung.", state="attention")
    context.set_offline(True)  # nothing leaves before the vault is there
    page.evaluate("async (url) => (await import(url)).lock()", static_url(server.app, "js/keyring.js"))  # page and worker
    page.evaluate(PLAIN_STORE, [jana.id, [waiting, attention]])
    assert not worker_has_key(page)
    context.set_offline(False)
    page.goto(server.url + "/")
    # First unlock after the update: confirm once with the passkey (the session is older than five minutes
    # in real life; here the confirmation runs the same way).
    page.get_by_role("button", name="Mit Passkey bestätigen").tap()
    wait_until(page, "async () => document.querySelector('[data-sync-status]').dataset.waiting === '0'", timeout=20000)
    assert [n for n, _ in notes_on_server(server, mine)] == [waiting["mutation"]["payload"]["situation"]]
    page.goto(server.url + "/outbox")
    expect(page.get_by_text("Besuchsnotiz").first).to_be_visible(timeout=15000)  # the item kept, opened with the key
    scan = page.evaluate(AT_REST_SCAN, ["Schuldnerberatung", "Nowak zahlt"])
    assert scan["found"] == [], scan["found"]
    context.close()


RING = """async (person) => new Promise((resolve) => {
  const q = indexedDB.open('outreach-vault');
  q.onsuccess = () => { const get = q.result.transaction('rings').objectStore('rings').get(person);
    get.onsuccess = () => { q.result.close(); resolve(get.result.wrappings.map((w) => w.method === 'prf' ? w.credential : w.method).sort()); }; };
})"""


def test_a_second_passkey_wraps_the_same_key_and_a_removed_one_loses_its_wrapping(centre, browser, browser_context_args):  # noqa: F811
    from outreach.auth import passkeys

    server, jana, _lukas, case, _other = centre(OFFLINE_AUTO_LOCK_SECONDS=4)
    mine = case["id"]
    context, page, cdp, first = register(browser, browser_context_args, server, jana)
    expect(page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(page)
    first_id = cdp.send("WebAuthn.getCredentials", {"authenticatorId": first})["credentials"][0]["credentialId"]
    # A note waits (the centre is unreachable for now), sealed with the data key as it is now.
    faults = server.app.extensions["outreach_faults"]
    faults.unavailable = 1000
    page.goto(f"{server.url}/cases/{mine}/visits/new")
    write_note(page, "Vor dem zweiten Passkey geschrieben.")
    # A second passkey on this phone (a security key, say), from a link "for another device".
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": first})
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR})
    page.goto(server.url + "/invite/" + make_invitation(server.app, jana.id, purpose="another_device"))
    page.get_by_role("button", name="Passkey einrichten").tap()
    expect(page).to_have_url(server.url + "/account/passkeys", timeout=15000)
    with server.app.app_context():
        ids = [row["id"] for row in passkeys.credentials_of(get_db(), jana.id)]
    second_id = next(i for i in ids if i != _b64url(first_id))
    assert page.evaluate(RING, jana.id) == sorted([_b64url(first_id), second_id, "server"])
    # Offline and locked, the new passkey opens the same vault: the note written before is there.
    page.goto(f"{server.url}/cases/{mine}/visits/new")
    context.set_offline(True)
    locked_by_idle(page)
    page.get_by_role("button", name="Mit Passkey entsperren").tap()
    expect(page.locator(".pending-item")).to_contain_text(["Vor dem zweiten Passkey geschrieben."], timeout=15000)
    # The first passkey is removed on the server: the next confirmation drops its wrapping here.
    context.set_offline(False)
    with server.app.app_context():
        passkeys.remove(get_db(), _b64url(first_id))
    # (the same steps as the panel's "Mit Passkey bestätigen" and every sign-in: a passkey ceremony
    # with the server, then the vault opened with what the server says)
    page.evaluate("""async ([passkeyUrl, keyringUrl, person]) => {
        const { ceremony } = await import(passkeyUrl);
        const { afterSignIn } = await import(keyringUrl);
        const { prf, credentialId } = await ceremony('reverify', '/account/reverify/options', '/account/reverify/verify');
        await afterSignIn(person, { prf, credential: credentialId });
    }""", [static_url(server.app, "js/passkey.js"), static_url(server.app, "js/keyring.js"), jana.id])
    wait_until(page, f"async () => JSON.stringify(await ({RING})('{jana.id}')) === JSON.stringify({sorted([second_id, 'server'])!r})".replace("'", '"'), timeout=15000)
    faults.unavailable = 0  # …and the note, sealed before any of this, arrives once
    page.goto(f"{server.url}/cases/{mine}")
    wait_until(page, "async () => document.querySelector('[data-sync-status]').dataset.waiting === '0'", timeout=20000)
    assert [n for n, _ in notes_on_server(server, mine)] == ["Vor dem zweiten Passkey geschrieben."]
    context.close()


def _b64url(standard_base64: str) -> str:
    """CDP gives credential ids in standard base64; the server keeps them base64url without padding."""
    return standard_base64.replace("+", "-").replace("/", "_").rstrip("=")


PLAIN_COPY = """
async ([person, caseId, marker]) => {
  // The caseload as the worker before the vault kept it: each part gzip-compressed JSON, in plain.
  for (const name of await caches.keys()) if (name.startsWith('outreach-data-')) await caches.delete(name);
  const cache = await caches.open(`outreach-data-${person}`);
  const page = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Fall</title></head><body><main><h1>${marker}</h1></main></body></html>`;
  const gzip = async (text) => new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
  await cache.put(`/__outreach/part/${caseId}`, new Response(await gzip(JSON.stringify({ [`/cases/${caseId}`]: page })),
    { headers: { 'Content-Type': 'application/octet-stream' } }));
  await cache.put('/__outreach/meta', new Response(JSON.stringify({
    person, refreshed_at: Date.now(), last_contact: Date.now(), complete: true, lifetime_seconds: 86400, refresh_seconds: 3600,
    scope: 'own_cases', parts: { [caseId]: { version: 'before-the-vault', urls: [`/cases/${caseId}`], frames: [] } }, frames: [],
  }), { headers: { 'Content-Type': 'application/json' } }));
}
"""


def test_a_plain_copy_of_the_caseload_from_before_the_vault_is_sealed_in_place(centre, browser, browser_context_args):  # noqa: F811
    server, jana, _lukas, case, _other = centre()
    mine = case["id"]
    context, page, _cdp, _id = register(browser, browser_context_args, server, jana)
    expect(page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(page)
    marker = "Kopie von vor dem Update: Familie Altbestand"
    context.set_offline(True)  # no copy may replace it: the unlock alone must seal it
    page.evaluate("async (url) => (await import(url)).lock()", static_url(server.app, "js/keyring.js"))
    page.evaluate(PLAIN_COPY, [jana.id, mine, marker])
    assert not worker_has_key(page)
    # Never answered in plain: without the key, the lock screen.
    page.goto(f"{server.url}/cases/{mine}")
    expect(page.get_by_role("heading", name="Offline-Daten gesperrt")).to_be_visible()
    assert marker not in page.content()
    page.get_by_role("button", name="Mit Passkey entsperren").tap()
    expect(page.get_by_role("heading", name=marker)).to_be_visible(timeout=15000)  # sealed, then opened
    scan = page.evaluate(AT_REST_SCAN, [marker, "Altbestand"])
    assert scan["found"] == [], scan["found"]
    context.close()


def test_a_restarted_worker_asks_an_open_page_for_the_key(centre, browser, browser_context_args):  # noqa: F811
    server, jana, _lukas, case, _other = centre()
    case_url = f"{server.url}/cases/{case['id']}"
    context, page, cdp, _id = register(browser, browser_context_args, server, jana)
    expect(page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(page)  # this tab holds the key now
    other = context.new_page()
    other.goto(server.url + "/deadlines")
    context.set_offline(True)
    # The browser stops the idle worker (it does so after 30 s without events): its memory is gone.
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    # The next stored page in the other tab: the restarted worker gets the key from an open page.
    other.goto(case_url)
    expect(other.get_by_role("heading", level=1)).to_have_text("Erika Nowak", timeout=15000)
    context.close()


JOINED_WHILE_OPENING = """async ([keyringUrl, person]) => {
  const keyring = await import(keyringUrl);
  const key = await keyring.currentKey(person);
  keyring.lock();
  const worker = (await navigator.serviceWorker.ready).active;
  const ask = (message) => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
  // A copy starts while locked (it asks the open pages for the key); the key arrives; the page that
  // opened the vault asks for the copy while the first run still waits.
  const first = ask({ type: "REFRESH", force: true, person });
  worker.postMessage({ type: "KEY", person, key, idle_ms: 900000, active_at: Date.now() });
  const second = ask({ type: "REFRESH", force: true, person });
  return [(await first).state, (await second).state];
}"""


def test_a_copy_asked_for_as_the_vault_opens_does_not_end_with_the_locked_run_it_joins(centre, browser, browser_context_args):  # noqa: F811
    """The first visit: the copy asked for when the worker takes control ends "locked"; the one the
    unlock asks for while that run still waits must copy, not share its answer (or nothing is ever
    copied until the next page)."""
    server, jana, _lukas, _case, _other = centre()
    context, page, _cdp, _id = register(browser, browser_context_args, server, jana)
    expect(page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(page)
    first, second = page.evaluate(JOINED_WHILE_OPENING, [static_url(server.app, "js/keyring.js"), str(jana.id)])
    assert first == "locked"
    assert second == "refreshed"
    context.close()


SEAL_PROBE = """async ([keyringUrl, vaultUrl, person]) => {
  const key = await (await import(keyringUrl)).currentKey(person);
  const vault = await import(vaultUrl);
  return Array.from(vault.packSealed(await vault.seal(key, "probe", "test", "Nowak zahlt ab Januar")));
}"""
OPEN_PROBE = """async ([keyringUrl, vaultUrl, person, bytes]) => {
  const key = await (await import(keyringUrl)).currentKey(person);
  const vault = await import(vaultUrl);
  try {
    return await vault.open(key, "probe", "test", vault.unpackSealed(new Uint8Array(bytes)));
  } catch (error) {
    return "refused: " + error.code;
  }
}"""


def test_the_persons_second_phone_opens_with_the_same_data_key_and_another_persons_does_not(centre, browser, browser_context_args):  # noqa: F811
    """The first phone leaves its data key in the server's escrow (wrapped); the person's next phone
    receives it after its own passkey sign-in and opens what the first sealed; a colleague's cannot."""
    server, jana, lukas, _case, _other = centre()
    urls = [static_url(server.app, "js/keyring.js"), static_url(server.app, "js/vault.js")]
    first, first_page, _cdp, _id = register(browser, browser_context_args, server, jana)
    expect(first_page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(first_page)
    probe = first_page.evaluate(SEAL_PROBE, [*urls, str(jana.id)])
    second, second_page, _cdp2, _id2 = register(browser, browser_context_args, server, jana)
    expect(second_page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(second_page)
    assert second_page.evaluate(OPEN_PROBE, [*urls, str(jana.id), probe]) == "Nowak zahlt ab Januar"
    colleague, colleague_page, _cdp3, _id3 = register(browser, browser_context_args, server, lukas)
    expect(colleague_page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(colleague_page)
    assert colleague_page.evaluate(OPEN_PROBE, [*urls, str(lukas.id), probe]) == "refused: tampered"
    for context in (first, second, colleague):
        context.close()


def test_a_keyring_from_before_the_escrow_leaves_its_key_there_at_the_next_sign_in(centre, browser, browser_context_args):  # noqa: F811
    server, jana, _lukas, _case, _other = centre()
    urls = [static_url(server.app, "js/keyring.js"), static_url(server.app, "js/vault.js")]
    first, first_page, _cdp, _id = register(browser, browser_context_args, server, jana)
    expect(first_page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(first_page)
    probe = first_page.evaluate(SEAL_PROBE, [*urls, str(jana.id)])
    with server.app.app_context():  # as a phone set up before the escrow existed left it
        db = get_db()
        db.execute("DELETE FROM vault_escrow")
        db.conn.commit()
    # Its next sign-in (here: the keyring's step after it, the session still fresh) leaves the key.
    first_page.evaluate("async ([url, person]) => { await (await import(url)).afterSignIn(person, {}); }", [urls[0], str(jana.id)])
    with server.app.app_context():
        assert get_db().execute("SELECT count(*) FROM vault_escrow WHERE wrapping IS NOT NULL").fetchone()[0] == 1
    second, second_page, _cdp2, _id2 = register(browser, browser_context_args, server, jana)
    expect(second_page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(second_page)
    assert second_page.evaluate(OPEN_PROBE, [*urls, str(jana.id), probe]) == "Nowak zahlt ab Januar"
    first.close()
    second.close()


def test_the_phone_locks_when_every_tab_is_idle_not_while_one_is_in_use(centre, browser, browser_context_args):  # noqa: F811
    """A tab left open behind the one in use does not lock the phone (the worker knows the latest
    activity of all tabs); once none is used, both lock."""
    server, jana, _lukas, case, _other = centre(OFFLINE_AUTO_LOCK_SECONDS=15)
    context, page, _cdp, _id = register(browser, browser_context_args, server, jana)
    expect(page).to_have_url(server.url + "/account/passkeys")
    caseload_ready(page)
    behind = context.new_page()
    behind.goto(f"{server.url}/cases/{case['id']}")
    expect(behind.get_by_role("heading", level=1)).to_have_text("Erika Nowak")
    # (the lock screen would go back to the page as soon as the other tab gives the key again, so
    # every address either tab went to is kept)
    went = []
    for tab in (page, behind):
        tab.on("framenavigated", lambda frame: went.append(frame.url))
    for _ in range(25):  # the worker types in the first tab; the second waits
        page.keyboard.press("Shift")
        page.wait_for_timeout(1000)
    assert not [url for url in went if "/offline/locked" in url], went
    assert worker_has_key(page)
    locked_by_idle(behind)
    locked_by_idle(page)
    context.close()
