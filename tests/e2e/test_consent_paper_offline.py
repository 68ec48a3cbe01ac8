"""A photo of a signed paper form taken without a connection: it waits on the phone (made smaller,
metadata gone), shows as not yet sent, and arrives once when the connection returns."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import expect

from outreach.db import get_db
from tests.e2e.conftest import static_url
from tests.e2e.test_consent_offline import visit  # noqa: F401  (fixture)
from tests.e2e.test_offline_caseload import caseload_ready, reopen
from tests.web.test_consent_paper import gps_jpeg


def test_a_paper_form_photographed_offline_waits_and_arrives_without_metadata(visit, tmp_path):  # noqa: F811
    server, page, case, _housing = visit
    page.goto(f"{server.url}/cases/{case['id']}")
    caseload_ready(page)
    context = page.context
    context.set_offline(True)
    page = reopen(context, f"{server.url}/cases/{case['id']}")
    page.get_by_role("link", name="Neue Einwilligung").tap()
    expect(page.locator("[data-sync-status]")).to_contain_text("Speicher", timeout=10000)
    page.get_by_label("Wohnungsgesellschaft Senftenberg, Mieterservice").check()
    page.get_by_label("Rückmeldung zum Stand an die meldende Stelle").check()
    page.get_by_label("Stand der Beratung (Kontakt, Bearbeitung, Ergebnis)").check()
    page.get_by_label("Das Widerrufsrecht wurde gezeigt und erklärt").check()
    page.locator("summary", has_text="Stattdessen auf Papier unterschrieben").tap()
    photo = tmp_path / "formular.jpg"
    photo.write_bytes(gps_jpeg())
    page.get_by_label("Foto des unterschriebenen Formulars").set_input_files(str(photo))
    page.get_by_role("button", name="Foto hochladen").tap()
    expect(page.locator("[data-form-message]").first).to_have_text(re.compile("Auf diesem Gerät gespeichert"))
    expect(page.locator(".pending-item")).to_contain_text(["Papierformular Erika Nowak"])
    with server.app.app_context():
        assert list(get_db().query("SELECT id FROM consent_record")) == []
        stored = page.evaluate("""async (outbox) => {
          const { openOutbox, currentPerson } = await import(outbox);
          const items = await (await openOutbox(currentPerson())).all();
          return items.map((item) => item.mutation.payload.photo.slice(0, 23));
        }""", static_url(server.app, "js/outbox.js"))  # offline: the name the service worker holds
    assert stored == ["data:image/jpeg;base64,"]  # re-encoded on the phone: no EXIF travels

    context.set_offline(False)
    page.goto(f"{server.url}/cases/{case['id']}")
    expect(page.locator("[data-pending-list][data-rendered]").first).to_be_attached(timeout=10000)
    expect(page.locator("#consents .pending-item")).to_have_count(0, timeout=20000)
    with server.app.app_context():
        [row] = list(get_db().query("SELECT form, photo FROM consent_record"))
    picture = Image.open(io.BytesIO(row["photo"]))
    assert row["form"] == "paper" and not picture.getexif() and picture.size == (600, 800)
