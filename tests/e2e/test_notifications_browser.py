"""Notification settings in real Chromium on a phone (issue 22): a supervisor switches e-mail on
with a summary hour and quiet hours, the page keeps what was saved; switching push on for the
device either succeeds or says why not, and the server's record always matches what the page
says (headless Chromium usually cannot reach a push service: then nothing is stored)."""

from __future__ import annotations

from playwright.sync_api import expect

from outreach.auth.people import create_team
from outreach.db import get_db
from outreach.notify.channels import make_vapid_key
from tests.support.people import make_person


def test_settings_are_saved_on_a_phone_and_push_says_what_happened(live_app_factory, signed_in_phone, tmp_path):
    key = tmp_path / "vapid.pem"
    make_vapid_key(str(key))
    server = live_app_factory(VAPID_PRIVATE_KEY_FILE=str(key), VAPID_SUBJECT="mailto:it@caritas-beispiel.de")
    with server.app.app_context():
        team = create_team(get_db(), "Team Nord")
    supervisor = make_person(server.app, email="s@example.org", name="Andreas Richter", roles=("supervisor",),
                             team_id=team)
    page = signed_in_phone(server, supervisor)
    page.goto(f"{server.url}/account/passkeys")
    page.get_by_role("link", name="Benachrichtigungen einstellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Benachrichtigungen")
    page.get_by_label("E-Mails an mich senden").check()
    page.get_by_label("E-Mail-Adresse").fill("a.richter@example.org")
    page.get_by_label("Uhrzeit der täglichen Zusammenfassung").select_option("18")
    page.get_by_label("Von", exact=True).select_option("22")
    page.get_by_label("Bis", exact=True).select_option("6")
    page.get_by_label("Besuchsnotizen, die auf Freigabe warten").select_option("instant")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Ihre Einstellungen zu Benachrichtigungen sind gespeichert.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value("a.richter@example.org")
    expect(page.get_by_label("Uhrzeit der täglichen Zusammenfassung")).to_have_value("18")
    expect(page.get_by_label("Besuchsnotizen, die auf Freigabe warten")).to_have_value("instant")

    page.context.grant_permissions(["notifications"], origin=server.url)
    status = page.locator("[data-push-status]")
    expect(status).to_have_text("Push-Nachrichten sind für dieses Gerät aus.")
    page.get_by_role("button", name="Für dieses Gerät einschalten").click()
    expect(status).not_to_have_text("Push-Nachrichten sind für dieses Gerät aus.", timeout=20_000)
    shown = status.text_content()
    with server.app.app_context():
        stored = get_db().execute("SELECT count(*) FROM push_subscription").fetchone()[0]
    if shown == "Push-Nachrichten sind für dieses Gerät an.":
        assert stored == 1
    else:
        assert shown == "Das hat nicht geklappt. Bitte versuchen Sie es mit Verbindung noch einmal." and stored == 0
