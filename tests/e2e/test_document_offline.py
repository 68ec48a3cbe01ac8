"""A document photographed without a connection (issue 20): its pages are made smaller on the
phone, wait in the outbox as one document shown as not yet sent, and arrive once, without
metadata, when the connection returns."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from PIL import Image
from playwright.sync_api import expect

from outreach.clock import berlin_today
from outreach.db import get_db
from tests.e2e.conftest import static_url
from tests.e2e.test_consent_offline import visit  # noqa: F401  (fixture)
from tests.e2e.test_offline_caseload import caseload_ready, reopen
from tests.web.test_consent_paper import gps_jpeg


def test_a_document_photographed_offline_arrives_once_without_metadata(visit, tmp_path):  # noqa: F811
    server, page, case, _housing = visit
    page.goto(f"{server.url}/cases/{case['id']}")
    caseload_ready(page)
    context = page.context
    context.set_offline(True)
    page = reopen(context, f"{server.url}/cases/{case['id']}")
    expect(page.locator("[data-sync-status]")).to_contain_text("Speicher", timeout=10000)
    page.locator("summary", has_text="Anträge bei Behörden").tap()
    page.locator("summary", has_text="Dokument fotografieren").tap()
    claims = page.locator("#claims")
    claims.get_by_label("Art des Dokuments").select_option("termination")
    claims.get_by_label("Datum des Dokuments").fill((berlin_today() - timedelta(days=30)).isoformat())
    first, second = tmp_path / "seite1.jpg", tmp_path / "seite2.jpg"
    first.write_bytes(gps_jpeg())
    second.write_bytes(gps_jpeg())
    claims.get_by_label("Seiten (Fotos, mehrere ergeben ein Dokument)").set_input_files([str(first), str(second)])
    claims.get_by_role("button", name="Dokument speichern").tap()
    expect(claims.locator("[data-form-message]").last).to_have_text(re.compile("Auf diesem Gerät gespeichert"))
    expect(page.locator(".pending-item")).to_contain_text(["Dokument: Kündigung"])
    stored = page.evaluate("""async (outbox) => {
      const { openOutbox, currentPerson } = await import(outbox);
      const items = await (await openOutbox(currentPerson())).all();
      return items.map((item) => item.mutation.payload.pages.map((p) => p.slice(0, 23)));
    }""", static_url(server.app, "js/outbox.js"))
    assert stored == [["data:image/jpeg;base64,", "data:image/jpeg;base64,"]]  # drawn anew on the phone
    with server.app.app_context():
        assert list(get_db().query("SELECT id FROM case_document")) == []

    context.set_offline(False)
    page.goto(f"{server.url}/cases/{case['id']}")
    expect(page.locator("[data-pending-list][data-rendered]").first).to_be_attached(timeout=10000)
    expect(page.locator(".pending-item")).to_have_count(0, timeout=20000)
    with server.app.app_context():
        [document] = list(get_db().query("SELECT * FROM case_document"))
        pages = list(get_db().query("SELECT picture FROM case_document_page ORDER BY position"))
    assert document["kind"] == "termination" and document["pages"] == 2 and len(pages) == 2
    for row in pages:
        picture = Image.open(io.BytesIO(row["picture"]))
        assert not picture.getexif() and picture.size == (600, 800)  # upright, as the phone meant it
