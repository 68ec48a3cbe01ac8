"""Consent signed offline in real Chromium on a phone: ticked, signed with a finger (touch
events on the canvas), kept as "not yet sent", then sent once online; the record verifies."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from playwright.sync_api import expect

from outreach.auth.people import create_organisation, create_team
from outreach.cases import store
from outreach.clock import berlin_today
from outreach.consent import records, versions
from outreach.db import get_db
from outreach.domain.consent import new_content
from tests.e2e.test_offline_caseload import caseload_ready, reopen
from tests.support.people import make_person


@pytest.fixture
def visit(live_app_factory, signed_in_phone):
    # Every signed-in page copies the caseload again, so a consent seeded after sign-in is held too.
    server = live_app_factory(CASELOAD_REFRESH_SECONDS=0)
    with server.app.app_context():
        db = get_db()
        team = create_team(db, "Team Nord")
        housing = create_organisation(db, "Wohnungsgesellschaft Senftenberg", "housing_company", "DSGVO")
        admin = make_person(server.app, email="a@example.org", name="Katrin Vogel", roles=("admin",))
        content = new_content(title="Einwilligung und Schweigepflichtentbindung", intro="Ich bin einverstanden, dass …",
                              language="de", easy_language=False,
                              recipients=[{"organisation_id": housing, "name": "Wohnungsgesellschaft Senftenberg",
                                           "department": "Mieterservice"}],
                              purposes=["status_feedback", "coordination"], categories=["status", "contact", "health"],
                              validity_months=12)
        version_id = versions.create_template(db, "Schweigepflichtentbindung", content, admin.id)
        versions.publish(db, version_id, admin.id)
    supervisor = make_person(server.app, email="s@example.org", name="Andreas Richter", roles=("supervisor",), team_id=team)
    worker = make_person(server.app, email="w@example.org", name="Jana Becker", roles=("worker",), team_id=team)
    with server.app.app_context():
        case = store.create_case(get_db(), stage="eviction_suit", source="court_notice", street="Am Neumarkt 3",
                                 postcode="01968", city="Senftenberg", report_received_on=berlin_today(),
                                 worker_id=worker.id, team_id=team, by=supervisor.id, today=berlin_today(),
                                 members=[{"name": "Erika Nowak", "birth_year": 1971, "relation": "Mieterin",
                                           "lease_party": True}])
    page = signed_in_phone(server, worker)
    return server, page, case, housing


def draw_signature(page):
    """A finger on the screen: touch events through Chromium's input pipeline, not a script."""
    page.wait_for_selector("[data-consent-form][data-ready]", state="attached")  # the pad is loaded on demand
    canvas = page.locator("[data-signature-pad]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()  # viewport coordinates, as the touch events use
    cdp = page.context.new_cdp_session(page)
    x0, y0 = box["x"] + 20, box["y"] + box["height"] / 2
    points = [(x0 + i * 8, y0 + (12 if i % 2 else -12)) for i in range(25)]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": points[0][0], "y": points[0][1]}]})
    for x, y in points[1:]:
        page.wait_for_timeout(25)  # a finger takes its time; signature_pad samples every 16 ms
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    # The finger lifts and moves to the button. (Observed here: a tap dispatched at once after
    # the stroke produced no click in Chromium; a person never taps that fast after signing.)
    page.wait_for_timeout(600)


def test_a_consent_signed_offline_is_kept_then_sent_and_verifies(visit):
    server, page, case, housing = visit
    page.goto(f"{server.url}/cases/{case['id']}")
    caseload_ready(page)
    context = page.context
    context.set_offline(True)
    page = reopen(context, f"{server.url}/cases/{case['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Erika Nowak")
    page.get_by_role("link", name="Neue Einwilligung").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Einwilligung und Schweigepflichtentbindung")
    # The status line fills in as the phone answers (pages held, storage): let the layout settle
    # before tapping, as a person would see the page stop moving.
    expect(page.locator("[data-sync-status]")).to_contain_text("Speicher", timeout=10000)
    assert page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.consent-large')).fontSize)") >= 19
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")

    # Incomplete: nothing is kept, and the page says what is missing.
    page.get_by_role("button", name="Einwilligung speichern").tap()
    expect(page.locator("[data-form-message]")).to_contain_text("mindestens einen Empfänger")
    page.get_by_label("Wohnungsgesellschaft Senftenberg, Mieterservice").check()
    page.get_by_label("Rückmeldung zum Stand an die meldende Stelle").check()
    page.get_by_label("Stand der Beratung (Kontakt, Bearbeitung, Ergebnis)").check()
    page.get_by_label("Angaben zur Gesundheit").check()
    page.get_by_label("Das Widerrufsrecht wurde gezeigt und erklärt").check()
    page.get_by_role("button", name="Einwilligung speichern").tap()
    expect(page.locator("[data-form-message]")).to_contain_text("Bitte unterschreiben Sie")
    # An interpreter's name with characters that trip naive string handling ($& in JS, decomposed ş).
    page.get_by_label("Dolmetscher/in (Name, falls jemand übersetzt hat)").fill("Ays\u0327e $& Yıldız")
    shown = page.locator("[data-final-text]")
    expect(shown).to_contain_text("Übersetzt von: Ayşe $& Yıldız")
    expect(shown).to_contain_text("Ausdrücklich auch für Gesundheitsdaten")
    expect(shown).to_contain_text("Unterschrieben von: Erika Nowak")
    expect(shown).not_to_contain_text("Name, Anschrift")  # not ticked, not signed
    draw_signature(page)
    page.get_by_role("button", name="Einwilligung speichern").tap()
    shown_text = page.evaluate("() => document.querySelector('[data-final-text]').textContent")
    expect(page.locator("[data-form-message]")).to_have_text(re.compile("Auf diesem Gerät gespeichert"))
    expect(page.locator(".pending-item")).to_contain_text(["Einwilligung Erika Nowak"])
    expect(page.locator(".pending-item").first).to_contain_text("Noch nicht gesendet")

    # Still offline: the cached case page shows it in its consent section, not yet sent.
    page.goto(f"{server.url}/cases/{case['id']}")
    section = page.locator("#consents")
    expect(section.locator(".pending-item")).to_contain_text(["Noch nicht gesendet"])
    with server.app.app_context():
        assert list(get_db().query("SELECT id FROM consent_record")) == []

    # The connection returns: it arrives once, and the record verifies.
    context.set_offline(False)
    page.goto(f"{server.url}/cases/{case['id']}")
    expect(page.locator("[data-pending-list][data-rendered]").first).to_be_attached(timeout=10000)
    expect(page.locator("#consents .pending-item")).to_have_count(0, timeout=20000)
    page.reload()
    expect(page.locator('#consent-list [data-state="active"]')).to_have_count(1)
    with server.app.test_request_context():
        from outreach import evidence

        [row] = list(get_db().query("SELECT * FROM consent_record"))
        assert json.loads(row["scope"]) == {"recipients": [housing], "purposes": ["status_feedback"],
                                            "categories": ["status", "health"]}
        assert len(json.loads(row["strokes"])[0]["points"]) >= 10 and row["device_time"]
        assert hashlib.sha256(shown_text.encode()).hexdigest() == row["text_hash"]  # the text shown is the text kept
        assert records.check_all(get_db(), evidence.keys_by_id()) == [{"id": row["id"], "case_id": case["id"], "problems": []}]


def signed_on_server(server, case, housing, worker) -> str:
    """A consent already at the centre, applied by the same sync handler the phone's outbox reaches."""
    from outreach.auth.people import get_person
    from outreach.consent.sync_kinds import apply_sign
    from outreach.db import write
    from outreach.domain.sync import Mutation
    from tests.support.consent import STROKES, signature_data_url

    with server.app.test_request_context():
        db = get_db()
        version = db.execute("SELECT id, content_hash FROM consent_version").fetchone()
        member = db.execute("SELECT id FROM household_member WHERE case_id = ?", [case["id"]]).fetchone()[0]
        payload = {"case_id": case["id"], "member_id": member, "template_version_id": version[0],
                   "version_hash": version[1], "interpreter": "", "withdrawal_notice_shown": True, "app_version": "",
                   "scope": {"recipients": [housing], "purposes": ["status_feedback"], "categories": ["status"]},
                   "signature": signature_data_url(), "strokes": STROKES}
        from outreach.domain import consent as rules

        content = json.loads(db.execute("SELECT content FROM consent_version").fetchone()[0])
        payload["text_hash"] = rules.text_hash(rules.render_text(content, payload["scope"], signer_name="Erika Nowak",
                                                                 interpreter=""))
        with write(db):
            result = apply_sign(db, get_person(db, worker.id), Mutation(
                "seed-mutation-0001", "consent.sign", "seed-consent-0001", None, 1, payload, worker.id, "", ""),
                today=berlin_today())
    assert result["status"] == "applied", result
    return result["consent"]


def test_a_withdrawal_recorded_offline_waits_then_takes_effect_on_receipt(visit):
    server, page, case, housing = visit
    with server.app.app_context():
        worker_id = get_db().execute("SELECT assigned_worker_id FROM household_case").fetchone()[0]
    consent_id = signed_on_server(server, case, housing, type("W", (), {"id": worker_id}))
    page.goto(f"{server.url}/cases/{case['id']}")
    caseload_ready(page)
    context = page.context
    context.set_offline(True)
    page = reopen(context, f"{server.url}/cases/{case['id']}")
    page.locator(f'#consent-list [data-consent-id="{consent_id}"] a').tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Einwilligung von Erika Nowak")
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")  # long hashes wrap on a phone
    expect(page.locator("[data-sync-status]")).to_contain_text("Speicher", timeout=10000)
    page.get_by_label("Wie", exact=True).select_option("phone")
    page.get_by_role("button", name="Widerruf eintragen").tap()
    expect(page.locator("[data-withdraw-form] [data-form-message]")).to_have_text(re.compile("Auf diesem Gerät gespeichert"))
    expect(page.locator(".pending-item")).to_contain_text(["Widerruf Erika Nowak"])
    expect(page.locator(".pending-item").first).to_contain_text("Noch nicht gesendet")
    with server.app.app_context():  # pending while offline: the server still holds the consent as active
        assert get_db().execute("SELECT count(*) FROM consent_withdrawal").fetchone()[0] == 0

    context.set_offline(False)
    page.goto(f"{server.url}/cases/{case['id']}")
    expect(page.locator("[data-pending-list][data-rendered]").first).to_be_attached(timeout=10000)
    expect(page.locator("#consents .pending-item")).to_have_count(0, timeout=20000)
    page.reload()
    expect(page.locator(f'#consent-list [data-consent-id="{consent_id}"]')).to_have_attribute("data-state", "withdrawn")
    with server.app.app_context():
        row = get_db().execute("SELECT channel, received_by, withdrawn_on FROM consent_withdrawal").fetchone()
    assert tuple(row) == ("phone", worker_id, berlin_today().isoformat())
