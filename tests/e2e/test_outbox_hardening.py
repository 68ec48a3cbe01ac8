"""One bad item never blocks a phone's outbox, a hung send never blocks the next, and a new
note started twice on the cached form is two notes (real Chromium at a phone size)."""

from __future__ import annotations

from playwright.sync_api import expect

from outreach.db import get_db
from tests.e2e.conftest import wait_until
from tests.e2e.test_visit_notes_offline import (  # noqa: F401  (field is a fixture)
    expect_all_sent,
    field,
    notes_on_server,
    open_form,
    write_note,
    yesterday_at,
)


def test_a_hung_send_says_it_waits_for_a_connection_then_sends(field):  # noqa: F811
    faults = field.server.app.extensions["outreach_faults"]
    field.server.app.config["SYNC_TIMEOUT_SECONDS"] = 2
    open_form(field)  # the form page carries the short timeout
    faults.hang = 1
    write_note(field.page, "Zwischen zwei Funkzellen geschrieben.", yesterday_at())
    status = field.page.locator("[data-sync-status]")
    expect(status).to_contain_text("Warte auf Verbindung", timeout=10000)
    assert faults.fired == ["hang"]  # the server really accepted it and never answered
    expect_all_sent(field.page)  # the retry went through
    faults.release.set()
    assert notes_on_server(field.server, field.case["id"]) == [("Zwischen zwei Funkzellen geschrieben.", "current")]
    expect(status).not_to_contain_text("Wird gesendet")


def test_one_item_that_breaks_its_batch_waits_while_the_others_are_sent(field):  # noqa: F811
    faults = field.server.app.extensions["outreach_faults"]
    open_form(field)
    field.page.context.set_offline(True)
    write_note(field.page, "Erste Notiz.", yesterday_at("09:00"))
    write_note(field.page, "GIFTIG: diese bricht jeden Stapel.", yesterday_at("10:00"))
    write_note(field.page, "Dritte Notiz.", yesterday_at("11:00"))
    faults.fail_item = "GIFTIG"
    field.page.context.set_offline(False)
    field.page.evaluate("() => window.dispatchEvent(new Event('online'))")
    item = field.page.locator(".pending-item")
    expect(item).to_have_count(1, timeout=30000)
    expect(item).to_contain_text("Braucht Ihre Aufmerksamkeit")
    expect(item).to_contain_text("die anderen wurden gesendet")
    assert "fail_item" in faults.fired
    assert sorted(s for s, _state in notes_on_server(field.server, field.case["id"])) == ["Dritte Notiz.",
                                                                                          "Erste Notiz."]
    # The server is mended: "Send again" delivers it, exactly once.
    faults.fail_item = ""
    item.get_by_role("button", name="Erneut senden").tap()
    expect_all_sent(field.page)
    assert len(notes_on_server(field.server, field.case["id"])) == 3


def test_the_cached_form_opened_twice_offline_starts_two_notes(field):  # noqa: F811
    open_form(field)  # online once: the caseload, this form included, is copied to the phone
    expect(field.page.locator("[data-sync-status]")).to_contain_text("Seiten offline verfügbar (Ihre Fälle)", timeout=20000)
    field.page.context.set_offline(True)
    open_form(field)
    first_id = field.page.locator("#visit-form").get_attribute("data-note-id")
    write_note(field.page, "Hausbesuch am Vormittag.", yesterday_at("10:00"))
    open_form(field)  # the next day, the same cached page again
    second_id = field.page.locator("#visit-form").get_attribute("data-note-id")
    assert first_id and second_id and first_id != second_id
    write_note(field.page, "Telefonat am nächsten Tag.", yesterday_at("15:00"))
    field.page.context.set_offline(False)
    field.page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect_all_sent(field.page)
    assert sorted(notes_on_server(field.server, field.case["id"])) == [
        ("Hausbesuch am Vormittag.", "current"), ("Telefonat am nächsten Tag.", "current")]
    with field.server.app.app_context():
        assert get_db().execute("SELECT count(*) FROM visit_note").fetchone()[0] == 2


def copies(server) -> int:
    with server.app.app_context():
        return get_db().execute("SELECT count(*) FROM audit_log WHERE action = 'caseload.copied'").fetchone()[0]


def test_pages_opened_during_a_slow_first_copy_join_it_instead_of_starting_more(field):  # noqa: F811
    page, server = field.page, field.server
    faults = server.app.extensions["outreach_faults"]
    expect(page.locator("[data-sync-status]")).to_contain_text("Seiten offline verfügbar", timeout=20000)
    # A phone whose copy is gone (as on the first sign-in), on a slow line: each case page takes 1.5 s.
    page.evaluate("() => navigator.serviceWorker.controller.postMessage({ type: 'FORGET' })")
    wait_until(page, "async () => (await caches.keys()).every((name) => !name.startsWith('outreach-data-'))")
    faults.slow_case_pages = 1.5
    before = copies(server)
    for path in ("/", "/deadlines", "/cases", "/"):  # a worker tapping around while the copy runs
        page.goto(server.url + path)
    expect(page.locator("[data-sync-status]")).to_contain_text("Seiten offline verfügbar", timeout=30000)
    faults.slow_case_pages = 0
    # One copy for all those pages (a copy still running from the sign-in may have been the one
    # they joined); without the guard every page started its own: 4 here.
    assert copies(server) - before <= 1
